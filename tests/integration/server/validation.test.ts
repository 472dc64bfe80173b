import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAI, LAN, heartbeat, household, resident } from '../helpers/docs.ts';
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
let lan: string;
let hai: string;

beforeAll(async () => {
	server = await startTestServer();
	lan = (await login(server.url, LAN.username)).token;
	hai = (await login(server.url, HAI.username)).token;
});
afterAll(() => server.stop());

const bulk = (db: string, body: unknown, token = lan) =>
	call(server.url, `/db/${db}/_bulk_docs`, { headers: bearer(token), body });

describe('every write path validates each document with the domain schemas', () => {
	it('stores the valid documents of a batch and refuses the invalid ones, naming field and rule in en and vi', async () => {
		const good = household(LAN, 1);
		const res = await bulk('c25657_households', {
			docs: [
				good,
				household(LAN, 2, { hamlet: 'Ấp Sai' }),
				household(LAN, 3, { houseNumber: '' }),
				household(LAN, 4, { schemaVersion: 7 }),
				{ ...household(LAN, 5), createdAt: undefined },
				household(LAN, 6, {
					_attachments: { 'x.txt': { data: 'aGk=', content_type: 'text/plain' } }
				}),
				'not a document'
			]
		});
		expect(res.status).toBe(201);
		expect(res.body).toHaveLength(7);
		expect(res.body[0]).toMatchObject({ ok: true, id: good._id });
		const [, badHamlet, badNumber, badVersion, missing, attachment, notDoc] = res.body;
		expect(badHamlet).toMatchObject({ id: 'hh-ap-ben-cho-2', error: 'forbidden' });
		expect(badHamlet.reason).toContain('hamlet: must be a hamlet id');
		expect(badHamlet.reason).toContain('[hamlet.format]');
		expect(badHamlet.reason).toContain('phải là mã ấp/thôn');
		expect(badNumber.reason).toMatch(/^houseNumber: /);
		expect(badVersion.reason).toContain('[schemaVersion.unknown]');
		expect(badVersion.reason).toContain('phiên bản dữ liệu không được hỗ trợ');
		expect(missing.reason).toMatch(/^createdAt: /);
		expect(attachment.reason).toContain('_attachments');
		expect(notDoc.error).toBe('forbidden');
		const stored = await call(server.url, `/db/c25657_households/_all_docs`, {
			headers: bearer(lan)
		});
		expect(stored.body.rows.map((r: { id: string }) => r.id)).toEqual([good._id]);
	});

	it('validates new_edits=false batches the same way', async () => {
		// Revisions as CouchDB and PouchDB make them: generation, dash, 32 hex digits.
		const valid = { ...household(LAN, 10), _rev: `1-${'abc123'.padEnd(32, '0')}` };
		const invalid = {
			...household(LAN, 11, { street: 42 }),
			_rev: `1-${'def456'.padEnd(32, '0')}`
		};
		const res = await bulk('c25657_households', { docs: [valid, invalid], new_edits: false });
		expect(res.status).toBe(201);
		expect(res.body.find((r: { id: string }) => r.id === invalid._id)).toMatchObject({
			error: 'forbidden'
		});
		const got = await call(server.url, `/db/c25657_households/${valid._id}`, {
			headers: bearer(lan)
		});
		expect(got.body._rev).toBe(valid._rev);
		expect(
			(await call(server.url, `/db/c25657_households/${invalid._id}`, { headers: bearer(lan) }))
				.status
		).toBe(404);
	});

	it('validates single PUT and POST', async () => {
		const doc = household(LAN, 20, { houseNumber: 'x'.repeat(50) });
		const put = await call(server.url, `/db/c25657_households/${doc._id}`, {
			method: 'PUT',
			headers: bearer(lan),
			body: doc
		});
		expect(put.status).toBe(403);
		expect(put.body).toMatchObject({ error: 'forbidden' });
		expect(put.body.reason).toMatch(/houseNumber/);
		const post = await call(server.url, '/db/c25657_households', {
			headers: bearer(lan),
			body: household(LAN, 21)
		});
		expect(post.status).toBe(201);
		expect(post.body).toMatchObject({ ok: true, id: 'hh-ap-ben-cho-21' });
	});

	it('refuses an unknown collection database and design documents', async () => {
		expect(
			(await call(server.url, '/db/c25657_unicorns/_all_docs', { headers: bearer(lan) })).status
		).toBe(403);
		const res = await bulk('c25657_households', { docs: [{ _id: '_design/evil', views: {} }] });
		expect(res.body[0].error).toBe('forbidden');
	});

	it('accepts a valid resident and refuses a malformed CCCD', async () => {
		const current = resident(LAN, 1);
		const wrongId = resident(LAN, 2, { idNumber: '12345' });
		const res = await bulk('c25657_residents', { docs: [current, wrongId] });
		expect(res.body[0]).toMatchObject({ ok: true });
		expect(res.body[1].error).toBe('forbidden');
		expect(res.body[1].reason).toMatch(/idNumber/);
	});

	it('refuses a hamlet that the commune does not have, even from an official', async () => {
		const res = await bulk(
			'c25657_households',
			{ docs: [household({ ...HAI, hamlet: 'ap-khong-ton-tai' }, 60)] },
			hai
		);
		expect(res.body[0].error).toBe('forbidden');
		expect(res.body[0].reason).toContain('[hamlet.unknown]');
	});

	it('heartbeats must be written by their own user', async () => {
		const res = await bulk('c25657_heartbeats', {
			docs: [heartbeat(LAN, 1), heartbeat({ ...LAN, username: 'levanhung' }, 2)]
		});
		expect(res.body[0].ok).toBe(true);
		expect(res.body[1].error).toBe('forbidden');
	});
});

describe('audit log', () => {
	it('records who stored which revision; officials of the commune read it, volunteers do not', async () => {
		const doc = household(LAN, 30);
		const created = await bulk('c25657_households', { docs: [doc] });
		const rev = created.body[0].rev;
		const log = await call(server.url, '/api/communes/25657/audit?limit=1000', {
			headers: bearer(hai)
		});
		expect(log.status).toBe(200);
		const entry = log.body.entries.find((e: { docId: string }) => e.docId === doc._id);
		expect(entry).toMatchObject({
			collection: 'households',
			rev,
			action: 'create',
			by: LAN.username,
			commune: '25657'
		});
		expect(Date.parse(entry.at)).toBeGreaterThan(Date.now() - 60_000);
		expect(
			(await call(server.url, '/api/communes/25657/audit', { headers: bearer(lan) })).status
		).toBe(403);
		expect(
			(await call(server.url, '/api/communes/25666/audit', { headers: bearer(hai) })).status
		).toBe(403);
	});

	it('devices: latest heartbeat per device for officials', async () => {
		await bulk('c25657_heartbeats', {
			docs: [
				heartbeat(LAN, 77, { deviceId: 'device-lan-phone', updatedAt: '2026-11-23T08:00:00.000Z' })
			]
		});
		const res = await call(server.url, '/api/communes/25657/devices', { headers: bearer(hai) });
		expect(res.status).toBe(200);
		expect(
			res.body.devices.find((d: { deviceId: string }) => d.deviceId === 'device-lan-phone')
		).toMatchObject({ username: LAN.username });
		expect(
			(await call(server.url, '/api/communes/25657/devices', { headers: bearer(lan) })).status
		).toBe(403);
	});

	it('devices: storage as the phone reported it, and a disabled volunteer’s unsent records flagged', async () => {
		const admin = basic(ADMIN.username, ADMIN.password);
		const created = await call(server.url, '/api/admin/users', {
			headers: admin,
			body: {
				username: 'tnv.nam',
				password: 'mat-khau-nam',
				role: 'volunteer',
				commune: '25657',
				hamlets: ['ap-ben-cho']
			}
		});
		expect(created.status).toBe(201);
		const nam = (await login(server.url, 'tnv.nam', 'mat-khau-nam')).token;
		const author = { ...LAN, username: 'tnv.nam' };
		const stored = await bulk(
			'c25657_heartbeats',
			{
				docs: [
					heartbeat(author, 3, {
						deviceId: 'device-nam-phone',
						pending: { residents: 4 },
						storageUsedBytes: 12_345_678,
						storageQuotaBytes: 2_000_000_000
					})
				]
			},
			nam
		);
		expect(stored.body[0]).toMatchObject({ ok: true });
		const row = async () =>
			(
				await call(server.url, '/api/communes/25657/devices', { headers: bearer(hai) })
			).body.devices.find((d: { deviceId: string }) => d.deviceId === 'device-nam-phone');
		expect(await row()).toMatchObject({
			username: 'tnv.nam',
			pending: { residents: 4 },
			storageUsedBytes: 12_345_678,
			storageQuotaBytes: 2_000_000_000,
			userDisabled: false
		});
		const disabled = await call(server.url, '/api/admin/users/tnv.nam/disable', {
			method: 'POST',
			headers: admin
		});
		expect(disabled.status).toBe(200);
		expect(await row()).toMatchObject({ userDisabled: true, pending: { residents: 4 } });
		// Another commune's official sees none of it.
		const tuan = await call(server.url, '/api/communes/25666/devices', { headers: bearer(hai) });
		expect(tuan.status).toBe(403);
	});
});

describe('deletions', () => {
	it('keep the scope of the deleted record for _all_docs keys, and a re-created record starts over', async () => {
		const doc = household(LAN, 40);
		const created = await bulk('c25657_households', { docs: [doc] });
		const del = await call(
			server.url,
			`/db/c25657_households/${doc._id}?rev=${created.body[0].rev}`,
			{ method: 'DELETE', headers: bearer(lan) }
		);
		expect(del.status).toBe(200);
		const hung = (await login(server.url, 'levanhung')).token;
		const asLan = await call(server.url, '/db/c25657_households/_all_docs', {
			headers: bearer(lan),
			body: { keys: [doc._id] }
		});
		expect(asLan.body.rows[0]).toMatchObject({ id: doc._id, value: { deleted: true } });
		const asHung = await call(server.url, '/db/c25657_households/_all_docs', {
			headers: bearer(hung),
			body: { keys: [doc._id] }
		});
		expect(asHung.body.rows[0]).toEqual({ key: doc._id, error: 'not_found' });
		// Hưng cannot re-create it in his hamlet: the tombstone still belongs to Lan's.
		const steal = await bulk(
			'c25657_households',
			{
				docs: [
					household({ ...LAN, username: 'levanhung', hamlet: 'ap-thanh-hoa' }, 40, { _id: doc._id })
				]
			},
			hung
		);
		expect(steal.body[0].error).toBe('forbidden');
		const again = await bulk('c25657_households', { docs: [doc] });
		expect(again.body[0].ok).toBe(true);
		const log = await call(server.url, '/api/communes/25657/audit?limit=10', {
			headers: bearer(hai)
		});
		const actions = log.body.entries
			.filter((e: { docId: string }) => e.docId === doc._id)
			.map((e: { action: string }) => e.action);
		expect(actions).toEqual(['create', 'delete', 'create']);
	});
});
