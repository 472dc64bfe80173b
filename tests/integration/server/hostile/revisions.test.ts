import { join } from 'node:path';
import PouchDB from 'pouchdb-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAN, household } from '../../helpers/docs.ts';
import {
	ADMIN,
	adminCli,
	basic,
	bearer,
	call,
	login,
	startTestServer,
	type TestServer
} from '../../helpers/server.ts';
import { expectStillServing } from './support.ts';

/** Class 1: revision histories that once made PouchDB throw inside `_changes` and end the process. */
let server: TestServer;
let lan: string;
const DB = '/db/c25657_households';
const HASH = 'a'.repeat(32);
const OTHER = 'b'.repeat(32);

beforeAll(async () => {
	server = await startTestServer();
	lan = (await login(server.url, LAN.username)).token;
});
afterAll(() => server.stop());

const malformed: [string, Record<string, unknown>, string][] = [
	[
		'start not a number',
		{ _rev: `1-${HASH}`, _revisions: { start: 'x', ids: [HASH] } },
		'revisions.format'
	],
	['start zero', { _rev: `1-${HASH}`, _revisions: { start: 0, ids: [HASH] } }, 'revisions.format'],
	[
		'start negative',
		{ _rev: `1-${HASH}`, _revisions: { start: -2, ids: [HASH] } },
		'revisions.format'
	],
	[
		'start fractional',
		{ _rev: `1-${HASH}`, _revisions: { start: 1.5, ids: [HASH] } },
		'revisions.format'
	],
	[
		'start not the generation of _rev',
		{ _rev: `3-${HASH}`, _revisions: { start: 2, ids: [HASH, OTHER] } },
		'revisions.format'
	],
	[
		'ids[0] not the hash of _rev',
		{ _rev: `3-${HASH}`, _revisions: { start: 3, ids: [OTHER] } },
		'revisions.format'
	],
	['no ids', { _rev: `2-${HASH}`, _revisions: { start: 2, ids: [] } }, 'revisions.format'],
	[
		'ids not strings',
		{ _rev: `2-${HASH}`, _revisions: { start: 2, ids: [5, 6] } },
		'revisions.format'
	],
	[
		'more ids than generations',
		{ _rev: `1-${HASH}`, _revisions: { start: 1, ids: [HASH, OTHER] } },
		'revisions.format'
	],
	[
		'ids not hex',
		{ _rev: `2-${HASH}`, _revisions: { start: 2, ids: [HASH, 'zz'] } },
		'revisions.format'
	],
	[
		'extra fields in _revisions',
		{ _rev: `1-${HASH}`, _revisions: { start: 1, ids: [HASH], x: 1 } },
		'revisions.format'
	],
	['_rev with an empty hash', { _rev: '1-' }, 'rev.format'],
	['_rev with a bogus hash', { _rev: '2-bogus' }, 'rev.format'],
	['_rev without a generation', { _rev: HASH }, 'rev.format'],
	['_rev generation zero', { _rev: `0-${HASH}` }, 'rev.format'],
	['_rev a number', { _rev: 7 }, 'rev.format'],
	['no _rev at all', {}, 'rev.required'],
	['_conflicts not revisions', { _rev: `1-${HASH}`, _conflicts: ['nope'] }, 'conflicts.format']
];

describe('malformed revisions are refused at the boundary, for every role', () => {
	it.each(malformed)('%s (new_edits=false) → [%s]', async (_label, extra, rule) => {
		const doc = { ...household(LAN, 100 + malformed.findIndex((m) => m[1] === extra)), ...extra };
		for (const headers of [bearer(lan), basic(ADMIN.username, ADMIN.password)]) {
			const res = await call(server.url, `${DB}/_bulk_docs`, {
				headers,
				body: { docs: [doc], new_edits: false }
			});
			expect(res.status).toBe(201);
			expect(res.body[0]).toMatchObject({ id: doc._id, error: 'forbidden' });
			expect(res.body[0].reason).toContain(`[${rule}]`);
		}
		const changes = await call(server.url, `${DB}/_changes?since=0&include_docs=true`, {
			headers: bearer(lan)
		});
		expect(changes.status).toBe(200);
		expect(changes.body.results.some((r: { id: string }) => r.id === doc._id)).toBe(false);
	});

	it('refuses _revisions on a normal edit and a bad rev in a single PUT', async () => {
		const doc = household(LAN, 200);
		const withRevisions = await call(server.url, `${DB}/_bulk_docs`, {
			headers: bearer(lan),
			body: { docs: [{ ...doc, _revisions: { start: 1, ids: [HASH] } }] }
		});
		expect(withRevisions.body[0].reason).toContain('[revisions.format]');
		const put = await call(server.url, `${DB}/${doc._id}?new_edits=false`, {
			method: 'PUT',
			headers: bearer(lan),
			body: { ...doc, _rev: '1-' }
		});
		expect(put.status).toBe(403);
		expect(put.body.reason).toContain('[rev.format]');
	});

	it('accepts a well-formed replicated history, as PouchDB sends it', async () => {
		const doc = {
			...household(LAN, 201),
			_rev: `2-${HASH}`,
			_revisions: { start: 2, ids: [HASH, OTHER] }
		};
		const res = await call(server.url, `${DB}/_bulk_docs`, {
			headers: bearer(lan),
			body: { docs: [doc], new_edits: false }
		});
		expect(res.body[0]).toMatchObject({ ok: true, id: doc._id, rev: `2-${HASH}` });
		const got = await call(server.url, `${DB}/${doc._id}?revs=true`, { headers: bearer(lan) });
		expect(got.body._revisions).toEqual({ start: 2, ids: [HASH, OTHER] });
	});

	it('the server still serves a volunteer afterwards', async () => {
		await expectStillServing(server);
	});
});

describe('a poisoned document already in storage', () => {
	it('cannot end the process; readers skip it; repair quarantines it', async () => {
		const poisoned = household(LAN, 300);
		const next = household(LAN, 301);
		await server.stop({ keepData: true });
		// Written directly into the LevelDB store, as the old gateway used to accept it.
		const raw = new PouchDB(join(server.dataDir, 'c25657_households'));
		await raw.bulkDocs(
			[{ ...poisoned, _rev: `1-${HASH}`, _revisions: { start: 'x', ids: [HASH] } } as never],
			{ new_edits: false }
		);
		await raw.put(next);
		await raw.close();
		await server.restart();
		lan = (await login(server.url, LAN.username)).token;

		const changes = await call(server.url, `${DB}/_changes?since=0&include_docs=true`, {
			headers: bearer(lan)
		});
		expect(changes.status).toBe(200);
		const ids = changes.body.results.map((r: { id: string }) => r.id);
		expect(ids).toContain(next._id);
		expect(ids).not.toContain(poisoned._id);
		expect(server.output()).toContain(poisoned._id);
		const keyed = await call(server.url, `${DB}/_all_docs`, {
			headers: bearer(lan),
			body: { keys: [poisoned._id, next._id], include_docs: true }
		});
		expect(keyed.status).toBe(200);
		expect(keyed.body.rows[0]).toMatchObject({ key: poisoned._id, error: 'not_found' });
		expect(keyed.body.rows[1]).toMatchObject({ id: next._id });
		const range = await call(server.url, `${DB}/_all_docs?include_docs=true`, {
			headers: basic(ADMIN.username, ADMIN.password)
		});
		expect(range.status).toBe(200);
		expect(
			range.body.rows.find((r: { id?: string; key: string }) => r.key === poisoned._id)
		).toMatchObject({
			error: 'bad_document'
		});
		await expectStillServing(server);

		await server.stop({ keepData: true });
		const repair = await adminCli(server.dataDir, 'repair', 'c25657_households');
		expect(repair.code, repair.stderr).toBe(0);
		expect(repair.stdout).toContain(`quarantined ${poisoned._id}`);
		const again = await adminCli(server.dataDir, 'repair', 'c25657_households');
		expect(again.stdout).toContain('nothing to repair');
		const logFrom = server.output().length;
		await server.restart();
		lan = (await login(server.url, LAN.username)).token;
		const after = await call(server.url, `${DB}/_changes?since=0`, { headers: bearer(lan) });
		expect(after.status).toBe(200);
		expect(after.body.results.map((r: { id: string }) => r.id)).toContain(next._id);
		expect(server.output().slice(logFrom)).not.toMatch(/bad document/);
		// The id is free again: the record can be written anew.
		const rewrite = await call(server.url, `${DB}/_bulk_docs`, {
			headers: bearer(lan),
			body: { docs: [poisoned] }
		});
		expect(rewrite.body[0]).toMatchObject({ ok: true });
		await expectStillServing(server);
	});
});
