import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeHousehold, makeResident } from '../../factories';
import { login, startTestServer, type TestServer } from '../helpers/server';
import {
	readQuarantine,
	removeRecord,
	saveRecord,
	saveRecords,
	updateRecord,
	type AppDatabase,
	type RecordDoc
} from '$lib/db';
import { openTestDevice, type TestDevice } from './devices';
import { heartbeatRecord } from '$lib/sync/heartbeat';
import { DEMO_ACCOUNTS } from '../../../sync-server/src/seed/demo';

const volunteers = DEMO_ACCOUNTS.filter((a) => a.role === 'volunteer' && a.commune === '25657');
const official = DEMO_ACCOUNTS.find((a) => a.role === 'official')!;
/** A volunteer of the demo commune and a hamlet of the same commune that is not theirs. */
const LAN = {
	volunteer: volunteers[0].username,
	hamlet: volunteers[0].hamlets[0],
	commune: '25657'
};
const OTHER_HAMLET = volunteers[1].hamlets[0];

let server: TestServer;
const cleanup: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
	server = await startTestServer();
});
// RxDB's free tier caps open collections per process, so each test closes its devices.
afterEach(async () => {
	for (const c of cleanup.splice(0).reverse()) await c();
});
afterAll(async () => {
	await server?.stop();
});

type Device = TestDevice;

async function device(username: string): Promise<Device> {
	const d = await openTestDevice(server.url, await login(server.url, username));
	cleanup.push(d.close);
	return d;
}

function residentOf(seed: number, extra: Partial<RecordDoc> = {}): RecordDoc {
	return makeResident({
		seed,
		volunteer: LAN.volunteer,
		hamlet: LAN.hamlet,
		commune: LAN.commune,
		...extra
	}) as unknown as RecordDoc;
}

async function all(db: AppDatabase, collection: string): Promise<RecordDoc[]> {
	const docs = await db.collections[collection].find({ sort: [{ id: 'asc' }] }).exec();
	return docs.map((d) => d.toMutableJSON() as RecordDoc);
}

describe('sync engine against the real server', () => {
	it('pushes from one device and pulls into another', async () => {
		const a = await device(LAN.volunteer);
		const b = await device(LAN.volunteer);
		const docs = Array.from({ length: 30 }, (_, i) =>
			residentOf(1000 + i, { id: `push-pull-${i}` })
		);
		await saveRecords(a.db, 'residents', docs);
		expect(await a.engine.syncNow()).toBe(true);
		expect(await a.engine.unsynced()).toEqual([]);
		expect(await b.engine.syncNow()).toBe(true);
		const got = (await all(b.db, 'residents')).filter((d) => d.id.startsWith('push-pull-'));
		expect(got).toHaveLength(30);
		expect(got.find((d) => d.id === 'push-pull-3')?.idNumber).toBe(docs[3].idNumber);
	});

	it('merges concurrent offline edits of one record and keeps the losing value as a conflict', async () => {
		const a = await device(LAN.volunteer);
		const b = await device(LAN.volunteer);
		const base = residentOf(77, { id: 'conflict-1', notes: '' });
		await saveRecord(a.db, 'residents', base);
		expect(await a.engine.syncNow()).toBe(true);
		expect(await b.engine.syncNow()).toBe(true);

		await a.engine.setOnline(false);
		await b.engine.setOnline(false);
		await updateRecord(a.db, 'residents', 'conflict-1', (r) => ({
			...r,
			fullName: 'Tên sửa bởi máy A',
			notes: 'Ghi chú của máy A',
			updatedAt: '2026-11-21T09:00:00.000+07:00'
		}));
		await updateRecord(b.db, 'residents', 'conflict-1', (r) => ({
			...r,
			fullName: 'Tên sửa bởi máy B',
			relationship: 'spouse',
			updatedAt: '2026-11-21T09:05:00.000+07:00'
		}));
		await a.engine.setOnline(true);
		expect(await a.engine.syncNow()).toBe(true);
		await b.engine.setOnline(true);
		expect(await b.engine.syncNow()).toBe(true);
		expect(await a.engine.syncNow()).toBe(true);

		const [fromA] = (await all(a.db, 'residents')).filter((d) => d.id === 'conflict-1');
		const [fromB] = (await all(b.db, 'residents')).filter((d) => d.id === 'conflict-1');
		for (const doc of [fromA, fromB]) {
			expect(doc.fullName).toBe('Tên sửa bởi máy A');
			expect(doc.notes).toBe('Ghi chú của máy A');
			expect(doc.relationship).toBe('spouse');
			expect(doc.conflicts).toEqual([
				{
					field: 'fullName',
					value: 'Tên sửa bởi máy B',
					by: LAN.volunteer,
					at: '2026-11-21T09:05:00.000+07:00'
				}
			]);
		}
	});

	it('a record deleted on one phone is deleted on the server and on the other phone', async () => {
		const a = await device(LAN.volunteer);
		const b = await device(LAN.volunteer);
		await saveRecord(a.db, 'residents', residentOf(88, { id: 'to-delete' }));
		expect(await a.engine.syncNow()).toBe(true);
		expect(await b.engine.syncNow()).toBe(true);
		expect(await b.db.collections.residents.findOne('to-delete').exec()).not.toBeNull();

		await removeRecord(a.db, 'residents', 'to-delete');
		expect(await a.engine.syncNow()).toBe(true);
		expect(await readQuarantine(a.db)).toEqual([]);
		expect(await a.engine.unsynced()).toEqual([]);
		// The server holds a tombstone with nothing of the resident in it.
		const token = { authorization: `Bearer ${a.session.token}` };
		const keyed = await fetch(`${server.url}/db/c25657_residents/_all_docs`, {
			method: 'POST',
			headers: { ...token, 'content-type': 'application/json' },
			body: JSON.stringify({ keys: ['to-delete'] })
		});
		const row = ((await keyed.json()) as { rows: { value: { rev: string; deleted?: boolean } }[] })
			.rows[0];
		expect(row.value.deleted).toBe(true);
		const stored = await fetch(`${server.url}/db/c25657_residents/to-delete?rev=${row.value.rev}`, {
			headers: token
		});
		expect(Object.keys(await stored.json()).sort()).toEqual([
			'_deleted',
			'_id',
			'_rev',
			'updatedAt',
			'updatedBy'
		]);

		expect(await b.engine.syncNow()).toBe(true);
		expect(await b.db.collections.residents.findOne('to-delete').exec()).toBeNull();
		// Nothing bounces back: both phones stay in sync with nothing waiting.
		expect(await a.engine.syncNow()).toBe(true);
		expect(await b.engine.unsynced()).toEqual([]);
	});

	it('quarantines one refused document among 100, delivers the other 99, and resends it once fixed', async () => {
		const a = await device(LAN.volunteer);
		const b = await device(official.username);
		const docs = Array.from({ length: 100 }, (_, i) =>
			makeHousehold({
				seed: 5000 + i,
				volunteer: LAN.volunteer,
				hamlet: LAN.hamlet,
				commune: LAN.commune,
				id: `q-${String(i).padStart(3, '0')}`
			})
		) as unknown as RecordDoc[];
		// Valid on the device, but outside this volunteer's hamlets: the server refuses it.
		docs[42] = { ...docs[42], hamlet: OTHER_HAMLET };
		await saveRecords(a.db, 'households', docs);
		await a.engine.syncNow();

		const q = await readQuarantine(a.db);
		expect(q.map((e) => e.id)).toEqual(['q-042']);
		expect(q[0].reason.vi).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
		expect((await a.engine.unsynced()).map((u) => u.id)).toEqual(['q-042']);

		expect(await b.engine.syncNow()).toBe(true);
		const arrived = (await all(b.db, 'households')).filter((d) => d.id.startsWith('q-'));
		expect(arrived).toHaveLength(99);
		expect(arrived.some((d) => d.id === 'q-042')).toBe(false);

		// Later writes still leave the phone.
		await saveRecord(a.db, 'households', { ...docs[0], id: 'q-after', hamlet: LAN.hamlet });
		await updateRecord(a.db, 'households', 'q-042', (h) => ({
			...h,
			hamlet: LAN.hamlet,
			updatedAt: new Date().toISOString()
		}));
		expect(await a.engine.syncNow()).toBe(true);
		expect(await readQuarantine(a.db)).toEqual([]);
		expect(await b.engine.syncNow()).toBe(true);
		const ids = (await all(b.db, 'households')).map((d) => d.id);
		expect(ids).toContain('q-042');
		expect(ids).toContain('q-after');
	});

	it.each([
		['volunteer', () => LAN.volunteer],
		['official', () => official.username]
	])('replicates the heartbeat of a %s device that sync monitoring reads', async (_role, who) => {
		const a = await device(who());
		const hb = heartbeatRecord({
			at: new Date().toISOString(),
			deviceId: 'device-int-0001',
			user: a.session.user,
			appVersion: 'test',
			deviceName: 'test phone',
			times: { lastPullAt: null, lastPushAt: null, lastSyncAt: null },
			pending: { residents: 2 },
			quarantined: 0,
			conflicts: 1,
			storage: { usage: 1000, quota: 100_000 }
		});
		await saveRecord(a.db, 'heartbeats', hb as unknown as RecordDoc);
		expect(await a.engine.syncNow()).toBe(true);
		expect(await readQuarantine(a.db)).toEqual([]);
		const res = await fetch(`${server.url}/db/c25657_heartbeats/${encodeURIComponent(hb.id)}`, {
			headers: { authorization: `Bearer ${a.session.token}` }
		});
		expect(await res.json()).toMatchObject({ deviceId: 'device-int-0001', conflicts: 1 });
		// The same device reports again later: the newer heartbeat replaces the older one.
		await saveRecord(a.db, 'heartbeats', {
			...hb,
			conflicts: 0,
			updatedAt: new Date().toISOString()
		} as unknown as RecordDoc);
		expect(await a.engine.syncNow()).toBe(true);
	});
});
