import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUNG, LAN, household } from '../../helpers/docs.ts';
import { bearer, call, login, startTestServer, type TestServer } from '../../helpers/server.ts';
import { expectStillServing } from './support.ts';

/** Class 7: a record outside the caller's hamlets answers exactly as an id nobody wrote. */
let server: TestServer;
let lan: string;
let hung: string;
const DB = '/db/c25657_households';
const HIDDEN = 'hh-hidden-hung';
const HIDDEN_DELETED = 'hh-hidden-hung-deleted';
const ABSENT = 'hh-never-written';
let hiddenRev = '';

beforeAll(async () => {
	server = await startTestServer();
	lan = (await login(server.url, LAN.username)).token;
	hung = (await login(server.url, HUNG.username)).token;
	const write = (token: string, docs: unknown[]) =>
		call(server.url, `${DB}/_bulk_docs`, { headers: bearer(token), body: { docs } });
	const made = await write(hung, [
		household(HUNG, 1, { _id: HIDDEN }),
		household(HUNG, 2, { _id: HIDDEN_DELETED })
	]);
	hiddenRev = made.body[0].rev;
	const del = await call(server.url, `${DB}/${HIDDEN_DELETED}?rev=${made.body[1].rev}`, {
		method: 'DELETE',
		headers: bearer(hung)
	});
	expect(del.status).toBe(200);
	// Lan's and Hưng's records interleave in id order, so a range read crosses both.
	await write(
		lan,
		Array.from({ length: 6 }, (_, i) => household(LAN, 10 + i, { _id: `hh-mix-${i}-a` }))
	);
	await write(
		hung,
		Array.from({ length: 6 }, (_, i) => household(HUNG, 20 + i, { _id: `hh-mix-${i}-b` }))
	);
});
afterAll(() => server.stop());

/** Status and body with the asked id replaced, so two answers can be compared. */
async function answer(path: (id: string) => string, id: string, init: { body?: unknown } = {}) {
	const res = await call(server.url, path(id), { headers: bearer(lan), ...init });
	const text = JSON.stringify(res.body).replaceAll(id, '<id>');
	return { status: res.status, body: JSON.parse(text) };
}

const rev = () => hiddenRev;
const q = (v: unknown) => encodeURIComponent(JSON.stringify(v));
const reads: [string, (id: string) => string, ((id: string) => unknown)?][] = [
	['GET doc', (id) => `${DB}/${id}`],
	['GET doc ?rev', (id) => `${DB}/${id}?rev=${rev()}`],
	['GET doc ?revs', (id) => `${DB}/${id}?revs=true`],
	['GET doc ?revs_info', (id) => `${DB}/${id}?revs_info=true`],
	['GET doc ?conflicts', (id) => `${DB}/${id}?conflicts=true`],
	['GET doc ?deleted_conflicts', (id) => `${DB}/${id}?deleted_conflicts=true`],
	['GET doc ?meta', (id) => `${DB}/${id}?meta=true`],
	['GET doc ?latest&rev', (id) => `${DB}/${id}?latest=true&rev=${rev()}`],
	['GET doc ?open_revs=all', (id) => `${DB}/${id}?open_revs=all`],
	['GET doc ?open_revs=[rev]', (id) => `${DB}/${id}?open_revs=${q([rev()])}&revs=true`],
	[
		'GET doc ?attachments&atts_since',
		(id) => `${DB}/${id}?attachments=true&atts_since=${q([rev()])}`
	],
	[
		'_bulk_get',
		() => `${DB}/_bulk_get?revs=true`,
		(id) => ({ docs: [{ id }, { id, rev: rev() }] })
	],
	['_all_docs keys', () => `${DB}/_all_docs?include_docs=true`, (id) => ({ keys: [id] })],
	['_all_docs key=', (id) => `${DB}/_all_docs?key=${q(id)}&include_docs=true`],
	['_revs_diff', () => `${DB}/_revs_diff`, (id) => ({ [id]: [rev(), `9-${'d'.repeat(32)}`] })],
	[
		'_changes doc_ids GET',
		(id) => `${DB}/_changes?filter=_doc_ids&doc_ids=${q([id])}&include_docs=true`
	],
	[
		'_changes doc_ids POST',
		() => `${DB}/_changes?filter=_doc_ids&style=all_docs`,
		(id) => ({ doc_ids: [id] })
	]
];

describe('out of scope is indistinguishable from absent', () => {
	it.each(reads)('%s', async (_label, path, body) => {
		const init = (id: string) => (body ? { body: body(id) } : {});
		const absent = await answer(path, ABSENT, init(ABSENT));
		expect(await answer(path, HIDDEN, init(HIDDEN))).toEqual(absent);
		expect(await answer(path, HIDDEN_DELETED, init(HIDDEN_DELETED))).toEqual(absent);
		// Hưng, whose hamlet it is, does see it (the comparison above is not of two empty answers).
		const own = await call(server.url, path(HIDDEN), {
			headers: bearer(hung),
			...init(HIDDEN)
		});
		expect(JSON.stringify(own.body)).toContain(HIDDEN);
	});

	it('_all_docs skip, limit and total_rows count only visible rows', async () => {
		const page = async (skip: number) =>
			(
				await call(server.url, `${DB}/_all_docs?startkey=${q('hh-mix')}&limit=2&skip=${skip}`, {
					headers: bearer(lan)
				})
			).body;
		const pages = [await page(0), await page(2), await page(4), await page(6)];
		expect(pages.map((p) => p.rows.map((r: { id: string }) => r.id))).toEqual([
			['hh-mix-0-a', 'hh-mix-1-a'],
			['hh-mix-2-a', 'hh-mix-3-a'],
			['hh-mix-4-a', 'hh-mix-5-a'],
			[]
		]);
		expect(pages.map((p) => [p.offset, p.total_rows])).toEqual([
			[0, 2],
			[2, 4],
			[4, 6],
			[6, 6]
		]);
		// More hidden records change nothing a volunteer can read.
		await call(server.url, `${DB}/_bulk_docs`, {
			headers: bearer(hung),
			body: {
				docs: Array.from({ length: 20 }, (_, i) =>
					household(HUNG, 40 + i, { _id: `hh-mix-${i % 6}-c${i}` })
				)
			}
		});
		expect(await page(2)).toEqual(pages[1]);
	});

	it('the server still serves a volunteer afterwards', async () => {
		await expectStillServing(server);
	});
});
