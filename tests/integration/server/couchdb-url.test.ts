import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUNG, LAN, household } from '../helpers/docs.ts';
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
 * COUCHDB_URL mode: gateway B keeps nothing locally and stores everything in a
 * CouchDB-compatible server; a separately started embedded server A stands in for it.
 */
let store: TestServer;
let gateway: TestServer;
const tmp = mkdtempSync(join(tmpdir(), 'tramso-remote-client-'));

beforeAll(async () => {
	store = await startTestServer();
	const couchdbUrl = `http://${ADMIN.username}:${ADMIN.password}@127.0.0.1:${store.port}/db`;
	gateway = await startTestServer({ couchdbUrl });
});
afterAll(async () => {
	await gateway?.stop();
	await store?.stop();
	rmSync(tmp, { recursive: true, force: true });
});

describe('COUCHDB_URL mode', () => {
	it('serves the same API, and the data lands in the remote store', async () => {
		const { token } = await login(gateway.url, LAN.username);
		const docs = Array.from({ length: 100 }, (_, i) => household(LAN, i));
		const res = await call(gateway.url, '/db/c25657_households/_bulk_docs', {
			headers: bearer(token),
			body: { docs }
		});
		expect(res.status).toBe(201);
		expect(res.body.every((r: { ok?: boolean }) => r.ok)).toBe(true);
		const remote = await call(store.url, '/db/c25657_households/_all_docs', {
			headers: basic(ADMIN.username, ADMIN.password)
		});
		expect(remote.body.rows.map((r: { id: string }) => r.id)).toEqual(
			expect.arrayContaining(docs.map((d) => d._id))
		);
		// The gateway's own directory (users, sessions) also lives in the remote store.
		const dbs = await call(store.url, '/db/_all_dbs', {
			headers: basic(ADMIN.username, ADMIN.password)
		});
		expect(dbs.body).toEqual(
			expect.arrayContaining(['tramso_directory', 'tramso_sessions', 'tramso_audit'])
		);
	});

	it('keeps per-hamlet scoping and validation', async () => {
		const { token } = await login(gateway.url, HUNG.username);
		const changes = await call(gateway.url, '/db/c25657_households/_changes?include_docs=true', {
			headers: bearer(token)
		});
		expect(changes.status).toBe(200);
		expect(
			changes.body.results.filter((r: { doc: { hamlet: string } }) => r.doc.hamlet !== HUNG.hamlet)
		).toEqual([]);
		const bad = await call(gateway.url, '/db/c25657_households/_bulk_docs', {
			headers: bearer(token),
			body: { docs: [household(LAN, 500)] }
		});
		expect(bad.body[0].error).toBe('forbidden');
		expect((await call(gateway.url, '/db/_all_dbs', { headers: bearer(token) })).status).toBe(403);
	});

	it('PouchDB replicates through the gateway, and longpoll waits on the remote feed', async () => {
		const remote = new PouchDB(`${gateway.url}/db/c25657_households`, {
			auth: { username: LAN.username, password: 'tramso-demo' },
			skip_setup: true
		});
		const local = new PouchDB(join(tmp, 'pull'));
		const pulled = await local.replicate.from(remote);
		expect(pulled.ok).toBe(true);
		expect((await local.allDocs()).rows.length).toBe(100);
		await local.close();
		const { token } = await login(gateway.url, LAN.username);
		const seq = (await call(gateway.url, '/db/c25657_households/', { headers: bearer(token) })).body
			.update_seq;
		const poll = call(
			gateway.url,
			`/db/c25657_households/_changes?feed=longpoll&since=${encodeURIComponent(seq)}&timeout=10000`,
			{ headers: bearer(token) }
		);
		await new Promise((resolve) => setTimeout(resolve, 300));
		await call(gateway.url, '/db/c25657_households/_bulk_docs', {
			headers: bearer(token),
			body: { docs: [household(LAN, 600)] }
		});
		const res = await poll;
		expect(res.body.results.map((r: { id: string }) => r.id)).toEqual(['hh-ap-ben-cho-600']);
	});
});
