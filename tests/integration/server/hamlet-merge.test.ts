import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAI, LAN, TUAN, household, resident, type Author } from '../helpers/docs.ts';
import { bearer, call, login, startTestServer, type TestServer } from '../helpers/server.ts';

// Merging a hamlet into another: its records and volunteers move, a phone that was offline
// during the merge still sends what it wrote under the old hamlet, and nothing is refused.

let server: TestServer;
const tokens: Record<string, string> = {};
const FROM = 'ap-sap-nhap';
const INTO = 'ap-ben-cho';
let volunteer: { username: string; token: string };
const author = (): Author => ({ username: volunteer.username, commune: '25657', hamlet: FROM });

const api = (
	path: string,
	opts: { headers?: Record<string, string>; body?: unknown; method?: string } = {}
) => call(server.url, `/api${path}`, { headers: bearer(tokens[HAI.username]), ...opts });
const bulk = (db: string, docs: unknown[], token = volunteer.token) =>
	call(server.url, `/db/c25657_${db}/_bulk_docs`, { headers: bearer(token), body: { docs } });
const get = (db: string, id: string, token: string) =>
	call(server.url, `/db/c25657_${db}/${encodeURIComponent(id)}`, { headers: bearer(token) });

const hh = () => household(author(), 1);
const person = () => resident(author(), 1, { householdId: hh()._id });

beforeAll(async () => {
	server = await startTestServer();
	for (const a of [LAN, HAI, TUAN])
		tokens[a.username] = (await login(server.url, a.username)).token;
	expect(
		(await api('/communes/25657/hamlets', { body: { id: FROM, name: 'Ấp Sáp Nhập' } })).status
	).toBe(201);
	const made = await api('/communes/25657/users', {
		body: {
			username: 'tnv.sapnhap',
			displayName: 'Tình nguyện viên',
			role: 'volunteer',
			hamlets: [FROM]
		}
	});
	expect(made.status, JSON.stringify(made.body)).toBe(201);
	volunteer = {
		username: 'tnv.sapnhap',
		token: (await login(server.url, 'tnv.sapnhap', made.body.password)).token
	};
	for (const [db, doc] of [
		['households', hh()],
		['residents', person()]
	] as const) {
		const r = await bulk(db, [doc]);
		expect(r.body[0], JSON.stringify(r.body)).toMatchObject({ ok: true });
	}
});
afterAll(() => server.stop());

describe('merging hamlets', () => {
	it('refuses malformed, unknown and out-of-scope merges without changing anything', async () => {
		const path = `/communes/25657/hamlets/${FROM}/merge`;
		const cases: [string, Parameters<typeof api>[1], number][] = [
			['no target', { body: {} }, 400],
			['extra field', { body: { into: INTO, also: 1 } }, 400],
			['not an id', { body: { into: 'Ấp Bến Chò' } }, 400],
			['itself', { body: { into: FROM } }, 400],
			['unknown target', { body: { into: 'ap-khong-co' } }, 400],
			['bad day', { body: { into: INTO, on: '2026-13-01' } }, 400],
			['before it began', { body: { into: INTO, on: '1999-01-01' } }, 400],
			['a volunteer', { body: { into: INTO }, headers: bearer(tokens[LAN.username]) }, 403],
			['another commune', { body: { into: INTO }, headers: bearer(tokens[TUAN.username]) }, 403]
		];
		for (const [what, opts, status] of cases) {
			const res = await api(path, opts);
			expect(res.status, what).toBe(status);
		}
		expect(
			(await api(`/communes/25657/hamlets/ap-khong-co/merge`, { body: { into: INTO } })).status
		).toBe(404);
		expect((await api(`${path}?into=`)).status).toBe(400);
		const list = await api('/communes/25657/hamlets');
		expect(list.body.hamlets.find((h: { id: string }) => h.id === FROM)).toMatchObject({
			validTo: null
		});
		expect((await get('households', hh()._id, volunteer.token)).body.hamlet).toBe(FROM);
	});

	it('previews, then moves every record and volunteer; a late phone write is moved on arrival', async () => {
		const preview = await api(`/communes/25657/hamlets/${FROM}/merge?into=${INTO}`);
		expect(preview.status).toBe(200);
		expect(preview.body).toEqual({
			records: { households: 1, residents: 1, dossiers: 0, addresses: 0 },
			users: ['tnv.sapnhap']
		});
		const before = (await get('residents', person()._id, volunteer.token)).body;

		const merged = await api(`/communes/25657/hamlets/${FROM}/merge`, { body: { into: INTO } });
		expect(merged.status, JSON.stringify(merged.body)).toBe(200);
		expect(merged.body.moved).toEqual({ households: 1, residents: 1, dossiers: 0, addresses: 0 });
		expect(merged.body.users).toEqual(['tnv.sapnhap']);
		expect(merged.body.hamlet).toMatchObject({
			id: FROM,
			mergedInto: INTO,
			mergedBy: HAI.username
		});
		expect(merged.body.hamlet.validTo).toMatch(/^\d{4}-\d{2}-\d{2}$/);

		// The records now belong to the other hamlet: its volunteer reads them.
		const moved = await get('residents', person()._id, tokens[LAN.username]);
		expect(moved.status).toBe(200);
		expect(moved.body).toMatchObject({
			hamlet: INTO,
			fullName: before.fullName,
			updatedBy: HAI.username
		});
		const people = await api('/communes/25657/users');
		expect(
			people.body.users.find((u: { username: string }) => u.username === volunteer.username).hamlets
		).toEqual([INTO]);

		// A phone offline during the merge sends a new record under the old hamlet: taken, then moved.
		const late = household(author(), 2);
		const sent = await bulk('households', [late]);
		expect(sent.body[0], JSON.stringify(sent.body)).toMatchObject({ ok: true });
		expect((await get('households', late._id, volunteer.token)).body.hamlet).toBe(INTO);
		// Its edit of a record it held from before the merge is a conflict to merge, not a refusal.
		const stale = await bulk('residents', [
			{ ...before, note: undefined, updatedAt: new Date().toISOString() }
		]);
		expect(stale.body[0]).toMatchObject({ error: 'conflict' });

		// The merge is in the audit log, with what moved.
		const log = await api('/communes/25657/audit?action=hamlet.merge');
		expect(log.body.entries[0]).toMatchObject({
			kind: 'event',
			action: 'hamlet.merge',
			by: HAI.username,
			subject: FROM
		});

		// Run again (after a crash, say): nothing left to move, nothing changes.
		const again = await api(`/communes/25657/hamlets/${FROM}/merge`, { body: { into: INTO } });
		expect(again.status).toBe(200);
		expect(again.body.moved).toEqual({ households: 0, residents: 0, dossiers: 0, addresses: 0 });
		// A retired hamlet cannot be merged elsewhere, nor can anything merge into it.
		expect(
			(await api(`/communes/25657/hamlets/${FROM}/merge`, { body: { into: 'ap-thanh-hoa' } }))
				.status
		).toBe(409);
		expect((await api(`/communes/25657/hamlets/ap-thanh-hoa/merge?into=${FROM}`)).status).toBe(409);
	});
});
