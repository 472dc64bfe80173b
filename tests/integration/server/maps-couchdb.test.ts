import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBoundary } from '../../../sync-server/src/maps/boundaries.ts';
import { buildPack } from '../../../sync-server/src/maps/generate.ts';
import { openMapStore } from '../../../sync-server/src/storage/maps.ts';

/**
 * COUCHDB_URL mode of the map store against express-pouchdb, a real
 * CouchDB-protocol server (the gateway's /db refuses attachments on purpose).
 */
const tmp = mkdtempSync(join(tmpdir(), 'tramso-maps-couch-'));
let couch: Server;
let url = '';

beforeAll(async () => {
	mkdirSync(join(tmp, 'couch'));
	const app = express();
	const handler = expressPouchDB({ mode: 'minimumForPouchDB' });
	await handler.setPouchDB(PouchDB.defaults({ prefix: join(tmp, 'couch') + '/' }));
	app.use(handler);
	couch = app.listen(0, '127.0.0.1');
	await new Promise((resolve) => couch.once('listening', resolve));
	url = `http://127.0.0.1:${(couch.address() as AddressInfo).port}/`;
});
afterAll(async () => {
	await new Promise((resolve) => couch.close(resolve));
	rmSync(tmp, { recursive: true, force: true });
});

describe('map packs as CouchDB attachments', () => {
	it('stores the pack once, and every gateway serves the same bytes from its own cache', async () => {
		const pack = buildPack(loadBoundary('25666')!, { seed: 1 }).archive;
		const file = join(tmp, 'in.pmtiles');
		writeFileSync(file, new Uint8Array(pack));
		const gatewayA = openMapStore({ dataDir: join(tmp, 'a'), couchdbUrl: url });
		const gatewayB = openMapStore({ dataDir: join(tmp, 'b'), couchdbUrl: url });
		expect(await gatewayA.open('25666')).toBeNull();
		const stored = await gatewayA.put('25666', file, 'import');
		// A gateway that has never asked sees it at once; others within their 5 s cache.
		const seen = await gatewayB.open('25666');
		expect(seen?.pack).toEqual(stored);
		expect(readFileSync(seen!.path).equals(pack)).toBe(true);
		expect(seen!.path.startsWith(join(tmp, 'b'))).toBe(true);
		const again = await gatewayB.open('25666');
		expect(again?.path).toBe(seen?.path);
		expect(await gatewayA.open('../etc')).toBeNull();
	});
});
