import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PouchDB from 'pouchdb-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAI, HUNG, LAN, household } from '../../helpers/docs.ts';
import {
	DEMO_PASSWORD,
	bearer,
	call,
	login,
	startTestServer,
	type TestServer
} from '../../helpers/server.ts';
import { expectStillServing } from './support.ts';

/** Class 4: deletions that skipped validation and carried junk, secrets or another writer. */
let server: TestServer;
let lan: string;
let hung: string;
const DB = '/db/c25657_households';
const at = () => new Date().toISOString();
let nextSeed = 100;

beforeAll(async () => {
	server = await startTestServer();
	lan = (await login(server.url, LAN.username)).token;
	hung = (await login(server.url, HUNG.username)).token;
});
afterAll(() => server.stop());

/** A household of Lan's on the server, and its current revision. */
async function stored(seed: number) {
	const doc = household(LAN, seed);
	const res = await call(server.url, `${DB}/_bulk_docs`, {
		headers: bearer(lan),
		body: { docs: [doc] }
	});
	return { _id: doc._id, _rev: res.body[0].rev as string };
}

const bulk = (docs: unknown[], token = lan) =>
	call(server.url, `${DB}/_bulk_docs`, { headers: bearer(token), body: { docs } });

describe('a tombstone is {_id, _rev, _deleted, updatedBy, updatedAt} and nothing else', () => {
	const { _id: _whole, ...wholeRecord } = household(LAN, 1);
	it.each([
		['5 MB of junk', 'delete.fields', { junk: 'x'.repeat(5 * 1024 * 1024) }],
		['a password field', 'delete.fields', { password: 'matkhau123' }],
		['an otp field', 'delete.fields', { otp: '123456' }],
		['the whole record again', 'delete.fields', wholeRecord],
		['an attachment', 'field.reserved', { _attachments: { 'a.txt': { data: 'aGk=' } } }],
		['no updatedBy', 'invalid_type', { updatedBy: undefined }],
		['another writer', 'policy.updatedBy', { updatedBy: HUNG.username }],
		['a malformed updatedBy', 'username.format', { updatedBy: 'Lan <script>' }],
		['no updatedAt', 'invalid_type', { updatedAt: undefined }],
		['a date that is not one', 'invalid_format', { updatedAt: 'hôm qua' }],
		['_deleted not a boolean', 'delete.fields', { _deleted: 'yes' }]
	] as const)('refuses %s [%s]', async (_label, rule, extra) => {
		const base = await stored(nextSeed++);
		const doc = { ...base, _deleted: true, updatedBy: LAN.username, updatedAt: at(), ...extra };
		const res = await bulk([doc]);
		expect(res.status).toBe(201);
		expect(res.body[0]).toMatchObject({ id: base._id, error: 'forbidden' });
		expect(res.body[0].reason).toContain(`[${rule}]`);
		// Still there, undeleted.
		const got = await call(server.url, `${DB}/${base._id}`, { headers: bearer(lan) });
		expect(got.status).toBe(200);
	});

	it.each([
		['a NUL', 'hh-\u0000-x'],
		['a lone surrogate', 'hh-\ud800-x'],
		['100,000 characters', 'h'.repeat(100_000)],
		['a space', 'hh x']
	])('refuses an id with %s, as for a live record', async (_label, id) => {
		const tomb = { _id: id, _deleted: true, updatedBy: LAN.username, updatedAt: at() };
		const live = household(LAN, 7, { _id: id });
		const res = await bulk([tomb, live]);
		expect(res.body.map((r: { error?: string }) => r.error)).toEqual(['forbidden', 'forbidden']);
		expect(res.body[0].reason).toContain('[id.format]');
	});

	it('accepts a proper tombstone and keeps the scope inside: readers see only the deletion', async () => {
		const base = await stored(200);
		const res = await bulk([{ ...base, _deleted: true, updatedBy: LAN.username, updatedAt: at() }]);
		expect(res.body[0]).toMatchObject({ ok: true });
		const rev = res.body[0].rev;
		const asLan = await call(server.url, `${DB}/${base._id}?rev=${rev}`, { headers: bearer(lan) });
		expect(Object.keys(asLan.body).sort()).toEqual([
			'_deleted',
			'_id',
			'_rev',
			'updatedAt',
			'updatedBy'
		]);
		const changes = await call(server.url, `${DB}/_changes?include_docs=true&since=0`, {
			headers: bearer(lan)
		});
		const row = changes.body.results.find((r: { id: string }) => r.id === base._id);
		expect(row.deleted).toBe(true);
		expect(row.doc).toEqual({
			_id: base._id,
			_rev: rev,
			_deleted: true,
			updatedBy: LAN.username,
			updatedAt: expect.any(String)
		});
		// Still scoped: another hamlet's volunteer does not see it at all.
		const asHung = await call(server.url, `${DB}/_changes?include_docs=true&since=0`, {
			headers: bearer(hung)
		});
		expect(asHung.body.results.some((r: { id: string }) => r.id === base._id)).toBe(false);
	});

	it('DELETE is stamped by the server with the signed-in user', async () => {
		const base = await stored(300);
		const del = await call(server.url, `${DB}/${base._id}?rev=${base._rev}`, {
			method: 'DELETE',
			headers: bearer(lan)
		});
		expect(del.status).toBe(200);
		const got = await call(server.url, `${DB}/${base._id}?rev=${del.body.rev}`, {
			headers: bearer(lan)
		});
		expect(got.body.updatedBy).toBe(LAN.username);
		expect(Date.parse(got.body.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
	});

	it('a replicated tombstone may carry its _revisions, and nothing more', async () => {
		const base = await stored(400);
		const [gen, hash] = base._rev.split('-');
		const next = `${Number(gen) + 1}-${'e'.repeat(32)}`;
		const res = await call(server.url, `${DB}/_bulk_docs`, {
			headers: bearer(lan),
			body: {
				new_edits: false,
				docs: [
					{
						_id: base._id,
						_rev: next,
						_deleted: true,
						_revisions: { start: Number(gen) + 1, ids: ['e'.repeat(32), hash] },
						updatedBy: LAN.username,
						updatedAt: at()
					}
				]
			}
		});
		expect(res.body[0]).toMatchObject({ ok: true, rev: next });
	});

	it('a phone deleting its copy of a record moved to another hamlet is answered as done', async () => {
		const hai = (await login(server.url, HAI.username)).token;
		const base = await stored(500);
		const dir = mkdtempSync(join(tmpdir(), 'tramso-moved-'));
		const phone = new PouchDB(join(dir, 'phone'));
		const remote = new PouchDB(`${server.url}${DB}`, {
			auth: { username: LAN.username, password: DEMO_PASSWORD }
		});
		await phone.replicate.from(remote);
		expect((await phone.get(base._id))._id).toBe(base._id);
		const current = await call(server.url, `${DB}/${base._id}`, { headers: bearer(lan) });
		const moved = { ...current.body, hamlet: HUNG.hamlet, updatedBy: HAI.username };
		expect((await bulk([moved], hai)).body[0]).toMatchObject({ ok: true });
		// PouchDB's replicator, too, receives the move as a deletion on Lan's phone.
		const pulled = await phone.replicate.from(remote);
		expect(pulled.ok).toBe(true);
		await expect(phone.get(base._id)).rejects.toMatchObject({ status: 404 });
		await phone.close();
		await remote.close();
		rmSync(dir, { recursive: true, force: true });
		const tomb = { ...base, _deleted: true, updatedBy: LAN.username, updatedAt: at() };
		const res = await bulk([tomb]);
		expect(res.body[0]).toMatchObject({ ok: true, id: base._id });
		// Nothing was deleted: the record lives on in its new hamlet.
		const there = await call(server.url, `${DB}/${base._id}`, { headers: bearer(hung) });
		expect(there.body.hamlet).toBe(HUNG.hamlet);
		// A record that never was Lan's is still refused.
		const hungs = household(HUNG, 501);
		const made = await bulk([hungs], hung);
		const steal = await bulk([
			{
				_id: hungs._id,
				_rev: made.body[0].rev,
				_deleted: true,
				updatedBy: LAN.username,
				updatedAt: at()
			}
		]);
		expect(steal.body[0]).toMatchObject({ error: 'forbidden' });
	});

	it('the server still serves a volunteer afterwards', async () => {
		await expectStillServing(server);
	});
});
