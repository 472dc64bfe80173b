import { createRxDatabase } from 'rxdb';
import { replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUNG, LAN, household } from '../helpers/docs.ts';
import { bearer, call, login, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
let lan: string;
let hung: string;
const DB = '/db/c25657_households';

beforeAll(async () => {
	server = await startTestServer();
	lan = (await login(server.url, LAN.username)).token;
	hung = (await login(server.url, HUNG.username)).token;
});
afterAll(() => server.stop());

const write = (token: string, docs: unknown[]) =>
	call(server.url, `${DB}/_bulk_docs`, { headers: bearer(token), body: { docs } });
const seqNow = async () =>
	(await call(server.url, `${DB}/`, { headers: bearer(lan) })).body.update_seq;

describe('_changes', () => {
	it('skips pages that are entirely out of scope, so a client does not stop early', async () => {
		const since = await seqNow();
		await write(
			hung,
			Array.from({ length: 30 }, (_, i) => household(HUNG, 100 + i))
		);
		await write(lan, [household(LAN, 200)]);
		const res = await call(server.url, `${DB}/_changes?since=${since}&limit=10&include_docs=true`, {
			headers: bearer(lan)
		});
		expect(res.body.results.map((r: { id: string }) => r.id)).toEqual(['hh-ap-ben-cho-200']);
	});

	it('a longpoll whose changes are all out of scope keeps waiting until its timeout', async () => {
		const since = await seqNow();
		const started = Date.now();
		const poll = call(
			server.url,
			`${DB}/_changes?feed=longpoll&since=${since}&timeout=2500&include_docs=true`,
			{ headers: bearer(lan) }
		);
		await new Promise((resolve) => setTimeout(resolve, 300));
		await write(hung, [household(HUNG, 300), household(HUNG, 301)]);
		const res = await poll;
		expect(Date.now() - started).toBeGreaterThanOrEqual(2400);
		expect(res.body.results).toEqual([]);
		expect(res.body.last_seq).toBeGreaterThan(since);
	});

	it('a longpoll returns promptly when a change in scope arrives', async () => {
		const since = await seqNow();
		const started = Date.now();
		const poll = call(
			server.url,
			`${DB}/_changes?feed=longpoll&since=${since}&timeout=20000&include_docs=true`,
			{ headers: bearer(lan) }
		);
		await new Promise((resolve) => setTimeout(resolve, 300));
		await write(hung, [household(HUNG, 400)]);
		await write(lan, [household(LAN, 401)]);
		const res = await poll;
		// Well under the 20 s timeout: the in-scope change ended the wait, not the timer.
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(res.body.results.map((r: { id: string }) => r.id)).toEqual(['hh-ap-ben-cho-401']);
		expect(res.body.results[0].doc.hamlet).toBe(LAN.hamlet);
	});

	it('since=now with heartbeat sends newlines then valid JSON', async () => {
		const res = await fetch(
			`${server.url}${DB}/_changes?feed=longpoll&since=now&heartbeat=1000&timeout=2200`,
			{ headers: bearer(lan) }
		);
		const text = await res.text();
		expect(res.status).toBe(200);
		expect(text.startsWith('\n')).toBe(true);
		expect(JSON.parse(text)).toEqual({ results: [], last_seq: expect.any(Number) });
	});

	it('refuses feed=continuous and unknown filters', async () => {
		expect(
			(await call(server.url, `${DB}/_changes?feed=continuous`, { headers: bearer(lan) })).status
		).toBe(400);
		expect(
			(await call(server.url, `${DB}/_changes?filter=app/by_hamlet`, { headers: bearer(lan) }))
				.status
		).toBe(400);
	});

	it('RxDB live replication receives another device’s write through the longpoll stream', async () => {
		const db = await createRxDatabase({
			name: `live${Date.now()}`,
			storage: getRxStorageMemory(),
			multiInstance: false
		});
		const { households } = await db.addCollections({
			households: {
				schema: {
					version: 0,
					primaryKey: 'id',
					type: 'object',
					properties: { id: { type: 'string', maxLength: 128 } },
					required: ['id']
				}
			}
		});
		const rep = replicateCouchDB({
			replicationIdentifier: 'live-test',
			collection: households,
			url: `${server.url}${DB}/`,
			live: true,
			waitForLeadership: false,
			fetch: (url, init) =>
				fetch(url, { ...init, headers: { ...(init?.headers as object), ...bearer(lan) } }),
			pull: { batchSize: 50, heartbeat: 5000 },
			push: {}
		});
		await rep.awaitInitialReplication();
		await write(lan, [household(LAN, 500)]);
		await write(hung, [household(HUNG, 501)]);
		const deadline = Date.now() + 10_000;
		while (!(await households.findOne('hh-ap-ben-cho-500').exec()) && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		expect(await households.findOne('hh-ap-ben-cho-500').exec()).not.toBeNull();
		expect(await households.findOne('hh-ap-thanh-hoa-501').exec()).toBeNull();
		await rep.cancel();
		await db.close();
	});
});

describe('_changes limits', () => {
	it('with limit=1 over a long out-of-scope stretch, returns the next visible change and its seq', async () => {
		const since = await seqNow();
		await write(
			hung,
			Array.from({ length: 1200 }, (_, i) => household(HUNG, 1000 + i))
		);
		await write(lan, [household(LAN, 2000), household(LAN, 2001)]);
		const first = await call(server.url, `${DB}/_changes?since=${since}&limit=1`, {
			headers: bearer(lan)
		});
		expect(first.body.results.map((r: { id: string }) => r.id)).toEqual(['hh-ap-ben-cho-2000']);
		expect(first.body.last_seq).toBe(first.body.results[0].seq);
		expect(first.body.results[0].doc).toBeUndefined();
		const next = await call(server.url, `${DB}/_changes?since=${first.body.last_seq}&limit=1`, {
			headers: bearer(lan)
		});
		expect(next.body.results.map((r: { id: string }) => r.id)).toEqual(['hh-ap-ben-cho-2001']);
	});
});
