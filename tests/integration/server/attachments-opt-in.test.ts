import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collections } from '../../../src/lib/domain/index.ts';
import { startServer, type RunningServer } from '../../../sync-server/src/server.ts';
import { HUNG, LAN, household } from '../helpers/docs.ts';
import { bearer, call, login } from '../helpers/server.ts';

/**
 * The attachment handlers of client databases for a collection that opts in, as dossier photos
 * will: the households spec is given `attachments` in this process only (a server started here,
 * not the spawned one the other tests use).
 */
let server: RunningServer;
const dataDir = mkdtempSync(join(tmpdir(), 'tramso-attachments-'));
let lan: string;
let hung: string;
const DB = '/db/c25657_households';
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);

beforeAll(async () => {
	Object.assign(collections.households, {
		attachments: { contentTypes: ['image/jpeg'], maxBytes: 64 * 1024 }
	});
	server = await startServer({
		port: 0,
		host: '127.0.0.1',
		dataDir,
		demo: true,
		demoRecords: false
	});
	lan = (await login(server.url, LAN.username)).token;
	hung = (await login(server.url, HUNG.username)).token;
});
afterAll(async () => {
	await server.close();
	Object.assign(collections.households, { attachments: undefined });
	rmSync(dataDir, { recursive: true, force: true });
});

async function put(path: string, body: Buffer, token: string, type = 'image/jpeg') {
	const res = await fetch(server.url + path, {
		method: 'PUT',
		headers: { ...bearer(token), 'content-type': type },
		body: new Uint8Array(body)
	});
	return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('attachments of a collection that opts in', () => {
	it('takes its type and size, serves the same bytes, and keeps them scoped', async () => {
		const doc = household(LAN, 1);
		const created = await call(server.url, `${DB}/${doc._id}`, {
			method: 'PUT',
			headers: bearer(lan),
			body: doc
		});
		const up = await put(`${DB}/${doc._id}/nha.jpg?rev=${created.body.rev}`, jpeg, lan);
		expect(up.status).toBe(201);
		const got = await fetch(`${server.url}${DB}/${doc._id}/nha.jpg`, { headers: bearer(lan) });
		expect(got.status).toBe(200);
		expect(got.headers.get('content-type')).toMatch(/^image\/jpeg/);
		expect(Buffer.from(await got.arrayBuffer()).equals(jpeg)).toBe(true);
		// Another hamlet's volunteer: as if there were nothing.
		const other = await fetch(`${server.url}${DB}/${doc._id}/nha.jpg`, { headers: bearer(hung) });
		expect(other.status).toBe(404);
		const wrongType = await put(
			`${DB}/${doc._id}/nha.png?rev=${up.body.rev}`,
			jpeg,
			lan,
			'image/png'
		);
		expect(wrongType.status).toBe(403);
		expect(wrongType.body.reason).toContain('[attachments.type]');
		const tooBig = await put(
			`${DB}/${doc._id}/big.jpg?rev=${up.body.rev}`,
			Buffer.alloc(65 * 1024),
			lan
		);
		expect(tooBig.status).toBe(413);
		const stale = await put(`${DB}/${doc._id}/again.jpg?rev=${created.body.rev}`, jpeg, lan);
		expect(stale.status).toBe(409);
		const notHers = await put(`${DB}/${doc._id}/hung.jpg?rev=${up.body.rev}`, jpeg, hung);
		expect(notHers.status).toBe(404);
		const del = await fetch(`${server.url}${DB}/${doc._id}/nha.jpg?rev=${up.body.rev}`, {
			method: 'DELETE',
			headers: bearer(lan)
		});
		expect(del.status).toBe(200);
		expect(
			(await fetch(`${server.url}${DB}/${doc._id}/nha.jpg`, { headers: bearer(lan) })).status
		).toBe(404);
	});

	it('checks inline attachments in _bulk_docs the same way', async () => {
		const ok = household(LAN, 2, {
			_attachments: { 'a.jpg': { content_type: 'image/jpeg', data: jpeg.toString('base64') } }
		});
		const svg = household(LAN, 3, {
			_attachments: { 'a.svg': { content_type: 'image/svg+xml', data: 'PHN2Zz4=' } }
		});
		const res = await call(server.url, `${DB}/_bulk_docs`, {
			headers: bearer(lan),
			body: { docs: [ok, svg] }
		});
		expect(res.body[0]).toMatchObject({ ok: true });
		expect(res.body[1].reason).toContain('[attachments.type]');
	});
});
