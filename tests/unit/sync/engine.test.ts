import { afterEach, describe, expect, it, vi } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import {
	openDatabase,
	readOutbox,
	readQuarantine,
	removeRecord,
	saveRecord,
	updateRecord,
	type AppDatabase,
	type RecordDoc
} from '$lib/db';
import { SyncEngine, type SyncTimes } from '$lib/sync/engine';
import { silentSink } from '../../support/sink';
import { FakeClock } from '../../support/fake-clock';
import { household, resident, twoCollections } from './factories';
import { MemoryCouch } from './memory-couch';

const specs = twoCollections;
const databases = { residents: '/db/c25657_residents', households: '/db/c25657_households' };
const user = {
	username: 'tnv.lan',
	role: 'volunteer' as const,
	commune: '25657',
	hamlets: ['ap-ben-cho'],
	displayName: 'Lan'
};

const open: { db: AppDatabase; engine: SyncEngine }[] = [];
let seq = 0;

afterEach(async () => {
	for (const d of open.splice(0)) {
		await d.engine.stop();
		await d.db.close();
	}
});

/** A phone: the app's database in memory and its sync engine, on the fake clock and server. */
async function phone(
	clock: FakeClock,
	couch: MemoryCouch,
	opts: { token?: () => string; onTokenExpired?: () => void } = {}
) {
	const db = await openDatabase({
		name: `engine${Date.now()}x${seq++}`,
		password: 'a-long-test-password',
		storage: getRxStorageMemory(),
		specs,
		multiInstance: false,
		now: () => clock.now()
	});
	const sink = silentSink();
	const times: SyncTimes[] = [];
	const engine = new SyncEngine({
		db,
		user,
		databases,
		baseUrl: 'http://couch.test',
		token: opts.token ?? (() => 'tok'),
		onTokenExpired: opts.onTokenExpired ?? (() => undefined),
		sink: { ...sink, setTimes: (t) => void times.push(t) },
		fetch: couch.fetch,
		clock,
		backoffMs: 1000,
		maxBackoffMs: 8000,
		waitForLeadership: false
	});
	open.push({ db, engine });
	const get = async (collection: string, id: string) =>
		(await db.collections[collection].findOne(id).exec())?.toMutableJSON() as RecordDoc | undefined;
	return { db, engine, sink, times, get };
}

/** Waits (in real time, the fake clock standing still) until a failed run has set its one retry timer. */
async function retryScheduled(clock: FakeClock): Promise<void> {
	await vi.waitFor(() => expect(clock.pending).toHaveLength(1), { timeout: 20_000 });
}

function setup(refuse?: (doc: Record<string, unknown>) => string | null) {
	const clock = new FakeClock();
	const couch = new MemoryCouch(clock, refuse);
	couch.issue('tok');
	return { clock, couch };
}

describe('sync engine on a fake clock, two phones, one in-memory server', () => {
	it('carries a record from one phone to the other and settles the outbox at the clock’s time', async () => {
		const { clock, couch } = setup();
		const a = await phone(clock, couch);
		const b = await phone(clock, couch);
		await saveRecord(a.db, 'households', household({ id: 'hh-a' }));
		expect(Object.keys((await readOutbox(a.db)).households)).toEqual(['hh-a']);
		expect(await a.engine.syncNow()).toBe(true);
		expect(await readOutbox(a.db)).toEqual({ households: {} });
		expect(a.times.at(-1)?.lastSyncAt).toBe(new Date(clock.now()).toISOString());
		expect(couch.docs('c25657_households').map((d) => d._id)).toEqual(['hh-a']);

		await clock.advance(60_000);
		expect(await b.engine.syncNow()).toBe(true);
		expect((await b.get('households', 'hh-a'))?.houseNumber).toBe(household().houseNumber);
		expect(b.times.at(-1)?.lastSyncAt).toBe(new Date(clock.now()).toISOString());
		// B holds it as the server's version: nothing of its own to upload.
		expect(await b.engine.unsynced()).toEqual([]);
	});

	it('merges edits both phones made offline and keeps the losing value as a conflict', async () => {
		const { clock, couch } = setup();
		const a = await phone(clock, couch);
		const b = await phone(clock, couch);
		await saveRecord(a.db, 'residents', resident({ id: 'r-1', notes: '' }));
		expect(await a.engine.syncNow()).toBe(true);
		expect(await b.engine.syncNow()).toBe(true);
		await a.engine.setOnline(false);
		await b.engine.setOnline(false);
		await updateRecord(a.db, 'residents', 'r-1', (r) => ({
			...r,
			fullName: 'Tên của máy A',
			notes: 'ghi chú A',
			updatedAt: '2026-11-21T08:00:00.000+07:00'
		}));
		await updateRecord(b.db, 'residents', 'r-1', (r) => ({
			...r,
			fullName: 'Tên của máy B',
			relationship: 'spouse',
			updatedAt: '2026-11-21T08:05:00.000+07:00'
		}));
		for (const p of [a, b]) await p.engine.setOnline(true);
		expect(await a.engine.syncNow()).toBe(true);
		expect(await b.engine.syncNow()).toBe(true);
		expect(await a.engine.syncNow()).toBe(true);
		for (const p of [a, b]) {
			expect(await p.get('residents', 'r-1')).toMatchObject({
				fullName: 'Tên của máy A',
				notes: 'ghi chú A',
				relationship: 'spouse',
				conflicts: [
					{
						field: 'fullName',
						value: 'Tên của máy B',
						by: 'tnv.lan',
						at: '2026-11-21T08:05:00.000+07:00'
					}
				]
			});
		}
		// One revision per write that happened: A's, then B's merge; no re-sent copies.
		expect(couch.docs('c25657_residents')[0]._rev).toMatch(/^3-/);
	});

	it('sends a deletion as a bare tombstone in the name of the signed-in user, at the clock’s time', async () => {
		const { clock, couch } = setup();
		const a = await phone(clock, couch);
		await saveRecord(a.db, 'households', household({ id: 'hh-gone', updatedBy: 'someone.else' }));
		expect(await a.engine.syncNow()).toBe(true);
		await clock.advance(5_000);
		await removeRecord(a.db, 'households', 'hh-gone');
		expect(await a.engine.syncNow()).toBe(true);
		const [stored] = couch.docs('c25657_households');
		expect(stored).toEqual({
			_id: 'hh-gone',
			_rev: expect.stringMatching(/^2-/),
			_deleted: true,
			updatedBy: 'tnv.lan',
			updatedAt: new Date(clock.now()).toISOString()
		});
		expect(await a.engine.unsynced()).toEqual([]);
	});

	it('quarantines a refused record and sends it again only once it is edited', async () => {
		const { clock, couch } = setup((doc) =>
			doc.street === 'Không rõ' ? 'street: unknown | đường: không rõ' : null
		);
		const a = await phone(clock, couch);
		await saveRecord(a.db, 'households', household({ id: 'hh-bad', street: 'Không rõ' }));
		await saveRecord(a.db, 'households', household({ id: 'hh-ok' }));
		expect(await a.engine.syncNow()).toBe(true);
		expect((await readQuarantine(a.db)).map((q) => [q.id, q.reason.vi])).toEqual([
			['hh-bad', 'đường: không rõ']
		]);
		expect((await a.engine.unsynced()).map((u) => u.id)).toEqual(['hh-bad']);
		const posts = () => couch.requests.filter((r) => r.includes('_bulk_docs')).length;
		const before = posts();
		expect(await a.engine.syncNow()).toBe(true);
		expect(posts()).toBe(before);

		await updateRecord(a.db, 'households', 'hh-bad', (h) => ({ ...h, street: 'Hẻm 5' }));
		expect(await a.engine.syncNow()).toBe(true);
		expect(await readQuarantine(a.db)).toEqual([]);
		expect(await a.engine.unsynced()).toEqual([]);
		expect(
			couch
				.docs('c25657_households')
				.map((d) => d._id)
				.sort()
		).toEqual(['hh-bad', 'hh-ok']);
	});

	it('retries after 1, 2, 4, 8, 8 s while the server is unreachable, then syncs and starts over', async () => {
		const { clock, couch } = setup();
		const a = await phone(clock, couch);
		await saveRecord(a.db, 'households', household({ id: 'hh-wait' }));
		couch.up = false;
		await a.engine.start();
		await retryScheduled(clock);
		expect(a.sink.errors).toContain('network');
		const attempts = () => couch.requests.length;
		const waits: number[] = [];
		for (let i = 0; i < 5; i++) {
			const [wait] = clock.pending;
			waits.push(wait);
			const before = attempts();
			await clock.advance(wait - 1);
			expect(attempts()).toBe(before);
			await clock.advance(1);
			await retryScheduled(clock);
			expect(attempts()).toBeGreaterThan(before);
		}
		expect(waits).toEqual([1000, 2000, 4000, 8000, 8000]);

		couch.up = true;
		expect(await a.engine.syncNow()).toBe(true);
		expect(couch.docs('c25657_households').map((d) => d._id)).toEqual(['hh-wait']);
		expect(await a.engine.unsynced()).toEqual([]);
		// Reachable again: the next outage waits the first step again.
		couch.up = false;
		await updateRecord(a.db, 'households', 'hh-wait', (h) => ({ ...h, notes: 'lần hai' }));
		await vi.waitFor(() => expect(clock.pending).toEqual([1000]), { timeout: 20_000 });
	});

	it('an expired token stops sync and asks for a login; local writes wait; a new token resumes', async () => {
		const { clock, couch } = setup();
		const token = { current: 'tok-1' };
		couch.issue('tok-1', clock.now() + 60_000);
		let expired = 0;
		const a = await phone(clock, couch, {
			token: () => token.current,
			onTokenExpired: () => void expired++
		});
		await a.engine.start();
		await saveRecord(a.db, 'households', household({ id: 'hh-1' }));
		expect(await a.engine.syncNow()).toBe(true);
		expect(expired).toBe(0);

		// Past the expiry the next request, the upload of a new record, is refused.
		await clock.advance(61_000);
		await saveRecord(a.db, 'households', household({ id: 'hh-2' }));
		await vi.waitFor(() => expect(expired).toBe(1), { timeout: 20_000 });
		expect(a.sink.errors).toContain('auth');
		expect(await a.engine.syncNow()).toBe(false);
		expect((await a.engine.unsynced()).map((u) => u.id)).toEqual(['hh-2']);

		token.current = 'tok-2';
		couch.issue('tok-2', clock.now() + 60_000);
		await a.engine.resume();
		expect(await a.engine.syncNow()).toBe(true);
		expect(await a.engine.unsynced()).toEqual([]);
		expect(expired).toBe(1);
	});
});
