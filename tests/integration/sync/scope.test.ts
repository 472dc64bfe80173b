import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeHousehold } from '../../factories';
import { login, startTestServer, type TestServer } from '../helpers/server';
import { readQuarantine, saveRecords, updateRecord, type RecordDoc } from '$lib/db';
import { SyncEngine } from '$lib/sync/engine';
import { silentSink } from '../../support/sink';
import { openTestDevice } from './devices';

const LAN = { username: 'nguyenthilan', hamlet: 'ap-ben-cho' };
const HUNG = { username: 'levanhung', hamlet: 'ap-thanh-hoa' };
const HAI = 'cb.tranvanhai';

let server: TestServer;
const cleanup: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
	server = await startTestServer();
});
afterEach(async () => {
	for (const c of cleanup.splice(0).reverse()) await c();
});
afterAll(() => server?.stop());

async function device(username: string) {
	const d = await openTestDevice(server.url, await login(server.url, username));
	cleanup.push(d.close);
	const get = async (id: string) =>
		(await d.db.collections.households.findOne(id).exec())?.toMutableJSON() as
			RecordDoc | undefined;
	return { ...d, get };
}

const households = (prefix: string, n: number) =>
	Array.from({ length: n }, (_, i) =>
		makeHousehold({
			seed: 7000 + i,
			volunteer: LAN.username,
			hamlet: LAN.hamlet,
			commune: '25657',
			id: `${prefix}-${i}`
		})
	) as unknown as RecordDoc[];

/** The official moves a household to Hùng's hamlet, as the review screen would. */
async function move(official: Awaited<ReturnType<typeof device>>, id: string) {
	await updateRecord(official.db, 'households', id, (h) => ({
		...h,
		hamlet: HUNG.hamlet,
		updatedBy: HAI,
		updatedAt: '2026-11-30T10:00:00.000+07:00'
	}));
	expect(await official.engine.syncNow()).toBe(true);
}

describe('a record that leaves a volunteer’s hamlets', () => {
	it('is removed from their phone and arrives on the phone of its new hamlet', async () => {
		// RxDB's open core allows 13 open collections per process (five per phone here), so at
		// most two phones are open at once.
		const lan = await device(LAN.username);
		const hai = await device(HAI);
		await saveRecords(lan.db, 'households', households('mv', 3));
		expect(await lan.engine.syncNow()).toBe(true);
		expect(await hai.engine.syncNow()).toBe(true);

		await move(hai, 'mv-1');
		expect(await lan.engine.syncNow()).toBe(true);
		expect(await lan.get('mv-1')).toBeUndefined();
		expect((await lan.get('mv-0'))?.hamlet).toBe(LAN.hamlet);
		// Nothing is left waiting to upload; the message names any refusal if one appears.
		const quarantine = JSON.stringify(await readQuarantine(lan.db));
		expect(await lan.engine.unsynced(), quarantine).toEqual([]);

		await hai.close();
		const hung = await device(HUNG.username);
		expect(await hung.engine.syncNow()).toBe(true);
		expect((await hung.get('mv-1'))?.hamlet).toBe(HUNG.hamlet);
		expect(await hung.get('mv-0')).toBeUndefined();

		// A fresh phone of the same volunteer never receives it at all.
		await hung.close();
		const fresh = await device(LAN.username);
		expect(await fresh.engine.syncNow()).toBe(true);
		expect(await fresh.get('mv-1')).toBeUndefined();
		expect((await fresh.get('mv-2'))?.hamlet).toBe(LAN.hamlet);
	});

	it('an offline edit made before the move is not lost: it waits, refused with its reason', async () => {
		const lan = await device(LAN.username);
		const hai = await device(HAI);
		await saveRecords(lan.db, 'households', households('mv-edit', 1));
		expect(await lan.engine.syncNow()).toBe(true);
		expect(await hai.engine.syncNow()).toBe(true);

		await lan.engine.setOnline(false);
		await updateRecord(lan.db, 'households', 'mv-edit-0', (h) => ({
			...h,
			street: 'Hẻm 12 Đường Tỉnh 786',
			updatedAt: '2026-11-30T09:30:00.000+07:00'
		}));
		await move(hai, 'mv-edit-0');
		await lan.engine.setOnline(true);
		await lan.engine.syncNow();

		const q = await readQuarantine(lan.db);
		expect(q.map((e) => e.id)).toEqual(['mv-edit-0']);
		expect(q[0].reason.vi.length).toBeGreaterThan(10);
		expect((await lan.get('mv-edit-0'))?.street).toBe('Hẻm 12 Đường Tỉnh 786');
		expect((await lan.engine.unsynced()).map((u) => u.id)).toEqual(['mv-edit-0']);
	});
});

describe('a hamlet a volunteer gains later', () => {
	it('brings its earlier records once the engine runs with the new scope, and keeps the rest', async () => {
		const lan = await device(LAN.username);
		await saveRecords(lan.db, 'households', households('gained', 3));
		expect(await lan.engine.syncNow()).toBe(true);

		// Hùng syncs his own hamlet only.
		const hung = await device(HUNG.username);
		const own = makeHousehold({
			seed: 9100,
			volunteer: HUNG.username,
			hamlet: HUNG.hamlet,
			commune: '25657',
			id: 'hung-own'
		}) as unknown as RecordDoc;
		await saveRecords(hung.db, 'households', [own]);
		expect(await hung.engine.syncNow()).toBe(true);
		expect(await hung.get('gained-0')).toBeUndefined();

		// The office gives him Lan's hamlet too (as a merge does), then his phone reads the session.
		const official = await login(server.url, HAI);
		const res = await fetch(`${server.url}/api/communes/25657/users/${HUNG.username}/hamlets`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${official.token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ hamlets: [HUNG.hamlet, LAN.hamlet] })
		});
		expect(res.status).toBe(200);
		// The same checkpoint under the old scope still finds nothing older.
		expect(await hung.engine.syncNow()).toBe(true);
		expect(await hung.get('gained-0')).toBeUndefined();

		await hung.engine.stop();
		const fresh = await login(server.url, HUNG.username);
		expect(fresh.user.hamlets).toEqual([HUNG.hamlet, LAN.hamlet]);
		const again = new SyncEngine({
			db: hung.db,
			user: fresh.user,
			databases: fresh.databases,
			baseUrl: server.url,
			token: () => fresh.token,
			onTokenExpired: () => undefined,
			sink: silentSink(),
			waitForLeadership: false,
			backoffMs: 200
		});
		cleanup.push(() => again.stop());
		await again.start();
		expect(await again.syncNow()).toBe(true);
		for (const id of ['gained-0', 'gained-1', 'gained-2']) {
			expect((await hung.get(id))?.hamlet).toBe(LAN.hamlet);
		}
		expect((await hung.get('hung-own'))?.hamlet).toBe(HUNG.hamlet);
	});
});
