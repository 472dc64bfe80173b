import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** Bundles map.harness.ts (and Leaflet's CSS beside it) into a directory served under one path. */
export async function buildMapHarness(): Promise<string> {
	const dir = mkdtempSync(join(tmpdir(), 'tramso-map-harness-'));
	await build({
		entryPoints: [join(ROOT, 'tests/e2e/map/map.harness.ts')],
		bundle: true,
		format: 'esm',
		platform: 'browser',
		target: 'es2022',
		minify: true,
		outfile: join(dir, 'harness.js'),
		tsconfig: join(ROOT, 'tsconfig.json'),
		loader: { '.png': 'dataurl', '.svg': 'dataurl' },
		logLevel: 'error'
	});
	writeFileSync(
		join(dir, 'index.html'),
		'<!doctype html><html lang="vi"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>harness</title><script type="module" src="harness.js"></script></html>'
	);
	return dir;
}
