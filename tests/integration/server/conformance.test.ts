import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAN, household } from '../helpers/docs.ts';
import {
	ADMIN,
	basic,
	bearer,
	call,
	login,
	startTestServer,
	type TestServer
} from '../helpers/server.ts';

/**
 * CouchDB behaviour of databases an admin reaches through the gateway (a tool or another
 * gateway using this server as its CouchDB), one test per conformance fix of issue 8 item 13.
 */
let server: TestServer;
let lan: string;
const admin = basic(ADMIN.username, ADMIN.password);
const tmp = mkdtempSync(join(tmpdir(), 'tramso-conformance-'));
let n = 0;

beforeAll(async () => {
	server = await startTestServer();
	lan = (await login(server.url, LAN.username)).token;
});
afterAll(async () => {
	await server.stop();
	rmSync(tmp, { recursive: true, force: true });
});

/** A fresh raw database. */
async function rawDb(name = `raw-${n++}`): Promise<string> {
	const res = await call(server.url, `/db/${encodeURIComponent(name)}`, {
		method: 'PUT',
		headers: admin
	});
	expect(res.status).toBe(201);
	return `/db/${encodeURIComponent(name)}`;
}

/** Raw bytes with any content type, as PouchDB's attachment calls send them. */
function send(
	method: string,
	path: string,
	body: Buffer | string | undefined,
	headers: Record<string, string>
): Promise<{ status: number; type: string; body: Buffer }> {
	const url = new URL(server.url);
	return new Promise((resolve, reject) => {
		const r = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
			const chunks: Uint8Array[] = [];
			res.on('data', (c: Uint8Array) => chunks.push(c));
			res.on('end', () =>
				resolve({
					status: res.statusCode ?? 0,
					type: String(res.headers['content-type']),
					body: Buffer.concat(chunks)
				})
			);
		});
		r.on('error', reject);
		if (body !== undefined)
			r.setHeader(
				'content-length',
				typeof body === 'string' ? Buffer.byteLength(body) : body.length
			);
		r.end(body);
	});
}

describe('raw databases behave as CouchDB', () => {
	it('the /db root answers without a login', async () => {
		const root = await call(server.url, '/db/');
		expect(root.status).toBe(200);
		expect(root.body).toMatchObject({ couchdb: 'Welcome', version: expect.any(String) });
	});

	it('feed=longpoll waits for the next change, or answers empty at its timeout', async () => {
		const db = await rawDb();
		const since = (await call(server.url, `${db}/`, { headers: admin })).body.update_seq;
		const waiting = call(
			server.url,
			`${db}/_changes?feed=longpoll&since=${since}&include_docs=true&timeout=10000`,
			{
				headers: admin
			}
		);
		await new Promise((resolve) => setTimeout(resolve, 300));
		await call(server.url, `${db}/late`, { method: 'PUT', headers: admin, body: { a: 1 } });
		const woken = await waiting;
		expect(woken.status).toBe(200);
		expect(woken.body.results.map((r: { id: string }) => r.id)).toEqual(['late']);
		const quiet = await call(
			server.url,
			`${db}/_changes?feed=longpoll&since=now&timeout=500&heartbeat=200`,
			{ headers: admin }
		);
		expect(quiet.status).toBe(200);
		expect(quiet.body).toEqual({ results: [], last_seq: expect.any(Number) });
	});

	it('the built-in _doc_ids, _selector and _design filters', async () => {
		const db = await rawDb();
		await call(server.url, `${db}/_bulk_docs`, {
			headers: admin,
			body: {
				docs: [
					{ _id: 'a', kind: 'x' },
					{ _id: 'b', kind: 'y' },
					{ _id: 'c', kind: 'x' }
				]
			}
		});
		const ids = (res: { body: { results: { id: string }[] } }) => res.body.results.map((r) => r.id);
		const byIds = await call(server.url, `${db}/_changes?filter=_doc_ids`, {
			headers: admin,
			body: { doc_ids: ['b'] }
		});
		expect(ids(byIds)).toEqual(['b']);
		const bySelector = await call(server.url, `${db}/_changes?filter=_selector`, {
			headers: admin,
			body: { selector: { kind: 'x' } }
		});
		expect(ids(bySelector)).toEqual(['a', 'c']);
		const design = await call(server.url, `${db}/_changes?filter=_design`, { headers: admin });
		expect(design.status).toBe(200);
		expect(ids(design)).toEqual([]);
		const view = await call(server.url, `${db}/_changes?filter=app/by_kind`, { headers: admin });
		expect(view.status).toBe(400);
	});

	it('attachments: any content type in, the same bytes and type out, through PouchDB too', async () => {
		const db = await rawDb();
		const bytes = Buffer.from([0, 1, 2, 250, 251, 0x89, 0x50, 0x4e, 0x47]);
		const put = await send('PUT', `${db}/photo-doc/photo.png`, bytes, {
			...admin,
			'content-type': 'image/png'
		});
		expect(put.status).toBe(201);
		const got = await send('GET', `${db}/photo-doc/photo.png`, undefined, admin);
		expect(got.status).toBe(200);
		expect(got.type).toMatch(/^image\/png/);
		expect(got.body.equals(bytes)).toBe(true);
		const missing = await send('GET', `${db}/photo-doc/none.png`, undefined, admin);
		expect(missing.status).toBe(404);
		expect(JSON.parse(missing.body.toString())).toMatchObject({ error: 'not_found' });

		const remote = new PouchDB(`${server.url}${db}`, {
			auth: { username: ADMIN.username, password: ADMIN.password }
		});
		const doc = await remote.get('photo-doc');
		const text = await remote.putAttachment(
			'photo-doc',
			'note.txt',
			doc._rev,
			Buffer.from('Ấp Bến Chò'),
			'text/plain'
		);
		const back = (await remote.getAttachment('photo-doc', 'note.txt')) as Buffer;
		expect(back.toString()).toBe('Ấp Bến Chò');
		// Replicated with its attachments, and byte for byte.
		const local = new PouchDB(join(tmp, 'local'));
		await local.replicate.from(remote);
		const copy = (await local.getAttachment('photo-doc', 'photo.png')) as Buffer;
		expect(copy.equals(bytes)).toBe(true);
		const removed = await remote.removeAttachment('photo-doc', 'note.txt', text.rev);
		expect(removed.ok).toBe(true);
		await local.close();
		await remote.close();
	});

	it('refuses multipart bodies with a CouchDB-shaped 415, whatever they contain', async () => {
		const db = await rawDb();
		const body =
			'--x\r\ncontent-type: application/json\r\n\r\n{not json\r\n--x\r\n' +
			'content-disposition: attachment; filename="a.txt"\r\n\r\nhi\r\n--x--';
		for (const [method, path, type] of [
			['PUT', `${db}/doc`, 'multipart/related; boundary=x'],
			['POST', `${db}/doc`, 'multipart/form-data; boundary=x']
		] as const) {
			const res = await send(method, path, body, { ...admin, 'content-type': type });
			expect(res.status).toBe(415);
			expect(JSON.parse(res.body.toString())).toMatchObject({ error: 'bad_content_type' });
		}
		expect((await call(server.url, '/api/health')).status).toBe(200);
	});

	it('design documents are refused on every database, in _bulk_docs too', async () => {
		const db = await rawDb();
		const ddoc = { _id: '_design/app', filters: { all: 'function () { return true; }' } };
		const put = await call(server.url, `${db}/_design/app`, {
			method: 'PUT',
			headers: admin,
			body: ddoc
		});
		expect(put.status).toBe(403);
		expect(put.body).toMatchObject({
			error: 'forbidden',
			reason: expect.stringContaining('design')
		});
		const bulk = await call(server.url, `${db}/_bulk_docs`, {
			headers: admin,
			body: { docs: [{ _id: 'fine' }, ddoc] }
		});
		expect(bulk.status).toBe(403);
		const post = await call(server.url, db, { headers: admin, body: ddoc });
		expect(post.status).toBe(403);
		expect((await call(server.url, `${db}/_design/app`, { headers: admin })).status).toBe(404);
		expect((await call(server.url, `${db}/fine`, { headers: admin })).status).toBe(404);
		const client = await call(server.url, '/db/c25657_households/_bulk_docs', {
			headers: admin,
			body: { docs: [ddoc] }
		});
		expect(client.body[0]).toMatchObject({ error: 'forbidden' });
	});

	it('_compact, and database names with a slash', async () => {
		const db = await rawDb('team/commune/25657');
		expect(
			(await call(server.url, `${db}/d1`, { method: 'PUT', headers: admin, body: { a: 1 } })).status
		).toBe(201);
		expect((await call(server.url, `${db}/d1`, { headers: admin })).body.a).toBe(1);
		const compact = await call(server.url, `${db}/_compact`, {
			method: 'POST',
			headers: admin,
			body: {}
		});
		expect(compact.status).toBe(202);
		const feed = await call(server.url, `${db}/_changes`, { headers: admin });
		expect(feed.body.results.map((r: { id: string }) => r.id)).toEqual(['d1']);
		expect(
			(await call(server.url, '/db/a%2F..%2Fetc', { method: 'PUT', headers: admin })).status
		).toBe(400);
	});

	it('a volunteer is refused each of these with a CouchDB-shaped 4xx', async () => {
		const doc = household(LAN, 1);
		await call(server.url, `/db/c25657_households/${doc._id}`, {
			method: 'PUT',
			headers: bearer(lan),
			body: doc
		});
		const att = await send('PUT', `/db/c25657_households/${doc._id}/photo.jpg`, Buffer.from('x'), {
			...bearer(lan),
			'content-type': 'image/jpeg'
		});
		expect(att.status).toBe(403);
		expect(JSON.parse(att.body.toString())).toMatchObject({
			error: 'forbidden',
			reason: expect.stringContaining('[attachments.notAllowed]')
		});
		const get = await send(
			'GET',
			`/db/c25657_households/${doc._id}/photo.jpg`,
			undefined,
			bearer(lan)
		);
		expect(get.status).toBe(404);
		expect(JSON.parse(get.body.toString())).toMatchObject({ error: 'not_found' });
		for (const [method, path] of [
			['POST', '/db/c25657_households/_compact'],
			['GET', '/db/c25657_households/_design/app'],
			['GET', '/db/scratch/_changes?feed=longpoll'],
			['GET', '/db/_all_dbs']
		] as const) {
			const res = await call(server.url, path, {
				method,
				headers: bearer(lan),
				body: method === 'POST' ? {} : undefined
			});
			expect([path, res.status, typeof res.body.error, typeof res.body.reason]).toEqual([
				path,
				403,
				'string',
				'string'
			]);
		}
	});
});
