import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAN, household } from '../../helpers/docs.ts';
import {
	ADMIN,
	basic,
	bearer,
	call,
	login,
	startTestServer,
	type TestServer
} from '../../helpers/server.ts';
import { expectStillServing } from './support.ts';

/**
 * Class 2: every query option CouchDB documents for each endpoint, sent with wrong types and
 * values. Each must be a CouchDB-shaped 400 (never passed to the store, never a 5xx), and an
 * engine exception on one request must not end the process.
 */
let server: TestServer;
let lan: string;
const DB = '/db/c25657_households';
const doc = household(LAN, 1);
const HEX = 'c'.repeat(32);

beforeAll(async () => {
	server = await startTestServer();
	lan = (await login(server.url, LAN.username)).token;
	const put = await call(server.url, `${DB}/${doc._id}`, {
		method: 'PUT',
		headers: bearer(lan),
		body: doc
	});
	expect(put.status).toBe(201);
});
afterAll(() => server.stop());

const bool = ['yes', '1', '', 'TRUE'];
const int = ['-1', 'abc', '1.5', '1e3', '', '99999999999999999999'];
const jsonKey = ['[', '5', '{"a":1}', 'notjson', `"${'k'.repeat(1001)}"`];
const jsonList = ['[', '"a"', '[1,2]', '{"a":1}'];
const rev = ['banana', '1-', '0-abc', '', '1-x y'];
const docid = ['x'.repeat(1001)];

/** Documented CouchDB query options per endpoint, each with values it must refuse. */
const endpoints: {
	method: string;
	path: string;
	body?: unknown;
	options: Record<string, string[]>;
}[] = [
	{ method: 'GET', path: `${DB}/`, options: { anything: ['1'] } },
	{ method: 'POST', path: `${DB}`, body: household(LAN, 2), options: { batch: ['no', ''] } },
	{
		method: 'GET',
		path: `${DB}/_changes`,
		options: {
			doc_ids: jsonList,
			conflicts: bool,
			descending: bool,
			feed: ['weird', '', 'continuous', 'eventsource'],
			filter: ['app/by_hamlet', '_view', '_design', '_selector'],
			heartbeat: ['abc', '-5', 'false'],
			include_docs: bool,
			attachments: bool,
			att_encoding_info: bool,
			'last-event-id': ['x y', '-1'],
			limit: int,
			since: ['abc', '-1', '\u0000', '1.5'],
			style: ['weird', ''],
			timeout: int,
			view: ['app/by_hamlet'],
			seq_interval: ['0', 'abc']
		}
	},
	{
		method: 'POST',
		path: `${DB}/_changes`,
		body: { doc_ids: [doc._id] },
		options: { filter: ['_selector', 'x'], limit: int, since: ['abc'] }
	},
	{
		method: 'GET',
		path: `${DB}/_all_docs`,
		options: {
			conflicts: bool,
			descending: bool,
			endkey: jsonKey,
			end_key: jsonKey,
			endkey_docid: docid,
			end_key_doc_id: docid,
			group: ['true', 'maybe'],
			group_level: ['1', '-1'],
			include_docs: bool,
			attachments: bool,
			att_encoding_info: bool,
			inclusive_end: bool,
			key: jsonKey,
			keys: jsonList,
			limit: int,
			reduce: ['true', 'maybe'],
			skip: int,
			sorted: bool,
			stable: bool,
			stale: ['never', ''],
			startkey: jsonKey,
			start_key: jsonKey,
			startkey_docid: docid,
			start_key_doc_id: docid,
			update: ['sometimes', ''],
			update_seq: bool
		}
	},
	{
		method: 'POST',
		path: `${DB}/_bulk_get`,
		body: { docs: [{ id: doc._id }] },
		options: { revs: bool, attachments: bool, latest: bool }
	},
	{ method: 'POST', path: `${DB}/_revs_diff`, body: {}, options: { revs: ['true'] } },
	{
		method: 'POST',
		path: `${DB}/_bulk_docs`,
		body: { docs: [] },
		options: { new_edits: ['false'], all_or_nothing: ['true'] }
	},
	{ method: 'POST', path: `${DB}/_ensure_full_commit`, options: { seq: ['1'] } },
	{ method: 'GET', path: `${DB}/_local/cp`, options: { rev, revs: ['true'] } },
	{ method: 'PUT', path: `${DB}/_local/cp`, body: { a: 1 }, options: { rev, batch: ['no'] } },
	{ method: 'DELETE', path: `${DB}/_local/cp`, options: { rev, batch: ['no'] } },
	{
		method: 'GET',
		path: `${DB}/${doc._id}`,
		options: {
			attachments: bool,
			att_encoding_info: bool,
			atts_since: jsonList,
			conflicts: bool,
			deleted_conflicts: bool,
			latest: bool,
			local_seq: ['true', 'maybe'],
			meta: bool,
			open_revs: ['[', '[1]', 'some', '[]'],
			rev,
			revs: bool,
			revs_info: bool
		}
	},
	{
		method: 'PUT',
		path: `${DB}/${doc._id}`,
		body: doc,
		options: { rev, batch: ['no'], new_edits: bool }
	},
	{ method: 'DELETE', path: `${DB}/${doc._id}`, options: { rev, batch: ['no'] } },
	{ method: 'GET', path: `${DB}/${doc._id}/photo.jpg`, options: { rev } }
];

describe('every documented query option with a wrong type or value is a CouchDB-shaped 400', () => {
	it.each(endpoints)('$method $path', async ({ method, path, body, options }) => {
		const wrong: string[] = [];
		for (const [name, values] of Object.entries(options)) {
			for (const value of values) {
				const q = `${name}=${encodeURIComponent(value)}`;
				for (const headers of [bearer(lan), basic(ADMIN.username, ADMIN.password)]) {
					const res = await call(server.url, `${path}?${q}`, { method, headers, body });
					const shaped =
						res.status === 400 &&
						res.body.error === 'bad_request' &&
						typeof res.body.reason === 'string';
					if (!shaped) wrong.push(`${q} → ${res.status} ${JSON.stringify(res.body).slice(0, 100)}`);
				}
			}
		}
		expect(wrong).toEqual([]);
	});

	it('names the option it refuses, and refuses one given twice', async () => {
		const unknown = await call(server.url, `${DB}/_changes?include_doc=true`, {
			headers: bearer(lan)
		});
		expect(unknown.body).toEqual({
			error: 'bad_request',
			reason: 'unknown query option: include_doc'
		});
		const typed = await call(server.url, `${DB}/_changes?limit=abc`, { headers: bearer(lan) });
		expect(typed.body.reason).toMatch(/^limit: /);
		const twice = await call(server.url, `${DB}/_changes?limit=1&limit=2`, {
			headers: bearer(lan)
		});
		expect(twice.status).toBe(400);
	});

	it('refuses wrongly typed body fields', async () => {
		const cases: [string, unknown][] = [
			['_all_docs', { keys: 'x' }],
			['_all_docs', { include_docs: 'yes' }],
			['_all_docs', { limit: -1 }],
			['_all_docs', { keys: [1] }],
			['_all_docs', { unknown: true }],
			['_bulk_get', { docs: 'x' }],
			['_bulk_get', { docs: [{ id: 5 }] }],
			['_bulk_get', { docs: [{ id: 'a', rev: 'banana' }] }],
			['_revs_diff', { a: 'x' }],
			['_revs_diff', []],
			['_bulk_docs', { docs: {} }],
			['_bulk_docs', { docs: [], new_edits: 'no' }],
			['_bulk_docs', { docs: [], unknown: 1 }],
			['_changes?filter=_doc_ids', { doc_ids: 'x' }],
			['_changes?filter=_doc_ids', { doc_ids: [1] }]
		];
		for (const [path, body] of cases) {
			const res = await call(server.url, `${DB}/${path}`, { headers: bearer(lan), body });
			expect([path, res.status, res.body.error]).toEqual([path, 400, 'bad_request']);
		}
	});
});

describe('engine exceptions stay with their request', () => {
	it('latest=true with a revision that does not exist is a 404, not the end of the process', async () => {
		for (const headers of [bearer(lan), basic(ADMIN.username, ADMIN.password)]) {
			const res = await call(server.url, `${DB}/${doc._id}?latest=true&rev=9-${HEX}`, { headers });
			expect(res.status).toBe(404);
			expect(res.body.error).toBe('not_found');
			const open = await call(
				server.url,
				`${DB}/${doc._id}?latest=true&open_revs=${encodeURIComponent(JSON.stringify([`9-${HEX}`]))}`,
				{ headers }
			);
			expect(open.status).toBeLessThan(500);
		}
		// The same request on a database the admin reaches through express-pouchdb.
		const admin = basic(ADMIN.username, ADMIN.password);
		expect((await call(server.url, '/db/scratch', { method: 'PUT', headers: admin })).status).toBe(
			201
		);
		await call(server.url, '/db/scratch/d', { method: 'PUT', headers: admin, body: { a: 1 } });
		const raw = await call(server.url, `/db/scratch/d?latest=true&rev=9-${HEX}`, {
			headers: admin
		});
		expect(raw.status).toBe(404);
		const latest = await call(server.url, `${DB}/${doc._id}`, { headers: bearer(lan) });
		const current = await call(server.url, `${DB}/${doc._id}?latest=true&rev=${latest.body._rev}`, {
			headers: bearer(lan)
		});
		expect(current.body._rev).toBe(latest.body._rev);
	});

	it('the server still serves a volunteer afterwards', async () => {
		await expectStillServing(server);
	});
});
