import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAI, HUNG, LAN, TUAN, household, resident } from '../helpers/docs.ts';
import { bearer, call, login, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
const path = (code = '25657') => `/api/communes/${code}/exports/residents`;
const exportCsv = (body: unknown, token = tokens.hai, code = '25657') =>
	call(server.url, path(code), { headers: bearer(token), body });

/** A resident of Lan's hamlet with a CCCD and phone, and one of Hùng's hamlet. */
const lanResident = resident(LAN, 41, {
	idNumber: '072190041041',
	cccdMismatchConfirmed: true,
	phone: '+84912041041'
});

beforeAll(async () => {
	server = await startTestServer();
	for (const [k, u] of [
		['lan', LAN.username],
		['hung', HUNG.username],
		['hai', HAI.username],
		['tuan', TUAN.username],
		['admin', 'admin']
	]) {
		tokens[k] = (await login(server.url, u, u === 'admin' ? 'tramso-admin' : undefined)).token;
	}
	const docs = (db: string, token: string, list: unknown[]) =>
		call(server.url, `/db/${db}/_bulk_docs`, { headers: bearer(token), body: { docs: list } });
	const write = await docs('c25657_residents', tokens.lan, [
		{ ...lanResident, householdId: 'hh-ap-ben-cho-41' }
	]);
	expect(write.body[0], JSON.stringify(write.body)).toMatchObject({ ok: true });
	await docs('c25657_households', tokens.lan, [household(LAN, 41, { _id: 'hh-ap-ben-cho-41' })]);
	const hung = await docs('c25657_residents', tokens.hung, [resident(HUNG, 42)]);
	expect(hung.body[0]).toMatchObject({ ok: true });
});
afterAll(() => server.stop());

describe('residents CSV exported by the server', () => {
	it('gives the commune official a masked UTF-8 CSV with a BOM by default, and records the export', async () => {
		const res = await exportCsv({});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(
			/^attachment; filename="cu-dan-xa-25657-/
		);
		// fetch's text() drops a BOM, so the bytes are read as they came.
		const raw = await fetch(server.url + path(), {
			method: 'POST',
			headers: { ...bearer(tokens.hai), 'content-type': 'application/json' },
			body: '{}'
		});
		const bytes = new Uint8Array(await raw.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = res.body as string;
		expect(text).toMatch(/^Ấp\/Thôn,"Số nhà, đường",Họ và tên,/);
		expect(text).toContain(lanResident.fullName as string);
		expect(text).toContain('Ấp Bến Chò');
		expect(text).toContain('xxxx xxxx 1041');
		expect(text).not.toContain('072190041041');
		expect(text).not.toContain('912041041');

		const log = await call(server.url, '/api/communes/25657/exports', {
			headers: bearer(tokens.hai)
		});
		expect(log.status).toBe(200);
		expect(log.body.exports[0]).toMatchObject({
			by: HAI.username,
			columns: 'masked',
			separator: 'comma',
			rows: 2,
			reason: null
		});
		expect(log.body.exports[0].headers).toContain('Số CCCD');
		expect(log.body.exports.map((e: { id: string }) => e.id)).toContain(
			res.headers.get('x-export-id')
		);
		const audit = await call(server.url, '/api/communes/25657/audit', {
			headers: bearer(tokens.hai)
		});
		expect(audit.body.entries).toContainEqual(
			expect.objectContaining({
				collection: 'exports',
				docId: res.headers.get('x-export-id'),
				by: HAI.username,
				action: 'create'
			})
		);
	});

	it('exports full numbers only with a reason, which is kept; ; for Excel in Vietnamese', async () => {
		const none = await exportCsv({ columns: 'full' });
		expect(none.status).toBe(400);
		expect(none.body.reason).toContain('lý do');
		const res = await exportCsv({
			columns: 'full',
			separator: 'semicolon',
			hamlet: 'ap-ben-cho',
			reason: 'Đối chiếu với Công an xã cho đợt mức 2'
		});
		expect(res.status).toBe(200);
		const text = res.body as string;
		expect(text).toMatch(/^Ấp\/Thôn;"Số nhà, đường";Họ và tên;/);
		expect(text).toContain('="072190041041"');
		expect(text).toContain('="0912041041"');
		// Only the hamlet asked for.
		expect(text.trimEnd().split('\r\n')).toHaveLength(2);
		const log = await call(server.url, '/api/communes/25657/exports', {
			headers: bearer(tokens.hai)
		});
		expect(log.body.exports[0]).toMatchObject({
			columns: 'full',
			separator: 'semicolon',
			hamlet: 'ap-ben-cho',
			rows: 1,
			reason: 'Đối chiếu với Công an xã cho đợt mức 2'
		});
	});

	it('refuses volunteers, other communes, full numbers to an admin, and unauthenticated calls', async () => {
		expect((await exportCsv({}, tokens.lan)).status).toBe(403);
		expect((await exportCsv({}, tokens.tuan)).status).toBe(403);
		expect((await exportCsv({}, tokens.hai, '25666')).status).toBe(403);
		expect(
			(await call(server.url, '/api/communes/25666/exports', { headers: bearer(tokens.hai) }))
				.status
		).toBe(403);
		const admin = await exportCsv({}, tokens.admin);
		expect(admin.status).toBe(200);
		expect(admin.body).not.toContain('072190041041');
		const adminFull = await exportCsv(
			{ columns: 'full', reason: 'Tỉnh kiểm tra số liệu tháng' },
			tokens.admin
		);
		expect(adminFull.status).toBe(403);
		expect((await call(server.url, path(), { body: {} })).status).toBe(401);
		expect((await exportCsv({}, 'not-a-token')).status).toBe(401);
		// None of the refused calls left an export on record.
		const log = await call(server.url, '/api/communes/25657/exports', {
			headers: bearer(tokens.hai)
		});
		expect(log.body.exports.map((e: { by: string }) => e.by)).not.toContain(LAN.username);
	});

	it('refuses malformed requests with a 400 and never a crash', async () => {
		for (const body of [
			{ columns: 'everything' },
			{ separator: '\t' },
			{ hamlet: '../../etc' },
			{ hamlet: 'ap-khong-co' },
			{ reason: 'x'.repeat(301), columns: 'full' },
			{ include: ['password'] },
			['columns', 'full'],
			'full',
			null
		]) {
			const res = await exportCsv(body);
			expect(res.status, JSON.stringify(body)).toBe(400);
			expect(res.body.error).toBe('bad_request');
		}
		const raw = await fetch(server.url + path(), {
			method: 'POST',
			headers: { ...bearer(tokens.hai), 'content-type': 'application/json' },
			body: '{"columns": '
		});
		expect(raw.status).toBe(400);
		const big = await fetch(server.url + path(), {
			method: 'POST',
			headers: { ...bearer(tokens.hai), 'content-type': 'application/json' },
			body: JSON.stringify({ reason: 'x'.repeat(40_000) })
		});
		expect(big.status).toBe(413);
		expect((await exportCsv({}, tokens.hai, '2565')).status).toBe(400);
		expect((await exportCsv({}, tokens.hai, '99999')).status).toBe(404);
		const health = await call(server.url, '/api/health');
		expect(health.status).toBe(200);
	});
});
