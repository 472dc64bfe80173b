import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PageCache } from '../../../sync-server/src/storage/page-cache.ts';
import { PouchDocDb, type ChangesPage } from '../../../sync-server/src/storage/pouch.ts';

// The CouchDB path of getCurrentMany (keyed _all_docs, then _bulk_get for tombstones) must give
// what getCurrent gives one id at a time: live documents, tombstones with their body, nulls.
const tmp = mkdtempSync(join(tmpdir(), 'tramso-current-many-'));
let server: Server;
let db: PouchDocDb;

beforeAll(async () => {
	const handler = expressPouchDB({ mode: 'minimumForPouchDB' });
	await handler.setPouchDB(PouchDB.defaults({ prefix: tmp + '/' }));
	server = createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/records`;
	const remote = new PouchDB<Record<string, unknown>>(url);
	await remote.info();
	db = new PouchDocDb('records', remote, new PageCache<ChangesPage>(1 << 20, 1 << 18));
	for (const id of ['a', 'b', 'c']) await remote.put({ _id: id, hamlet: `h-${id}` });
	const b = await remote.get('b');
	// A tombstone that keeps its scope, as the app's deletions do.
	await remote.put({ ...b, _deleted: true, hamlet: 'h-b' });
});
afterAll(async () => {
	server?.closeAllConnections();
	await new Promise((resolve) => server?.close(resolve));
	rmSync(tmp, { recursive: true, force: true });
});

it('reads many ids over HTTP exactly as getCurrent reads each', async () => {
	const ids = ['c', 'missing', 'b', 'a', 'b'];
	const many = await db.getCurrentMany(ids);
	const one = await Promise.all(ids.map((id) => db.getCurrent(id)));
	expect(many).toEqual(one);
	expect(many.map((d) => d?._id ?? null)).toEqual(['c', null, 'b', 'a', 'b']);
	expect(many[2]).toMatchObject({ _deleted: true, hamlet: 'h-b' });
});
