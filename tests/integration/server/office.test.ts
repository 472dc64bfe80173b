import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAI, HUNG, LAN, TUAN, household } from '../helpers/docs.ts';
import {
	ADMIN,
	basic,
	bearer,
	call,
	login,
	startTestServer,
	type TestServer
} from '../helpers/server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
const admin = basic(ADMIN.username, ADMIN.password);
const hai = () => bearer(tokens[HAI.username]);
/** An official of the other demo commune (25666), made by the admin. */
const FOREIGN_OFFICIAL = { username: 'cb.truongmit', password: 'mat-khau-truong-mit' };

beforeAll(async () => {
	server = await startTestServer();
	for (const a of [LAN, HAI, TUAN])
		tokens[a.username] = (await login(server.url, a.username)).token;
	const made = await call(server.url, '/api/admin/users', {
		headers: admin,
		body: { ...FOREIGN_OFFICIAL, role: 'official', commune: '25666' }
	});
	expect(made.status).toBe(201);
});
afterAll(() => server.stop());

const api = (
	path: string,
	opts: { headers?: Record<string, string>; body?: unknown; method?: string } = {}
) => call(server.url, `/api${path}`, { headers: hai(), ...opts });

let serial = 0;
async function addVolunteer(hamlets = ['ap-ben-cho'], headers = hai(), commune = '25657') {
	const username = `tnv.office${++serial}`;
	const res = await api(`/communes/${commune}/users`, {
		headers,
		body: { username, displayName: `Tình nguyện viên ${serial}`, role: 'volunteer', hamlets }
	});
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return { username, password: res.body.password as string, body: res.body };
}

const signIn = (username: string, password: string) =>
	call(server.url, '/api/session', { body: { username, password } });
const changes = (headers: Record<string, string>) =>
	call(server.url, '/db/c25657_households/_changes', { headers });

describe('people of the commune', () => {
	it('an official lists the people of their own commune only, never a password hash', async () => {
		const res = await api('/communes/25657/users');
		expect(res.status).toBe(200);
		const names = res.body.users.map((u: { username: string }) => u.username);
		expect(names).toEqual(expect.arrayContaining([LAN.username, HUNG.username, HAI.username]));
		expect(names).not.toContain(TUAN.username);
		expect(names).not.toContain(ADMIN.username);
		expect(res.body.users[0]).toEqual({
			username: expect.any(String),
			displayName: expect.any(String),
			role: expect.any(String),
			commune: '25657',
			hamlets: expect.any(Array),
			disabled: false
		});
		expect(JSON.stringify(res.body)).not.toMatch(/scrypt|passwordHash/);
	});

	it('adds a volunteer with a generated first password, shown once and usable at once', async () => {
		const v = await addVolunteer();
		expect(v.password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
		expect(v.body.user).toMatchObject({
			username: v.username,
			role: 'volunteer',
			commune: '25657',
			hamlets: ['ap-ben-cho']
		});
		const session = await signIn(v.username, v.password);
		expect(session.status).toBe(200);
		expect(session.body.user.hamlets).toEqual(['ap-ben-cho']);
		// The listing never shows it again.
		const list = await api('/communes/25657/users');
		expect(JSON.stringify(list.body)).not.toContain(v.password);
		// Two people never get the same password.
		expect((await addVolunteer()).password).not.toBe(v.password);
	});

	it('an official may add another official of the commune, never an admin', async () => {
		const res = await api('/communes/25657/users', {
			body: { username: 'cb.phoxa', displayName: 'Phó chủ tịch xã', role: 'official' }
		});
		expect(res.status).toBe(201);
		expect(res.body.user).toMatchObject({ role: 'official', commune: '25657', hamlets: [] });
		const again = await api('/communes/25657/users', {
			body: { username: 'qt.moi', displayName: 'Quản trị', role: 'admin' }
		});
		expect(again.status).toBe(400);
	});

	it.each([
		['no body', undefined, /empty/],
		['an array', ['x'], /^body: .*object/],
		[
			'no username',
			{ displayName: 'A', role: 'volunteer', hamlets: ['ap-ben-cho'] },
			/^username: /
		],
		[
			'a malformed username',
			{ username: 'Có Dấu', displayName: 'A', role: 'volunteer', hamlets: ['ap-ben-cho'] },
			/^username: /
		],
		[
			'no display name',
			{ username: 'tnv.x1', role: 'volunteer', hamlets: ['ap-ben-cho'] },
			/^displayName: /
		],
		[
			'a volunteer without hamlets',
			{ username: 'tnv.x2', displayName: 'A', role: 'volunteer' },
			/hamlet/i
		],
		[
			'hamlets for an official',
			{ username: 'cb.x3', displayName: 'A', role: 'official', hamlets: ['ap-ben-cho'] },
			/hamlet/i
		],
		[
			'a password of its own (it is generated)',
			{
				username: 'tnv.x4',
				displayName: 'A',
				role: 'volunteer',
				hamlets: ['ap-ben-cho'],
				password: 'chon-san-1'
			},
			/password/
		],
		[
			'another commune in the body',
			{
				username: 'tnv.x5',
				displayName: 'A',
				role: 'volunteer',
				hamlets: ['ap-ben-cho'],
				commune: '25666'
			},
			/commune/
		],
		[
			'a hamlet list of strings',
			{ username: 'tnv.x6', displayName: 'A', role: 'volunteer', hamlets: 'ap-ben-cho' },
			/^hamlets: /
		]
	])('refuses %s with a reason naming what is wrong', async (_what, body, reason) => {
		const res = await call(server.url, '/api/communes/25657/users', {
			method: 'POST',
			headers: hai(),
			body
		});
		expect(res.body.reason).toMatch(reason);
		expect(res.status).toBe(400);
		const list = await api('/communes/25657/users');
		expect(JSON.stringify(list.body)).not.toMatch(/tnv\.x\d|cb\.x3/);
	});

	it('refuses a hamlet of another commune, an unknown one and a taken username', async () => {
		const make = (username: string, hamlets: string[]) =>
			api('/communes/25657/users', {
				body: { username, displayName: 'A', role: 'volunteer', hamlets }
			});
		expect((await make('tnv.y1', ['ap-thuan-an'])).status).toBe(404);
		expect((await make('tnv.y2', ['khong-co'])).status).toBe(404);
		expect((await make(LAN.username, ['ap-ben-cho'])).status).toBe(409);
		expect((await make(TUAN.username, ['ap-ben-cho'])).status).toBe(409);
	});

	it('keeps each office to its own commune: other officials, volunteers and strangers are refused', async () => {
		const foreign = basic(FOREIGN_OFFICIAL.username, FOREIGN_OFFICIAL.password);
		const lan = bearer(tokens[LAN.username]);
		const body = {
			username: 'tnv.z1',
			displayName: 'A',
			role: 'volunteer',
			hamlets: ['ap-ben-cho']
		};
		for (const headers of [foreign, lan]) {
			expect((await api('/communes/25657/users', { headers })).status).toBe(403);
			expect((await api('/communes/25657/users', { headers, body })).status).toBe(403);
			expect(
				(await api(`/communes/25657/users/${HUNG.username}/disable`, { headers, body: {} })).status
			).toBe(403);
			expect(
				(await api(`/communes/25657/users/${HUNG.username}/password`, { headers, body: {} })).status
			).toBe(403);
		}
		expect((await api('/communes/25657/users', { headers: {} })).status).toBe(401);
		// Through their own commune's path, another commune's people and the admin are not found.
		for (const who of [TUAN.username, ADMIN.username, 'khong.co.ai']) {
			for (const action of ['disable', 'enable', 'password'])
				expect((await api(`/communes/25657/users/${who}/${action}`, { body: {} })).status).toBe(
					404
				);
			expect(
				(
					await api(`/communes/25657/users/${who}/hamlets`, {
						method: 'PUT',
						body: { hamlets: ['ap-ben-cho'] }
					})
				).status
			).toBe(404);
		}
		expect((await signIn(TUAN.username, 'tramso-demo')).status).toBe(200);
		// An admin reaches any commune; a commune that is not set up is not found.
		expect((await api('/communes/25666/users', { headers: admin })).status).toBe(200);
		expect((await api('/communes/99999/users', { headers: admin })).status).toBe(404);
	});

	it('disabling ends the sessions and refuses sync and sign-in; enabling lets the password in again', async () => {
		const v = await addVolunteer();
		const token = (await signIn(v.username, v.password)).body.token;
		expect((await changes(bearer(token))).status).toBe(200);
		expect((await changes(basic(v.username, v.password))).status).toBe(200);

		expect((await api(`/communes/25657/users/${v.username}/disable`, { body: {} })).status).toBe(
			200
		);
		expect((await changes(bearer(token))).status).toBe(401);
		expect((await changes(basic(v.username, v.password))).status).toBe(401);
		expect((await call(server.url, '/api/session', { headers: bearer(token) })).status).toBe(401);
		expect((await signIn(v.username, v.password)).status).toBe(401);
		const listed = (await api('/communes/25657/users')).body.users.find(
			(u: { username: string }) => u.username === v.username
		);
		expect(listed.disabled).toBe(true);

		expect((await api(`/communes/25657/users/${v.username}/enable`, { body: {} })).status).toBe(
			200
		);
		expect((await changes(bearer(token))).status).toBe(401);
		expect((await signIn(v.username, v.password)).status).toBe(200);
	});

	it('an official cannot disable their own account', async () => {
		const res = await api(`/communes/25657/users/${HAI.username}/disable`, { body: {} });
		expect(res.status).toBe(409);
		expect((await api('/communes/25657/users')).status).toBe(200);
	});

	it('a reset gives a new generated password once; the old one and every session end', async () => {
		const v = await addVolunteer();
		const token = (await signIn(v.username, v.password)).body.token;
		const res = await api(`/communes/25657/users/${v.username}/password`, { body: {} });
		expect(res.status).toBe(200);
		expect(res.body.password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
		expect(res.body.password).not.toBe(v.password);
		expect((await changes(bearer(token))).status).toBe(401);
		expect((await signIn(v.username, v.password)).status).toBe(401);
		expect((await signIn(v.username, res.body.password)).status).toBe(200);
	});

	it('assigns hamlets: the next sync follows, another commune’s and bad lists are refused', async () => {
		const v = await addVolunteer(['ap-ben-cho']);
		const headers = basic(v.username, v.password);
		const me = { username: v.username, commune: '25657', hamlet: 'ap-thanh-hoa' };
		const put = (hamlets: unknown, who = v.username) =>
			api(`/communes/25657/users/${who}/hamlets`, { method: 'PUT', body: { hamlets } });
		const write = () =>
			call(server.url, '/db/c25657_households/_bulk_docs', {
				headers,
				body: { docs: [household(me, 900 + serial)] }
			});
		expect((await write()).body[0].error).toBe('forbidden');

		const res = await put(['ap-thanh-hoa']);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.body.hamlets).toEqual(['ap-thanh-hoa']);
		expect((await write()).body[0].ok).toBe(true);
		const session = await signIn(v.username, v.password);
		expect(session.body.user.hamlets).toEqual(['ap-thanh-hoa']);

		expect((await put([])).status).toBe(400);
		expect((await put('ap-ben-cho')).status).toBe(400);
		expect((await put(['Ấp Có Dấu'])).status).toBe(400);
		expect((await put(['ap-thuan-an'])).status).toBe(404);
		expect((await put(['ap-ben-cho'], HAI.username)).status).toBe(400);
		expect(
			(
				await api(`/communes/25657/users/${v.username}/hamlets`, {
					method: 'PUT',
					body: { hamlets: ['ap-ben-cho'], role: 'official' }
				})
			).status
		).toBe(400);
		expect((await signIn(v.username, v.password)).body.user).toMatchObject({
			role: 'volunteer',
			hamlets: ['ap-thanh-hoa']
		});
	});
});

describe('hamlets of the commune', () => {
	it('adds, renames (keeping the old name with its date) and retires a hamlet', async () => {
		const add = await api('/communes/25657/hamlets', {
			body: { id: 'ap-moi', name: 'Ấp Mới', validFrom: '2025-07-01' }
		});
		expect(add.status).toBe(201);
		expect(add.body).toMatchObject({ id: 'ap-moi', commune: '25657', validTo: null });

		const renamed = await api('/communes/25657/hamlets/ap-moi/rename', {
			body: { name: 'Ấp Mới Hòa', from: '2026-01-01' }
		});
		expect(renamed.status).toBe(200);
		expect(renamed.body).toMatchObject({
			name: 'Ấp Mới Hòa',
			validFrom: '2025-07-01',
			formerNames: [{ name: 'Ấp Mới', until: '2026-01-01' }]
		});
		const session = await signIn(LAN.username, 'tramso-demo');
		expect(session.body.hamletNames['ap-moi']).toBe('Ấp Mới Hòa');

		// A volunteer still serving it holds the retirement back.
		const v = await addVolunteer(['ap-moi']);
		const early = await api('/communes/25657/hamlets/ap-moi/retire', {
			body: { validTo: '2026-06-30' }
		});
		expect(early.status).toBe(409);
		expect(early.body.reason).toContain(v.username);
		await api(`/communes/25657/users/${v.username}/hamlets`, {
			method: 'PUT',
			body: { hamlets: ['ap-ben-cho'] }
		});
		expect(
			(await api('/communes/25657/hamlets/ap-moi/retire', { body: { validTo: '2025-01-01' } }))
				.status
		).toBe(400);
		const retired = await api('/communes/25657/hamlets/ap-moi/retire', {
			body: { validTo: '2026-06-30' }
		});
		expect(retired.status).toBe(200);
		expect(retired.body).toMatchObject({ validFrom: '2025-07-01', validTo: '2026-06-30' });
		expect(
			(await api('/communes/25657/hamlets/ap-moi/retire', { body: { validTo: '2026-07-30' } }))
				.status
		).toBe(409);
		// Nobody is assigned to a retired hamlet again.
		const assign = await api(`/communes/25657/users/${v.username}/hamlets`, {
			method: 'PUT',
			body: { hamlets: ['ap-moi'] }
		});
		expect(assign.status).toBe(409);

		const list = await api('/communes/25657/hamlets');
		expect(list.body.hamlets.find((h: { id: string }) => h.id === 'ap-moi')).toMatchObject({
			validTo: '2026-06-30',
			formerNames: [{ name: 'Ấp Mới', until: '2026-01-01' }]
		});
	});

	it('refuses bad hamlet bodies, unknown hamlets and other offices', async () => {
		const bad = [
			{ id: 'Ấp X', name: 'Ấp X' },
			{ id: 'ap-x' },
			{ id: 'ap-x', name: '' },
			{ id: 'ap-x', name: 'Ấp X', validFrom: '01/07/2025' },
			{ id: 'ap-x', name: 'Ấp X', commune: '25666' }
		];
		for (const body of bad)
			expect((await api('/communes/25657/hamlets', { body })).status).toBe(400);
		expect(
			(await api('/communes/25657/hamlets', { body: { id: 'ap-ben-cho', name: 'Lặp' } })).status
		).toBe(409);
		expect(
			(await api('/communes/25657/hamlets/ap-ben-cho/rename', { body: { name: '' } })).status
		).toBe(400);
		expect(
			(
				await api('/communes/25657/hamlets/ap-ben-cho/rename', {
					body: { name: 'X', from: '2020-01-01' }
				})
			).status
		).toBe(400);
		expect(
			(await api('/communes/25657/hamlets/ap-ben-cho/retire', { body: { validTo: 'mai' } })).status
		).toBe(400);
		// The former names stay in order: no new name starts before the last one did.
		await api('/communes/25657/hamlets', { body: { id: 'ap-doi-ten', name: 'Ấp Một' } });
		const rename = (name: string, from: string) =>
			api('/communes/25657/hamlets/ap-doi-ten/rename', { body: { name, from } });
		expect((await rename('Ấp Hai', '2030-06-01')).status).toBe(200);
		const backwards = await rename('Ấp Ba', '2030-01-01');
		expect(backwards.status).toBe(400);
		expect(backwards.body.reason).toContain('2030-06-01');
		expect((await rename('Ấp Hai', '2030-07-01')).status).toBe(409);
		expect(
			(await api('/communes/25657/hamlets')).body.hamlets.find(
				(h: { id: string }) => h.id === 'ap-doi-ten'
			)
		).toMatchObject({ name: 'Ấp Hai', formerNames: [{ name: 'Ấp Một', until: '2030-06-01' }] });
		expect(
			(await api('/communes/25657/hamlets/ap-thuan-an/rename', { body: { name: 'X' } })).status
		).toBe(404);
		expect(
			(await api('/communes/25657/hamlets/khong-co/retire', { body: { validTo: '2026-01-01' } }))
				.status
		).toBe(404);
		const lan = bearer(tokens[LAN.username]);
		const foreign = basic(FOREIGN_OFFICIAL.username, FOREIGN_OFFICIAL.password);
		for (const headers of [lan, foreign]) {
			expect((await api('/communes/25657/hamlets', { headers })).status).toBe(403);
			expect(
				(await api('/communes/25657/hamlets', { headers, body: { id: 'ap-y', name: 'Y' } })).status
			).toBe(403);
			expect(
				(await api('/communes/25657/hamlets/ap-ben-cho/rename', { headers, body: { name: 'Y' } }))
					.status
			).toBe(403);
		}
		expect(
			(await api('/communes/25657/hamlets')).body.hamlets.map((h: { name: string }) => h.name)
		).not.toContain('Y');
	});
});

interface Entry {
	kind: string;
	action: string;
	by: string;
	at: string;
	docId?: string;
	subject?: string;
	details?: Record<string, unknown>;
}

describe('the audit log viewer', () => {
	const audit = (query: string, headers = hai()) =>
		api(`/communes/25657/audit?${query}`, { headers });
	async function readAll(query: string, limit: number) {
		const all: Entry[] = [];
		let next: string | null = null;
		do {
			const res = await audit(
				`${query}&limit=${limit}${next ? `&cursor=${encodeURIComponent(next)}` : ''}`
			);
			expect(res.status, JSON.stringify(res.body)).toBe(200);
			all.push(...res.body.entries);
			next = res.body.next;
		} while (next);
		return all;
	}

	it('records every office action by whom and on whom, never a password', async () => {
		const v = await addVolunteer();
		const reset = await api(`/communes/25657/users/${v.username}/password`, { body: {} });
		expect(reset.body.password).toEqual(expect.any(String));
		await api(`/communes/25657/users/${v.username}/disable`, { body: {} });
		await api(`/communes/25657/users/${v.username}/enable`, { body: {} });
		await api(`/communes/25657/users/${v.username}/hamlets`, {
			method: 'PUT',
			body: { hamlets: ['ap-thanh-hoa'] }
		});
		const log = await readAll(`record=${v.username}`, 100);
		expect(log.map((e) => [e.action, e.by, e.subject])).toEqual([
			['user.hamlets', HAI.username, v.username],
			['user.enable', HAI.username, v.username],
			['user.disable', HAI.username, v.username],
			['user.password', HAI.username, v.username],
			['user.add', HAI.username, v.username]
		]);
		expect(log[0].details).toEqual({ before: ['ap-ben-cho'], after: ['ap-thanh-hoa'] });
		const everything = JSON.stringify(await readAll('', 1000));
		expect(everything).toContain(v.username);
		expect(everything).not.toContain(v.password);
		expect(everything).not.toContain(reset.body.password);
	});

	it('filters by user, record, action and date, and pages filtered results to the end', async () => {
		const lan = bearer(tokens[LAN.username]);
		const docs = Array.from({ length: 5 }, (_, i) => household(LAN, 700 + i));
		const pushed = await call(server.url, '/db/c25657_households/_bulk_docs', {
			headers: lan,
			body: { docs }
		});
		expect(pushed.status).toBe(201);

		const byLan = await readAll(`user=${LAN.username}`, 2);
		expect(byLan.length).toBeGreaterThanOrEqual(5);
		expect(byLan.every((e) => e.by === LAN.username)).toBe(true);
		// Paging by 2 reaches exactly what one large page holds.
		expect(byLan).toEqual(await readAll(`user=${LAN.username}`, 1000));

		const one = await readAll(`record=${docs[2]._id}`, 10);
		expect(one.map((e) => [e.docId, e.action, e.by])).toEqual([
			[docs[2]._id, 'create', LAN.username]
		]);
		const creates = await readAll('action=create', 3);
		expect(creates.every((e) => e.action === 'create')).toBe(true);
		expect(creates.map((e) => e.docId)).toEqual(expect.arrayContaining(docs.map((d) => d._id)));

		const at = one[0].at;
		const around = await readAll(
			`since=${encodeURIComponent(at)}&until=${encodeURIComponent(at)}&action=create`,
			2
		);
		expect(around.map((e) => e.docId).sort()).toEqual(docs.map((d) => d._id).sort());
		const before = await readAll(
			`until=${encodeURIComponent(new Date(Date.parse(at) - 1).toISOString())}&action=create`,
			100
		);
		expect(before.some((e) => docs.some((d) => d._id === e.docId))).toBe(false);
		// Local-time offsets mean the same instant.
		const local = new Date(Date.parse(at) + 7 * 3_600_000).toISOString().replace('Z', '+07:00');
		const same = await readAll(`since=${encodeURIComponent(local)}&action=create`, 100);
		expect(same.map((e) => e.docId).sort()).toEqual(docs.map((d) => d._id).sort());
	});

	it.each([
		['an unknown action', 'action=drop'],
		['a malformed user', 'user=A%20B'],
		['a date without time', 'since=2026-01-01'],
		['a date that is not one', 'until=hom-nay'],
		['an empty-looking record of 300 characters', `record=${'x'.repeat(300)}`],
		['a bad limit', 'limit=-1']
	])('refuses %s', async (_what, query) => {
		expect((await audit(query)).status).toBe(400);
		if (!query.startsWith('limit'))
			expect((await api(`/communes/25657/audit.csv?${query}`)).status).toBe(400);
	});

	it('exports the filtered log as CSV with a BOM, formulas defused, for the office only', async () => {
		const res = await fetch(`${server.url}/api/communes/25657/audit.csv?user=${LAN.username}`, {
			headers: hai()
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(
			/attachment; filename="nhat-ky-25657\.csv"/
		);
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
		expect(lines[0]).toBe('at,by,action,collection,record,rev,device,details');
		const all = await readAll(`user=${LAN.username}`, 1000);
		expect(lines.length - 1).toBe(all.length);
		expect(lines.slice(1).every((l) => l.split(',')[1] === LAN.username)).toBe(true);

		// Quotes and commas in the details stay inside their cell.
		await api('/communes/25657/hamlets/ap-thanh-hoa/rename', { body: { name: 'Ấp "Mới", Hòa' } });
		const csv = await (
			await fetch(`${server.url}/api/communes/25657/audit.csv?action=hamlet.rename`, {
				headers: hai()
			})
		).text();
		const row = csv.split('\r\n')[1];
		const details = /,"(\{.*\})"$/.exec(row)?.[1].replaceAll('""', '"');
		expect(JSON.parse(details ?? 'null')).toMatchObject({
			before: 'Ấp Thạnh Hòa',
			after: 'Ấp "Mới", Hòa'
		});
		expect(row.split(',').slice(1, 5)).toEqual([HAI.username, 'hamlet.rename', '', 'ap-thanh-hoa']);

		for (const headers of [
			bearer(tokens[LAN.username]),
			basic(FOREIGN_OFFICIAL.username, FOREIGN_OFFICIAL.password)
		])
			expect((await api('/communes/25657/audit.csv', { headers })).status).toBe(403);
		expect((await api('/admin/audit.csv', { headers: hai() })).status).toBe(403);
		const serverCsv = await fetch(`${server.url}/api/admin/audit.csv`, { headers: admin });
		expect(serverCsv.status).toBe(200);
		const serverBytes = new Uint8Array(await serverCsv.arrayBuffer());
		expect([...serverBytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(new TextDecoder().decode(serverBytes)).toMatch(/^at,by,action,/);
	});
});

describe('out-of-scope and malformed input', () => {
	const lan = () => bearer(tokens[LAN.username]);
	const foreign = () => basic(FOREIGN_OFFICIAL.username, FOREIGN_OFFICIAL.password);
	/** Every office endpoint of a commune, aimed at one of its people and one of its hamlets. */
	const endpoints = (code: string, user: string, hamlet: string) =>
		[
			['GET', `/communes/${code}/users`, undefined],
			[
				'POST',
				`/communes/${code}/users`,
				{ username: 'tnv.scope', displayName: 'A', role: 'volunteer', hamlets: [hamlet] }
			],
			['POST', `/communes/${code}/users/${user}/password`, {}],
			['POST', `/communes/${code}/users/${user}/disable`, {}],
			['POST', `/communes/${code}/users/${user}/enable`, {}],
			['PUT', `/communes/${code}/users/${user}/hamlets`, { hamlets: [hamlet] }],
			['GET', `/communes/${code}/hamlets`, undefined],
			['POST', `/communes/${code}/hamlets`, { id: 'ap-pham-vi', name: 'Ấp Phạm Vi' }],
			['POST', `/communes/${code}/hamlets/${hamlet}/rename`, { name: 'Ấp Phạm Vi' }],
			['POST', `/communes/${code}/hamlets/${hamlet}/retire`, { validTo: '2030-01-01' }],
			['GET', `/communes/${code}/audit`, undefined],
			['GET', `/communes/${code}/audit.csv`, undefined]
		] as const;
	/** The person and the hamlet aimed at are as they were: same password, same name, not retired. */
	async function untouched(code: string, user: string, hamlet: string) {
		expect((await signIn(user, 'tramso-demo')).status).toBe(200);
		const people = (await api(`/communes/${code}/users`, { headers: admin })).body.users;
		expect(people.map((u: { username: string }) => u.username)).not.toContain('tnv.scope');
		expect(people.find((u: { username: string }) => u.username === user)).toMatchObject({
			disabled: false
		});
		const hamlets = (await api(`/communes/${code}/hamlets`, { headers: admin })).body.hamlets;
		expect(hamlets.map((h: { id: string }) => h.id)).not.toContain('ap-pham-vi');
		expect(hamlets.find((h: { id: string }) => h.id === hamlet)).toMatchObject({
			validTo: null
		});
		expect(hamlets.map((h: { name: string }) => h.name)).not.toContain('Ấp Phạm Vi');
	}

	it('a volunteer reaches no office endpoint, not even of their own commune', async () => {
		for (const [method, path, body] of endpoints('25657', HUNG.username, 'ap-thanh-hoa')) {
			const res = await api(path, { method, headers: lan(), body });
			expect(res.status, `${method} ${path}`).toBe(403);
		}
		await untouched('25657', HUNG.username, 'ap-thanh-hoa');
	});

	it('an official of one commune reaches nothing of another, either way round', async () => {
		for (const [method, path, body] of endpoints('25666', TUAN.username, 'ap-thuan-an')) {
			const res = await api(path, { method, body });
			expect(res.status, `${method} ${path}`).toBe(403);
		}
		await untouched('25666', TUAN.username, 'ap-thuan-an');
		for (const [method, path, body] of endpoints('25657', HUNG.username, 'ap-thanh-hoa')) {
			const res = await api(path, { method, headers: foreign(), body });
			expect(res.status, `${method} ${path}`).toBe(403);
		}
		await untouched('25657', HUNG.username, 'ap-thanh-hoa');
	});

	it('the server-wide audit log is for admins only', async () => {
		for (const headers of [hai(), lan(), foreign()]) {
			expect((await api('/admin/audit', { headers })).status).toBe(403);
			expect((await api('/admin/audit.csv', { headers })).status).toBe(403);
		}
		expect((await api('/admin/audit', { headers: {} })).status).toBe(401);
		const page = await api('/admin/audit?limit=5', { headers: admin });
		expect(page.status).toBe(200);
		expect(page.body.entries.every((e: Entry & { commune: unknown }) => e.commune === null)).toBe(
			true
		);
	});

	it('refuses a body that is not JSON, or past 16 KiB, and adds nobody', async () => {
		const raw = await fetch(`${server.url}/api/communes/25657/users`, {
			method: 'POST',
			headers: { ...hai(), 'content-type': 'application/x-www-form-urlencoded' },
			body: 'username=tnv.form&role=volunteer'
		});
		expect(raw.status).toBe(400);
		expect(((await raw.json()) as { reason: string }).reason).toMatch(/JSON/);

		const big = 'x'.repeat(17 * 1024);
		for (const [method, path, body] of [
			[
				'POST',
				'/communes/25657/users',
				{ username: 'tnv.big', displayName: big, role: 'volunteer', hamlets: ['ap-ben-cho'] }
			],
			['POST', '/communes/25657/hamlets', { id: 'ap-big', name: big }],
			['POST', '/communes/25657/hamlets/ap-ben-cho/rename', { name: big }],
			[
				'PUT',
				`/communes/25657/users/${HUNG.username}/hamlets`,
				{ hamlets: ['ap-ben-cho'], pad: big }
			]
		] as const) {
			const res = await api(path, { method, body });
			expect(res.status, path).toBe(413);
			expect(res.body.reason).toMatch(/exceeds 16384 bytes/);
		}
		// Just under the limit, too long a name is a 400 naming the field, not a 413.
		const long = await api('/communes/25657/hamlets', {
			body: { id: 'ap-dai', name: 'x'.repeat(121) }
		});
		expect(long.status).toBe(400);
		expect(long.body.reason).toMatch(/^name: /);
		const tooMany = await api(`/communes/25657/users/${HUNG.username}/hamlets`, {
			method: 'PUT',
			body: { hamlets: Array.from({ length: 51 }, (_, i) => `ap-${i}`) }
		});
		expect(tooMany.status).toBe(400);
		expect(tooMany.body.reason).toMatch(/^hamlets: /);

		const people = (await api('/communes/25657/users')).body.users;
		expect(people.map((u: { username: string }) => u.username)).not.toContain('tnv.big');
		expect(people.find((u: { username: string }) => u.username === HUNG.username).hamlets).toEqual([
			'ap-thanh-hoa'
		]);
		const hamlets = (await api('/communes/25657/hamlets')).body.hamlets;
		expect(hamlets.map((h: { id: string }) => h.id)).not.toContain('ap-big');
	});

	it('refuses a tampered paging cursor, or one of another commune’s log', async () => {
		const audit = (query: string, headers = hai()) =>
			api(`/communes/25657/audit?${query}`, { headers });
		const first = await audit('limit=1');
		expect(first.status).toBe(200);
		expect(first.body.next).toEqual(expect.any(String));
		const [id, skip] = JSON.parse(Buffer.from(first.body.next, 'base64url').toString('utf8'));
		expect(id).toMatch(/^25657:/);
		const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
		const tampered = [
			'',
			'not a cursor!',
			'A'.repeat(401),
			Buffer.from('[1,').toString('base64url'),
			enc({ id, skip }),
			enc([id]),
			enc([id, -1]),
			enc([id, 1.5]),
			enc([id, '0']),
			enc([id.replace(/^25657:/, '25666:'), skip]),
			enc(['server:\uffff', 0]),
			enc(['2565:', 0])
		];
		for (const cursor of tampered) {
			const res = await audit(`limit=1&cursor=${encodeURIComponent(cursor)}`);
			expect(res.status, cursor).toBe(400);
			expect(res.body.reason).toMatch(/cursor/);
		}
		// Another commune's cursor, even a genuine one, does not open it from this commune's path.
		const enable = `/communes/25666/users/${FOREIGN_OFFICIAL.username}/enable`;
		expect((await api(enable, { headers: admin, body: {} })).status).toBe(200);
		const theirs = await api('/communes/25666/audit?limit=1', { headers: admin });
		expect(theirs.status).toBe(200);
		expect(theirs.body.next).toEqual(expect.any(String));
		expect((await audit(`limit=1&cursor=${theirs.body.next}`, admin)).status).toBe(400);
		// The genuine cursor still reads on from where the first page ended.
		const second = await audit(`limit=1&cursor=${first.body.next}`);
		expect(second.status).toBe(200);
		expect(second.body.entries).toHaveLength(1);
		expect(second.body.entries[0]).not.toEqual(first.body.entries[0]);
		expect(second.body.entries[0].at <= first.body.entries[0].at).toBe(true);
	});
});
