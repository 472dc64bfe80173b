import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import {
	addToOutbox,
	openDatabase,
	readOutbox,
	removeFromOutbox,
	saveRecord,
	settleOutbox,
	updateRecord,
	type AppDatabase
} from '$lib/db';
import { ConflictTracker, type ConflictingRecord } from '$lib/sync/conflicts';
import { ProgressMeter, seqNumber, type SyncProgress } from '$lib/sync/progress';
import { FakeClock, settle } from '../../support/fake-clock';
import { household, resident, twoCollections } from './factories';

const specs = twoCollections;
const open: AppDatabase[] = [];
let seq = 0;

async function db(clock?: FakeClock) {
	const d = await openDatabase({
		name: `pieces${Date.now()}x${seq++}`,
		password: 'a-long-test-password',
		storage: getRxStorageMemory(),
		specs,
		multiInstance: false,
		now: clock && (() => clock.now())
	});
	open.push(d);
	return d;
}

afterEach(async () => {
	await Promise.all(open.splice(0).map((d) => d.close()));
});

describe('ProgressMeter', () => {
	it('shows an upload from 50 waiting records while active, and counts what left the outbox', () => {
		const shown: (SyncProgress | null)[] = [];
		const meter = new ProgressMeter((p) => shown.push(p));
		meter.setPending(120);
		expect(shown).toEqual([]);
		meter.setActive(true);
		meter.setPending(100);
		meter.setPending(49);
		expect(shown).toEqual([
			{ direction: 'upload', done: 0, total: 100, secondsLeft: null },
			{ direction: 'upload', done: 51, total: 100, secondsLeft: null }
		]);
		meter.idle();
		expect(shown.at(-1)).toBeNull();
		meter.setPending(30);
		expect(shown.at(-1)).toBeNull();
	});

	it('shows a download only while replication is active, from 50 records', () => {
		const shown: (SyncProgress | null)[] = [];
		const meter = new ProgressMeter((p) => shown.push(p));
		meter.received(60);
		expect(shown).toEqual([]);
		meter.setActive(true);
		meter.received(1);
		expect(shown).toEqual([{ direction: 'download', done: 61, total: 0, secondsLeft: null }]);
		meter.idle();
		meter.received(10);
		expect(shown.at(-1)).toBeNull();
	});
	it("estimates a volunteer's download from the share of the feed that was theirs, and the time left", () => {
		const shown: (SyncProgress | null)[] = [];
		let now = 1_000_000;
		const meter = new ProgressMeter(
			(p) => shown.push(p),
			() => now
		);
		meter.setActive(true);
		// 2,000 feed positions read, 500 of them this volunteer's; 8,000 positions to go.
		meter.received(500, { collection: 'residents', position: { from: 0, at: 2000, to: 10_000 } });
		expect(shown.at(-1)).toEqual({
			direction: 'download',
			done: 500,
			total: 2500,
			secondsLeft: null
		});
		now += 4_000;
		meter.received(500, { collection: 'residents', position: { from: 0, at: 4000, to: 10_000 } });
		// 4,000 positions in 4 s: 6,000 more take 6 s.
		expect(shown.at(-1)).toEqual({
			direction: 'download',
			done: 1000,
			total: 2500,
			secondsLeft: 6
		});
		// A second collection whose end is unknown adds what it read, nothing to come.
		meter.received(100, {
			collection: 'households',
			position: { from: '0', at: '1000-g1AAAA', to: null }
		});
		expect(shown.at(-1)).toMatchObject({
			done: 1100,
			total: 1100 + Math.round((1100 / 5000) * 6000)
		});
		meter.idle();
		expect(shown.at(-1)).toBeNull();
		// The next transfer counts from zero, its feed from where it starts.
		meter.received(60, { collection: 'residents', position: { from: 4000, at: 4100, to: 4100 } });
		expect(shown.at(-1)).toEqual({ direction: 'download', done: 60, total: 0, secondsLeft: null });
	});

	it('gives an upload the time left from its rate so far', () => {
		const shown: (SyncProgress | null)[] = [];
		let now = 0;
		const meter = new ProgressMeter(
			(p) => shown.push(p),
			() => now
		);
		meter.setActive(true);
		meter.setPending(1000);
		now += 2_000;
		meter.setPending(600);
		expect(shown.at(-1)).toEqual({ direction: 'upload', done: 400, total: 1000, secondsLeft: 3 });
	});

	it('reads CouchDB cluster sequences by their leading count', () => {
		expect(seqNumber(42)).toBe(42);
		expect(seqNumber('1234-g1AAAAFTeJzLYWBg')).toBe(1234);
		expect(seqNumber('now')).toBeNull();
		expect(seqNumber(null)).toBeNull();
	});
});

describe('outbox', () => {
	it('drops an entry once its version or a later one matches the server, keeps newer edits', async () => {
		const clock = new FakeClock();
		const d = await db(clock);
		await saveRecord(d, 'households', household({ id: 'a' }));
		await saveRecord(d, 'households', household({ id: 'b' }));
		expect((await readOutbox(d)).households.a.at).toBe(clock.now());
		const revA = (await d.collections.households.findOne('a').exec())!.revision;
		await updateRecord(d, 'households', 'b', (h) => ({ ...h, notes: 'lần hai' }));
		const revB1 = '1-' + revA.split('-')[1];
		await removeFromOutbox(d, 'households', [
			{ id: 'a', rev: revA },
			{ id: 'b', rev: revB1 }
		]);
		// b was edited again after the version the server took: it still waits.
		expect(Object.keys((await readOutbox(d)).households)).toEqual(['b']);
		// An entry of a record the device no longer holds at all is settled too.
		await addToOutbox(d, 'households', [household({ id: 'gone' })]);
		await settleOutbox(d);
		expect(Object.keys((await readOutbox(d)).households)).toEqual(['b']);
	});
});

describe('ConflictTracker', () => {
	it('lists records with open conflicts from the first scan and follows later writes', async () => {
		const d = await db();
		const conflicts = [
			{ field: 'fullName', value: 'Lê Văn B', by: 'tnv.lan', at: '2026-11-20T01:00:00.000Z' }
		];
		await saveRecord(d, 'households', household());
		await saveRecord(d, 'residents', resident({ id: 'r-1', conflicts }));
		await saveRecord(d, 'residents', resident({ id: 'r-2' }));
		const lists: ConflictingRecord[][] = [];
		const tracker = new ConflictTracker((list) => lists.push(list));
		tracker.follow(d, ['residents', 'households']);
		await settle(20);
		expect(tracker.list.map((c) => [c.collection, c.id, c.fields])).toEqual([
			['residents', 'r-1', ['fullName']]
		]);
		expect(tracker.list[0].current).toEqual({ fullName: resident().fullName });

		await updateRecord(d, 'residents', 'r-2', (r) => ({ ...r, conflicts }));
		await updateRecord(d, 'residents', 'r-1', (r) => ({ ...r, conflicts: [] }));
		await settle(20);
		expect(tracker.list.map((c) => c.id)).toEqual(['r-2']);
		const published = lists.length;
		await updateRecord(d, 'households', 'hh-001', (h) => ({ ...h, notes: 'không đổi gì' }));
		await settle(20);
		expect(lists.length).toBe(published);
		tracker.stop();
	});
});
