import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAI } from '../helpers/docs.ts';
import {
	ADMIN,
	basic,
	bearer,
	call,
	login,
	startTestServer,
	type TestServer
} from '../helpers/server.ts';

// The national unit catalogue: which one is loaded, and what a newer list would change, shown
// to the admin before importing it.

type Ward = { Code: string; FullName: string; AdministrativeUnitShortName: string };
type Province = { Code: string; FullName: string; Wards: Ward[] };
const shipped = JSON.parse(
	readFileSync(
		new URL('../../../static-data/vn-units/vn-units-2026-07-25.json', import.meta.url),
		'utf8'
	)
) as Province[];

let server: TestServer;
const admin = basic(ADMIN.username, ADMIN.password);
beforeAll(async () => {
	server = await startTestServer();
});
afterAll(() => server.stop());

/** The shipped list with Thạnh Đức renamed and made a ward, Tân Hòa dropped and a unit added. */
function newerList(): Province[] {
	const next = structuredClone(shipped);
	const tayNinh = next.find((p) => p.Wards.some((w) => w.Code === '25657'))!;
	const ward = tayNinh.Wards.find((w) => w.Code === '25657')!;
	ward.FullName = 'Phường Thạnh Đức';
	ward.AdministrativeUnitShortName = 'Phường';
	const dropped = tayNinh.Wards.findIndex((w) => w.Code === '25666');
	tayNinh.Wards.splice(dropped, 1);
	tayNinh.Wards.push({
		...ward,
		Code: '99999',
		FullName: 'Xã Mới Lập',
		AdministrativeUnitShortName: 'Xã'
	});
	return next;
}

describe('the unit catalogue', () => {
	it('says which list is loaded: its date, a fingerprint and its counts', async () => {
		const res = await call(server.url, '/api/admin/units', { headers: admin });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ version: '2026-07-25', provinces: 34, importedBy: 'seed' });
		expect(res.body.communes).toBe(shipped.reduce((n, p) => n + p.Wards.length, 0));
		expect(res.body.fingerprint).toMatch(/^[0-9a-f]{16}$/);
	});

	it('previews a newer list: new, dropped (merged or abolished) and changed units, and communes in use', async () => {
		const res = await call(server.url, '/api/admin/units/diff', {
			headers: admin,
			body: newerList()
		});
		expect(res.status).toBe(200);
		expect(res.body.counts).toMatchObject({ added: 1, removed: 1, changed: 1 });
		expect(res.body.added).toEqual([
			expect.objectContaining({ code: '99999', name: 'Xã Mới Lập', level: 'commune' })
		]);
		expect(res.body.removed).toEqual([expect.objectContaining({ code: '25666' })]);
		expect(res.body.changed).toEqual([
			expect.objectContaining({
				code: '25657',
				before: { name: 'Xã Thạnh Đức', unitType: 'Xã' },
				after: { name: 'Phường Thạnh Đức', unitType: 'Phường' }
			})
		]);
		// Both demo communes are set up here: the office must know before importing.
		expect(res.body.inUse).toEqual(['25657', '25666']);
		// The preview changed nothing.
		expect((await call(server.url, '/api/admin/units', { headers: admin })).body.version).toBe(
			'2026-07-25'
		);
	});

	it('refuses malformed lists, bad labels and anyone but an admin', async () => {
		const hai = (await login(server.url, HAI.username)).token;
		expect((await call(server.url, '/api/admin/units', { headers: bearer(hai) })).status).toBe(403);
		expect(
			(await call(server.url, '/api/admin/units/diff', { headers: bearer(hai), body: [] })).status
		).toBe(403);
		for (const body of [{}, [{ Code: 1 }], 'x', [{ Code: '01', Wards: 'no' }]]) {
			const res = await call(server.url, '/api/admin/units/diff', { headers: admin, body });
			expect(res.status, JSON.stringify(body)).toBe(400);
		}
		const bad = await call(server.url, '/api/admin/units?version=../etc', {
			headers: admin,
			body: newerList()
		});
		expect(bad.status).toBe(400);
	});

	it('imports the newer list under its label; the fingerprint follows the content', async () => {
		const before = (await call(server.url, '/api/admin/units', { headers: admin })).body;
		const res = await call(server.url, '/api/admin/units?version=2026-12-01', {
			headers: admin,
			body: newerList()
		});
		expect(res.status).toBe(201);
		const after = (await call(server.url, '/api/admin/units', { headers: admin })).body;
		expect(after).toMatchObject({ version: '2026-12-01', importedBy: ADMIN.username });
		expect(after.fingerprint).not.toBe(before.fingerprint);
		const log = await call(server.url, '/api/admin/audit?action=units.import', { headers: admin });
		expect(log.body.entries[0]).toMatchObject({
			by: ADMIN.username,
			details: { version: '2026-12-01' }
		});
	});
});
