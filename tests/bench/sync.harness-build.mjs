// Bundles a harness page (default tests/bench/sync.harness.ts: the app's db + sync code, PouchDB
// for reference) into a static directory that the sync server or a routed page can serve.
import { build } from 'esbuild';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Returns the directory holding index.html and harness.js. */
export async function buildHarness(entry = 'tests/bench/sync.harness.ts') {
	const dir = mkdtempSync(join(tmpdir(), 'tramso-harness-'));
	await build({
		entryPoints: [join(ROOT, entry)],
		bundle: true,
		format: 'esm',
		platform: 'browser',
		target: 'es2022',
		minify: process.env.HARNESS_MINIFY !== '0',
		outfile: join(dir, 'harness.js'),
		tsconfig: join(ROOT, 'tsconfig.json'),
		// PouchDB's browser build imports Node's events module, which is not installed.
		alias: { events: join(ROOT, 'tests/bench/sync.events-shim.ts') },
		// Measure the production configuration: no RxDB dev-mode.
		define: {
			'import.meta.env.DEV': 'false',
			'import.meta.env.MODE': '"production"',
			global: 'globalThis'
		},
		logLevel: 'error'
	});
	writeFileSync(
		join(dir, 'index.html'),
		'<!doctype html><html lang="vi"><meta charset="utf-8"><title>harness</title><script type="module" src="/harness.js"></script></html>'
	);
	return dir;
}
