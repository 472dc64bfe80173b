import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAN } from '../helpers/docs.ts';
import {
	ADMIN,
	basic,
	bearer,
	call,
	login,
	startTestServer,
	type TestServer
} from '../helpers/server.ts';

const BOOT = '\n\t\t\tconsole.log("bootstrap");\n\t\t';
const site = mkdtempSync(join(tmpdir(), 'tramso-build-'));
let server: TestServer;
let proxied: TestServer;
let token: string;

beforeAll(async () => {
	mkdirSync(join(site, '_app/immutable'), { recursive: true });
	writeFileSync(
		join(site, 'index.html'),
		`<!doctype html><title>Trạm Số</title><div id="app"></div><script src="/_app/x.js"></script><script>${BOOT}</script>`
	);
	server = await startTestServer({ staticDir: site });
	proxied = await startTestServer({ staticDir: site, env: { TRUST_PROXY: 'loopback' } });
	token = (await login(server.url, LAN.username)).token;
});
afterAll(async () => {
	await server.stop();
	await proxied.stop();
	rmSync(site, { recursive: true, force: true });
});

const directives = (csp: string | null) =>
	new Map((csp ?? '').split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('security headers', () => {
	it('a strict CSP that allows exactly the inline bootstrap of the build', async () => {
		const hash = createHash('sha256').update(BOOT).digest('base64');
		for (const path of ['/', '/residents/visit/new', '/api/health']) {
			const res = await fetch(server.url + path);
			const csp = directives(res.headers.get('content-security-policy'));
			expect(csp.get('script-src'), path).toEqual(["'self'", `'sha256-${hash}'`]);
			expect(csp.get('default-src')).toEqual(["'self'"]);
			expect(csp.get('object-src')).toEqual(["'none'"]);
			expect(csp.get('base-uri')).toEqual(["'none'"]);
			expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
			expect(csp.get('img-src')).toEqual(["'self'", 'blob:', 'data:']);
			expect(csp.get('worker-src')).toEqual(["'self'"]);
			expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
			expect(csp.get('style-src')).toEqual(["'self'"]);
		}
	});

	it.each([
		['/', {}],
		['/api/health', {}],
		['/api/nope', {}],
		['/db/c25657_households/_changes', bearer('x'.repeat(43))],
		['/db/_all_dbs', basic(ADMIN.username, ADMIN.password)],
		['/db/scratch-x', basic(ADMIN.username, ADMIN.password)]
	])(
		'%s: framing denied, no referrer, features limited, no X-Powered-By',
		async (path, headers) => {
			const res = await fetch(server.url + path, { headers });
			expect(res.headers.get('x-frame-options')).toBe('DENY');
			expect(res.headers.get('referrer-policy')).toBe('no-referrer');
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			const policy = res.headers.get('permissions-policy') ?? '';
			expect(policy).toContain('geolocation=(self)');
			expect(policy).toContain('camera=(self)');
			expect(policy).toContain('microphone=()');
			expect(res.headers.get('x-powered-by')).toBeNull();
			expect(res.headers.get('strict-transport-security')).toBeNull();
		}
	);

	it('every /api and /db answer is no-store, errors and forwarded ones included; the app shell is not', async () => {
		const answers = [
			await fetch(`${server.url}/api/health`),
			await fetch(`${server.url}/api/session`, { method: 'POST', body: '{' }),
			await fetch(`${server.url}/api/communes/25657/audit`),
			await fetch(`${server.url}/db/c25657_households/_changes`, { headers: bearer(token) }),
			await fetch(`${server.url}/db/c25657_households/nope`, { headers: bearer(token) }),
			await fetch(`${server.url}/db/_all_dbs`, { headers: basic(ADMIN.username, ADMIN.password) }),
			await fetch(`${server.url}/db/scratch-y`, {
				method: 'PUT',
				headers: basic(ADMIN.username, ADMIN.password)
			})
		];
		for (const res of answers) expect(res.headers.get('cache-control'), res.url).toBe('no-store');
		expect((await fetch(`${server.url}/`)).headers.get('cache-control')).toBe('no-cache');
	});

	it('HSTS only over HTTPS, and X-Forwarded-Proto counts only behind a trusted proxy', async () => {
		const https = { 'x-forwarded-proto': 'https' };
		expect(
			(await fetch(`${server.url}/`, { headers: https })).headers.get('strict-transport-security')
		).toBeNull();
		const behind = await fetch(`${proxied.url}/`, { headers: https });
		expect(behind.headers.get('strict-transport-security')).toBe('max-age=31536000');
		const api = await fetch(`${proxied.url}/api/health`, { headers: https });
		expect(api.headers.get('strict-transport-security')).toBe('max-age=31536000');
		expect(
			(await fetch(`${proxied.url}/`, { headers: { 'x-forwarded-proto': 'http' } })).headers.get(
				'strict-transport-security'
			)
		).toBeNull();
	});
});

describe('a rebuild while the server runs', () => {
	it('changes the CSP to the new bootstrap script within a few seconds', async () => {
		const next = 'console.log("next build");';
		writeFileSync(
			join(site, 'index.html'),
			`<!doctype html><title>v2</title><script>${next}</script>`
		);
		const hash = createHash('sha256').update(next).digest('base64');
		await expect
			.poll(async () => (await fetch(`${server.url}/`)).headers.get('content-security-policy'), {
				timeout: 10_000
			})
			.toContain(`script-src 'self' 'sha256-${hash}';`);
	});
});

describe('error bodies name no stack frame and no server path', () => {
	const admin = basic(ADMIN.username, ADMIN.password);
	const requests: [string, string, Record<string, string>, string?][] = [
		['GET', '/db/c25657_households/_changes?since=%00&limit=x', {}],
		['POST', '/db/c25657_households/_bulk_docs', {}, '{"docs":[{"_id":"a","_rev":"zz"}]}'],
		['POST', '/db/c25657_households/_bulk_get', {}, '{"docs":[5]}'],
		['GET', '/db/c25657_households/hh?open_revs=[', {}],
		['GET', '/db/scratch-z/doc', admin],
		['POST', '/db/scratch-z/_bulk_get', admin, '{"docs":[5]}'],
		['POST', '/db/scratch-z/_bulk_docs', admin, '{"docs":[{"_id":"a","_rev":"zz"}]}'],
		['PUT', '/db/scratch-z/d', admin, '{"_rev":5}'],
		['GET', '/db/scratch-z/_all_docs?keys=abc', admin],
		['GET', '/api/communes/%ZZ/audit', {}],
		['POST', '/api/session', {}, '{"username":{"a":1}}'],
		['POST', '/api/admin/users', admin, '{"username":"../../etc"}'],
		['GET', '/_app/%E0%A4%A.js', {}]
	];
	it.each(requests)('%s %s', async (method, path, headers, body) => {
		if (headers === admin) await fetch(`${server.url}/db/scratch-z`, { method: 'PUT', headers });
		const res = await call(server.url, path, {
			method,
			headers: { authorization: `Bearer ${token}`, ...headers },
			body: body === undefined ? undefined : JSON.parse(body)
		});
		const text = JSON.stringify(res.body);
		expect(text).toMatch(/"(error|reason)"/);
		expect(text).not.toMatch(
			/\bat \S+ \(|node:internal|node_modules|\.[cm]?[jt]s:\d+|\/tmp\/|\/work\//
		);
		expect(text).not.toContain(server.dataDir);
	});
});
