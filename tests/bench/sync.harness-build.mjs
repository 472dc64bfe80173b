// Bundles a harness page (default tests/bench/sync.harness.ts: the app's db + sync code, PouchDB
// for reference) into a static directory that the sync server or a routed page can serve.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * Returns the directory holding index.html and harness.js; `workers` maps more
 * output names (e.g. `photo-worker.js`) to entries bundled beside it.
 */
/**
 * @param {string} [entry]
 * @param {Record<string, string>} [workers]
 */
export async function buildHarness(entry = 'tests/bench/sync.harness.ts', workers = {}) {
	const dir = mkdtempSync(join(tmpdir(), 'tramso-harness-'));
	const entryPoints = [{ in: join(ROOT, entry), out: 'harness' }];
	for (const [name, path] of Object.entries(workers)) {
		entryPoints.push({ in: join(ROOT, path), out: name.replace(/\.js$/, '') });
	}
	await build({
		entryPoints,
		bundle: true,
		format: 'esm',
		platform: 'browser',
		target: 'es2022',
		minify: process.env.HARNESS_MINIFY !== '0',
		outdir: dir,
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

/**
 * Serves a built harness directory to `page` on its own origin, so storage APIs work without a server.
 * @param {import('@playwright/test').Page} page
 * @param {string} origin
 * @param {string} dir
 */
export async function routeHarness(page, origin, dir) {
	await page.route(`${origin}/**`, (route) => {
		const path = new URL(route.request().url()).pathname;
		const file = path === '/' ? 'index.html' : path.slice(1);
		return route.fulfill({
			body: readFileSync(join(dir, file)),
			contentType: file.endsWith('.js') ? 'text/javascript' : 'text/html'
		});
	});
}
