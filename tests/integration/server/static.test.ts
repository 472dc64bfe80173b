import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let bare: TestServer;
const site = mkdtempSync(join(tmpdir(), 'tramso-build-'));

beforeAll(async () => {
	mkdirSync(join(site, '_app/immutable/chunks'), { recursive: true });
	writeFileSync(
		join(site, 'index.html'),
		'<!doctype html><title>Trạm Số</title><div id="app"></div>'
	);
	writeFileSync(join(site, 'sw.js'), 'self.addEventListener("fetch", () => {});');
	writeFileSync(join(site, 'manifest.webmanifest'), '{"name":"Trạm Số"}');
	writeFileSync(
		join(site, '_app/immutable/chunks/app.js'),
		'console.log("Trạm Số");\n'.repeat(500)
	);
	server = await startTestServer({ staticDir: site, demo: false });
	bare = await startTestServer({ demo: false });
});
afterAll(async () => {
	await server.stop();
	await bare.stop();
	rmSync(site, { recursive: true, force: true });
});

function head(
	url: string,
	encoding: string
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
	return new Promise((resolve, reject) => {
		get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
			res.resume();
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
		}).on('error', reject);
	});
}

describe('serving the built app', () => {
	it('caches immutable assets for a year and compresses them (br and gzip)', async () => {
		const br = await head(`${server.url}/_app/immutable/chunks/app.js`, 'br');
		expect(br.status).toBe(200);
		expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
		expect(br.headers['content-encoding']).toBe('br');
		const gz = await head(`${server.url}/_app/immutable/chunks/app.js`, 'gzip');
		expect(gz.headers['content-encoding']).toBe('gzip');
	});

	it.each(['/sw.js', '/manifest.webmanifest', '/', '/index.html'])(
		'%s is served with no-cache',
		async (path) => {
			const res = await head(server.url + path, 'identity');
			expect(res.status).toBe(200);
			expect(res.headers['cache-control']).toBe('no-cache');
		}
	);

	it('falls back to index.html for client-side routes but not for API or missing assets', async () => {
		const route = await call(server.url, '/households/hh-ap-ben-cho-1');
		expect(route.status).toBe(200);
		expect(route.body).toContain('<div id="app">');
		expect((await call(server.url, '/api/nope')).status).toBe(404);
		expect((await call(server.url, '/_app/immutable/missing.js')).status).toBe(404);
	});

	it.each([
		'/_app/version.json',
		'/_app/immutable/entry/start.Missing1.js',
		'/_app/immutable/assets/0.Missing.css',
		'/_app/',
		'/registerSW.js',
		'/workbox-00000000.js',
		'/missing.css',
		'/site.webmanifest',
		'/icons/missing.png',
		'/favicon.ico',
		'/residents/fonts/x.woff2'
	])('a missing asset %s is a 404, not the app shell', async (path) => {
		for (const method of ['GET', 'HEAD']) {
			const res = await fetch(server.url + path, { method });
			expect(res.status, `${method} ${path}`).toBe(404);
			expect(res.headers.get('content-type')).not.toMatch(/html/);
		}
		expect((await fetch(bare.url + path)).status, `placeholder ${path}`).toBe(404);
	});

	it.each(['/residents', '/residents/visit/hh-ap-ben-cho-1/details/r.1', '/review/r-2', '/login/'])(
		'the navigation route %s gets the app shell',
		async (path) => {
			const res = await fetch(server.url + path);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toMatch(/^text\/html/);
			expect(await res.text()).toContain('<div id="app">');
		}
	);

	it('serves a placeholder asking for a build when STATIC_DIR is missing', async () => {
		const res = await call(bare.url, '/anything');
		expect(res.status).toBe(200);
		expect(res.body).toContain('npm run build');
		expect((await call(bare.url, '/api/health')).body.ok).toBe(true);
	});

	it('DEMO=0 starts with an empty directory', async () => {
		const res = await call(bare.url, '/api/session', {
			body: { username: 'admin', password: 'tramso-admin' }
		});
		expect(res.status).toBe(401);
	});
});
