import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb-node';
import { createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { replicateCouchDB } from 'rxdb/plugins/replication-couchdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUNG, LAN, heartbeat, household, type WireDoc } from '../helpers/docs.ts';
import {
	ADMIN,
	DEMO_PASSWORD,
	basic,
	call,
	login,
	startTestServer,
	type TestServer
} from '../helpers/server.ts';

const N = 1000;
let server: TestServer;
let lanToken: string;
const tmp = mkdtempSync(join(tmpdir(), 'tramso-clients-'));

beforeAll(async () => {
	server = await startTestServer();
	lanToken = (await login(server.url, LAN.username)).token;
});
afterAll(async () => {
	await server.stop();
	rmSync(tmp, { recursive: true, force: true });
});

async function ids(db: string, user = ADMIN): Promise<string[]> {
	const res = await call(server.url, `/db/${db}/_all_docs`, {
		headers: basic(user.username, user.password)
	});
	expect(res.status).toBe(200);
	return res.body.rows.map((r: { id: string }) => r.id);
}

async function adminBulk(db: string, docs: WireDoc[]) {
	for (let i = 0; i < docs.length; i += 500) {
		const res = await call(server.url, `/db/${db}/_bulk_docs`, {
			headers: basic(ADMIN.username, ADMIN.password),
			body: { docs: docs.slice(i, i + 500) }
		});
		expect(res.status).toBe(201);
		expect(res.body.filter((r: { ok?: boolean }) => !r.ok)).toEqual([]);
	}
}

const rxSchema = {
	version: 0,
	primaryKey: 'id',
	type: 'object',
	properties: { id: { type: 'string', maxLength: 128 } },
	required: ['id']
} as const;

async function rxClient(name: string): Promise<{ db: RxDatabase; col: RxCollection }> {
	const db = await createRxDatabase({
		name: `${name}${Date.now()}`,
		storage: getRxStorageMemory(),
		multiInstance: false
	});
	const { households } = await db.addCollections({ households: { schema: rxSchema } });
	return { db, col: households };
}

function rxReplicate(col: RxCollection, token: string) {
	return replicateCouchDB({
		replicationIdentifier: `test-${Math.random()}`,
		collection: col,
		url: `${server.url}/db/c25657_households/`,
		live: false,
		waitForLeadership: false,
		fetch: (url, init) =>
			fetch(url, {
				...init,
				headers: { ...(init?.headers as object), authorization: `Bearer ${token}` }
			}),
		pull: { batchSize: 200 },
		push: { batchSize: 200 }
	});
}

describe('RxDB CouchDB replication (memory storage, Bearer token)', () => {
	it(`pushes ${N} households of the volunteer's hamlet`, async () => {
		const { db, col } = await rxClient('rxpush');
		const docs = Array.from({ length: N }, (_, i) => {
			const { _id, ...rest } = household(LAN, 10_000 + i);
			return { ...rest, id: _id };
		});
		await col.bulkInsert(docs);
		const rep = rxReplicate(col, lanToken);
		const errors: unknown[] = [];
		rep.error$.subscribe((e) => errors.push(e));
		await rep.awaitInitialReplication();
		await rep.cancel();
		await db.close();
		expect(errors).toEqual([]);
		const stored = await ids('c25657_households');
		expect(stored.filter((id) => id.startsWith('hh-ap-ben-cho-1')).length).toBe(N);
	});

	it(`pulls ${N} households, and none of another hamlet`, async () => {
		await adminBulk(
			'c25657_households',
			Array.from({ length: 50 }, (_, i) => household(HUNG, 20_000 + i))
		);
		const { db, col } = await rxClient('rxpull');
		const rep = rxReplicate(col, lanToken);
		await rep.awaitInitialReplication();
		await rep.cancel();
		const docs = await col.find().exec();
		await db.close();
		expect(docs.length).toBe(N);
		expect(docs.every((d) => d.get('hamlet') === LAN.hamlet)).toBe(true);
	});
});

describe('PouchDB 9 replication (LevelDB client, Basic auth)', () => {
	const remote = (db: string) =>
		new PouchDB(`${server.url}/db/${db}`, {
			auth: { username: LAN.username, password: DEMO_PASSWORD },
			skip_setup: true
		});

	it(`pushes ${N} heartbeats with _revs_diff, _bulk_docs new_edits=false and _local checkpoints`, async () => {
		const local = new PouchDB(join(tmp, 'push'));
		await local.bulkDocs(Array.from({ length: N }, (_, i) => heartbeat(LAN, i)));
		const result = await local.replicate.to(remote('c25657_heartbeats'));
		expect(result.ok).toBe(true);
		expect(result.docs_written).toBe(N);
		expect(result.doc_write_failures).toBe(0);
		// A second run starts from the checkpoint kept in _local and writes nothing.
		const again = await local.replicate.to(remote('c25657_heartbeats'));
		expect(again.docs_written).toBe(0);
		await local.close();
		const stored = await ids('c25657_heartbeats');
		expect(stored.filter((id) => id.startsWith(`hb-${LAN.username}-`)).length).toBe(N);
	});

	it(`pulls ${N} households with _changes, _bulk_get and open_revs, scoped to the hamlet`, async () => {
		const local = new PouchDB(join(tmp, 'pull'));
		const result = await local.replicate.from(remote('c25657_households'));
		expect(result.ok).toBe(true);
		const all = await local.allDocs({ include_docs: true });
		await local.close();
		expect(all.rows.length).toBe(N);
		expect(
			all.rows.every((r) => (r.doc as unknown as { hamlet: string }).hamlet === LAN.hamlet)
		).toBe(true);
	});

	it('replicates deletions as tombstones that stay in scope', async () => {
		const local = new PouchDB(join(tmp, 'delete'));
		await local.replicate.from(remote('c25657_households'));
		const doc = await local.get('hh-ap-ben-cho-10000');
		// A deletion names who made it and when, and nothing else of the record.
		await local.put({
			_id: doc._id,
			_rev: doc._rev,
			_deleted: true,
			updatedBy: LAN.username,
			updatedAt: new Date().toISOString()
		});
		const push = await local.replicate.to(remote('c25657_households'));
		expect(push.doc_write_failures).toBe(0);
		await local.close();
		const gone = await call(server.url, '/db/c25657_households/hh-ap-ben-cho-10000', {
			headers: basic(ADMIN.username, ADMIN.password)
		});
		expect(gone.status).toBe(404);
		const hung = (await login(server.url, HUNG.username)).token;
		const hungChanges = await call(server.url, '/db/c25657_households/_changes?include_docs=true', {
			headers: { authorization: `Bearer ${hung}` }
		});
		expect(
			hungChanges.body.results.some((r: { id: string }) => r.id === 'hh-ap-ben-cho-10000')
		).toBe(false);
		const lanChanges = await call(server.url, '/db/c25657_households/_changes', {
			headers: { authorization: `Bearer ${lanToken}` }
		});
		const row = lanChanges.body.results.find((r: { id: string }) => r.id === 'hh-ap-ben-cho-10000');
		expect(row?.deleted).toBe(true);
	});
});
