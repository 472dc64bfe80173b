import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRecord } from '../../../../src/lib/domain/index.ts';
import { createRng, type Rng } from '../../../factories/index.ts';
import { HAI, HUNG, LAN, heartbeat, household, resident } from '../../helpers/docs.ts';
import {
	ADMIN,
	basic,
	bearer,
	call,
	login,
	startTestServer,
	type TestServer
} from '../../helpers/server.ts';
import { alive, expectStillServing } from './support.ts';

/**
 * A bounded property-style fuzzer: 2,000 requests built from valid documents and query options
 * mutated at random. Properties: no 5xx, the process never exits, `_bulk_docs` answers one row
 * per document, and every record the server stored passes the domain's validation.
 */
const REQUESTS = 2_000;
let server: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
	server = await startTestServer();
	for (const u of [LAN, HUNG, HAI])
		tokens[u.username] = (await login(server.url, u.username)).token;
});
afterAll(() => server.stop());

const HEX = '0123456789abcdef';
const weird: unknown[] = [
	null,
	true,
	-1,
	1.5,
	1e308,
	'',
	'\u0000',
	'\ud800',
	'x'.repeat(5000),
	[],
	[null],
	{},
	{ $gt: '' },
	'../../etc',
	'<script>',
	'1-',
	`1-${'a'.repeat(32)}`
];

function rev(rng: Rng): unknown {
	return rng.pick([
		`${rng.int(1, 5)}-${Array.from({ length: 32 }, () => rng.pick([...HEX])).join('')}`,
		rng.pick(weird),
		`${rng.int(-2, 3)}-${rng.digits(rng.int(0, 40))}`
	]);
}

/** A valid document of a random collection, then a few random mutations. */
function mutated(rng: Rng, n: number): { db: string; doc: Record<string, unknown> } {
	const author = rng.pick([LAN, HUNG]);
	const [db, doc] = rng.pick([
		['c25657_households', () => household(author, n)],
		['c25657_residents', () => resident(author, n)],
		['c25657_heartbeats', () => heartbeat(author, n)]
	] as const);
	const out: Record<string, unknown> = { ...doc() };
	for (let i = rng.int(0, 4); i > 0; i--) {
		const keys = Object.keys(out);
		const op = rng.int(0, 7);
		if (op === 0 && keys.length) delete out[rng.pick(keys)];
		else if (op === 1 && keys.length) out[rng.pick(keys)] = rng.pick(weird);
		else if (op === 2)
			out[rng.pick(['password', 'otp', '_attachments', '_design', 'x', '__proto__'])] =
				rng.pick(weird);
		else if (op === 3) out._rev = rev(rng);
		else if (op === 4)
			out._revisions = { start: rng.pick([1, 2, 'x', -1]), ids: [rng.pick(weird)] };
		else if (op === 5) out._deleted = rng.pick([true, 'yes', false]);
		else if (op === 6)
			out.review = {
				status: rng.pick(['approved', 'returned', 'draft']),
				notes: [],
				history: [{ action: 'approve', by: HAI.username, at: '2026-11-30T09:00:00+07:00' }]
			};
		else out.conflicts = [{ field: 'notes', value: rng.pick(weird), by: author.username, at: 'x' }];
	}
	return { db, doc: out };
}

const options = [
	'since',
	'limit',
	'include_docs',
	'descending',
	'style',
	'feed',
	'timeout',
	'heartbeat',
	'filter',
	'doc_ids',
	'conflicts',
	'keys',
	'key',
	'startkey',
	'endkey',
	'skip',
	'revs',
	'open_revs',
	'rev',
	'latest',
	'revs_info',
	'seq_interval',
	'new_edits',
	'x'
];
const values = [
	'true',
	'false',
	'0',
	'1',
	'-1',
	'10001',
	'abc',
	'[',
	'["a"]',
	'"hh-1"',
	'now',
	'all',
	'longpoll',
	'normal',
	'all_docs',
	'_doc_ids',
	`1-${'b'.repeat(32)}`,
	'%00',
	''
];

function query(rng: Rng): string {
	return Array.from(
		{ length: rng.int(0, 4) },
		() => `${rng.pick(options)}=${encodeURIComponent(rng.pick(values))}`
	).join('&');
}

describe('fuzzed bodies and query strings', () => {
	it(`${REQUESTS} requests: no 5xx, no exit, one row per document, nothing invalid stored`, async () => {
		const rng = createRng(Number(process.env.FUZZ_SEED ?? 20_261_202));
		const failures: string[] = [];
		const started = Date.now();
		let sent = 0;
		let stored = 0;
		while (sent < REQUESTS && Date.now() - started < 50_000) {
			const batch = Array.from({ length: 20 }, async () => {
				const n = sent++;
				const who = rng.pick([LAN, HUNG, HAI]);
				const headers = rng.chance(0.1)
					? basic(ADMIN.username, ADMIN.password)
					: bearer(tokens[who.username]);
				if (rng.chance(0.5)) {
					const docs = Array.from({ length: rng.int(1, 5) }, (_, i) => mutated(rng, n * 10 + i));
					const db = docs[0].db;
					const body = rng.chance(0.9)
						? {
								docs: docs.map((d) => d.doc),
								...(rng.chance(0.3) ? { new_edits: rng.pick([false, 'no']) } : {})
							}
						: rng.pick(weird);
					const res = await call(server.url, `/db/${db}/_bulk_docs`, { headers, body });
					if (res.status >= 500)
						failures.push(`_bulk_docs → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
					if (Array.isArray(res.body))
						stored += res.body.filter((r: { ok?: boolean }) => r.ok).length;
					const wellFormed =
						Array.isArray((body as { docs?: unknown })?.docs) &&
						typeof (body as { new_edits?: unknown }).new_edits !== 'string';
					if (
						res.status === 201 &&
						wellFormed &&
						res.body.length !== (body as { docs: unknown[] }).docs.length
					) {
						failures.push(
							`_bulk_docs answered ${res.body.length} rows for ${(body as { docs: unknown[] }).docs.length} documents`
						);
					}
				} else {
					const path = rng.pick([
						'_changes',
						'_all_docs',
						'',
						'hh-ap-ben-cho-1',
						'_local/cp',
						'_bulk_get',
						'_revs_diff'
					]);
					const method = rng.pick(['GET', 'GET', 'POST', 'PUT', 'DELETE']);
					const body =
						method === 'GET' || method === 'DELETE'
							? undefined
							: rng.pick([...weird, { docs: [{ id: 'x' }] }, { keys: ['a'] }]);
					const res = await call(server.url, `/db/c25657_households/${path}?${query(rng)}`, {
						method,
						headers,
						body
					});
					if (res.status >= 500)
						failures.push(
							`${method} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`
						);
				}
			});
			await Promise.all(batch);
			if (!alive(server)) failures.push(`process exited after ${sent} requests`);
			if (failures.length) break;
		}
		expect(failures, server.output().slice(-3000)).toEqual([]);
		expect(sent).toBeGreaterThanOrEqual(Math.min(REQUESTS, 500));
		// The generator must also make documents the server accepts, or the last property is empty.
		expect(stored).toBeGreaterThan(50);
		const admin = basic(ADMIN.username, ADMIN.password);
		for (const collection of ['households', 'residents', 'heartbeats']) {
			const all = await call(server.url, `/db/c25657_${collection}/_all_docs?include_docs=true`, {
				headers: admin
			});
			const invalid = all.body.rows
				.map((r: { doc: Record<string, unknown> }) => {
					const { _id, _rev: _r, ...rest } = r.doc;
					const v = validateRecord(collection, { ...rest, id: _id });
					return v.ok ? null : `${_id}: ${v.issues.map((i) => i.rule).join(',')}`;
				})
				.filter(Boolean);
			expect(invalid, collection).toEqual([]);
		}
	});

	it('the server still serves a volunteer afterwards', async () => {
		await expectStillServing(server);
	});
});
