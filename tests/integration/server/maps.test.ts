import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoundary } from '../../../sync-server/src/maps/boundaries.ts';
import { buildPack } from '../../../sync-server/src/maps/generate.ts';
import {
	ADMIN,
	basic,
	bearer,
	login,
	startTestServer,
	type TestServer
} from '../helpers/server.ts';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const tmp = mkdtempSync(join(tmpdir(), 'tramso-maps-'));
const pack = buildPack(loadBoundary('25657')!, { seed: 3 }).archive;
const etag = `"${createHash('sha256').update(new Uint8Array(pack)).digest('hex')}"`;
let server: TestServer;
let official: Record<string, string>;
let volunteer25666: Record<string, string>;
let admin: Record<string, string>;

async function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
	const res = await fetch(server.url + path, { method, headers });
	return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
	server = await startTestServer();
	official = bearer((await login(server.url, 'cb.tranvanhai')).token);
	volunteer25666 = bearer((await login(server.url, 'phamminhtuan')).token);
	admin = bearer((await login(server.url, ADMIN.username, ADMIN.password)).token);
});
afterAll(async () => {
	await server?.stop();
	rmSync(tmp, { recursive: true, force: true });
});

describe('map packs over HTTP', () => {
	it('has no pack until an admin uploads one, and only admins may', async () => {
		expect((await get('/api/maps/25657', official)).status).toBe(404);
		const put = (headers: Record<string, string>, body: ArrayLike<number>, code = '25657') =>
			fetch(`${server.url}/api/maps/${code}`, {
				method: 'PUT',
				headers,
				body: new Uint8Array(body)
			});
		expect((await put(official, pack)).status).toBe(403);
		expect((await put({}, pack)).status).toBe(401);
		const notPack = await put(
			admin,
			new TextEncoder().encode('{"type":"FeatureCollection"}'.padEnd(200))
		);
		expect(notPack.status).toBe(400);
		expect((await notPack.json()).reason).toMatch(/not a PMTiles archive/);
		const truncated = await put(admin, pack.subarray(0, pack.length - 100));
		expect((await truncated.json()).reason).toMatch(/runs past the end/);
		expect((await put(admin, pack, '99999')).status).toBe(404);
		const ok = await put(admin, pack);
		expect(ok.status).toBe(201);
		expect(await ok.json()).toMatchObject({
			commune: '25657',
			bytes: pack.length,
			source: 'import'
		});
	});

	it('serves the whole archive with a strong ETag to the commune and admins only', async () => {
		const whole = await get('/api/maps/25657', official);
		expect(whole.status).toBe(200);
		expect(whole.bytes.equals(pack)).toBe(true);
		expect(whole.headers.get('etag')).toBe(etag);
		expect(whole.headers.get('accept-ranges')).toBe('bytes');
		expect(whole.headers.get('content-type')).toBe('application/vnd.pmtiles');
		expect(whole.headers.get('content-encoding')).toBeNull();
		expect((await get('/api/maps/25657', admin)).status).toBe(200);
		expect((await get('/api/maps/25657', volunteer25666)).status).toBe(403);
		expect((await get('/api/maps/25657')).status).toBe(401);
		expect((await get('/api/maps/25657', { authorization: 'Bearer nope' })).status).toBe(401);
		expect((await get('/api/maps/2565', official)).status).toBe(400);
		expect((await get('/api/maps/25666', volunteer25666)).status).toBe(404);
		expect((await get('/api/maps/25657', basic('cb.tranvanhai', 'tramso-demo'))).status).toBe(200);
		const head = await get('/api/maps/25657', official, 'HEAD');
		expect([head.status, head.headers.get('content-length'), head.bytes.length]).toEqual([
			200,
			String(pack.length),
			0
		]);
	});

	it('answers single byte ranges, and 416 for anything else', async () => {
		const r = await get('/api/maps/25657', { ...official, range: 'bytes=0-126' });
		expect(r.status).toBe(206);
		expect(r.headers.get('content-range')).toBe(`bytes 0-126/${pack.length}`);
		expect(r.bytes.equals(pack.subarray(0, 127))).toBe(true);
		const tail = await get('/api/maps/25657', { ...official, range: 'bytes=-500' });
		expect(tail.bytes.equals(pack.subarray(pack.length - 500))).toBe(true);
		const open = await get('/api/maps/25657', { ...official, range: `bytes=${pack.length - 10}-` });
		expect(open.bytes.equals(pack.subarray(pack.length - 10))).toBe(true);
		const huge = await get('/api/maps/25657', { ...official, range: 'bytes=100-999999999999999' });
		expect([huge.status, huge.bytes.length]).toEqual([206, pack.length - 100]);
		for (const bad of [
			`bytes=${pack.length}-`,
			'bytes=500-100',
			'bytes=0-10,20-30',
			'bytes=abc',
			'bytes=-0',
			'items=0-10',
			'bytes=99999999999999999999-',
			'bytes=1e3-2e3'
		]) {
			const res = await get('/api/maps/25657', { ...official, range: bad });
			expect(res.status, bad).toBe(416);
			expect(res.headers.get('content-range'), bad).toBe(`bytes */${pack.length}`);
		}
	});

	it('honours If-None-Match and If-Range', async () => {
		expect((await get('/api/maps/25657', { ...official, 'if-none-match': etag })).status).toBe(304);
		expect((await get('/api/maps/25657', { ...official, 'if-none-match': '"old"' })).status).toBe(
			200
		);
		const resume = await get('/api/maps/25657', {
			...official,
			range: 'bytes=1000-',
			'if-range': etag
		});
		expect([resume.status, resume.bytes.length]).toEqual([206, pack.length - 1000]);
		const stale = await get('/api/maps/25657', {
			...official,
			range: 'bytes=1000-',
			'if-range': '"old"'
		});
		expect([stale.status, stale.bytes.length]).toEqual([200, pack.length]);
	});

	it('serves twenty downloads and ranges at once, every byte right', async () => {
		const results = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				i % 2 === 0
					? get('/api/maps/25657', official)
					: get('/api/maps/25657', { ...official, range: `bytes=${i * 1000}-${i * 1000 + 4095}` })
			)
		);
		results.forEach((r, i) => {
			const expected = i % 2 === 0 ? pack : pack.subarray(i * 1000, i * 1000 + 4096);
			expect(r.bytes.equals(expected), `request ${i}`).toBe(true);
		});
	});

	it('gives each commune its own boundary', async () => {
		const res = await get('/api/maps/25657/boundary', official);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
		expect(JSON.parse(res.bytes.toString()).features[0].properties.code).toBe('25657');
		expect((await get('/api/maps/25657/boundary', volunteer25666)).status).toBe(403);
		expect((await get('/api/maps/25666/boundary', volunteer25666)).status).toBe(200);
	});

	it('keeps the pack across a restart, and replaces it with a new ETag', async () => {
		await server.stop({ keepData: true });
		await server.restart();
		official = bearer((await login(server.url, 'cb.tranvanhai')).token);
		admin = bearer((await login(server.url, ADMIN.username, ADMIN.password)).token);
		expect((await get('/api/maps/25657', official)).headers.get('etag')).toBe(etag);
		const other = buildPack(loadBoundary('25657')!, { seed: 4 }).archive;
		const res = await fetch(`${server.url}/api/maps/25657`, {
			method: 'PUT',
			headers: admin,
			body: new Uint8Array(other)
		});
		expect(res.status).toBe(201);
		const now = await get('/api/maps/25657', official);
		expect(now.bytes.equals(other)).toBe(true);
		expect(now.headers.get('etag')).not.toBe(etag);
	});
});

describe('npm run admin -- map import', () => {
	it('imports a checked archive into a stopped server, and refuses a bad one', async () => {
		await server.stop({ keepData: true });
		const run = (...args: string[]) =>
			new Promise<{ code: number; out: string }>((resolve) =>
				execFile(
					process.execPath,
					['--import', 'tsx', join(ROOT, 'sync-server/src/cli/admin.ts'), 'map', 'import', ...args],
					{ cwd: ROOT, env: { ...process.env, DATA_DIR: server.dataDir, COUCHDB_URL: '' } },
					(err, stdout, stderr) =>
						resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr })
				)
			);
		const good = join(tmp, 'pack.pmtiles');
		writeFileSync(good, new Uint8Array(pack));
		const bad = join(tmp, 'bad.pmtiles');
		writeFileSync(bad, 'PMTiles');
		expect(await run('25657', bad)).toMatchObject({
			code: 1,
			out: expect.stringMatching(/not a usable PMTiles archive/)
		});
		expect((await run('99999', good)).out).toMatch(/unknown commune 99999/);
		const ok = await run('25657', good);
		expect(ok).toMatchObject({
			code: 0,
			out: expect.stringContaining(`${pack.length} bytes, zoom 10-15`)
		});
		await server.restart();
		official = bearer((await login(server.url, 'cb.tranvanhai')).token);
		expect((await get('/api/maps/25657', official)).headers.get('etag')).toBe(etag);
	});
});
