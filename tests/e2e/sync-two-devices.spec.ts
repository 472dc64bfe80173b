import { createHash } from 'node:crypto';
import { chromium, type Browser } from '@playwright/test';
import { expect, test } from './support/test';
import { makeHousehold, makeResident } from '../factories';
import { startTestServer, type TestServer } from '../integration/helpers/server';
import { buildHarness } from '../bench/sync.harness-build.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/chromium';
import { harnessPhone } from './support/pages/harness-phone';
import { VOLUNTEER } from '../factories/users.ts';

// The app's real data layer and sync engine (tests/bench/sync.harness.ts) in two Chromium
// contexts, i.e. two phones with their own IndexedDB, against the real server.
const OTHER_HAMLET = 'ap-thanh-hoa';

let server: TestServer;
let browser: Browser;

test.beforeAll(async () => {
	server = await startTestServer({ staticDir: await buildHarness() });
	browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});
test.afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const phone = (name: string, opts: { start?: boolean; pushBatchSize?: number } = {}) =>
	harnessPhone(browser, server.url, name, opts);

test('both phones offline edit the same resident; after reconnecting both hold the merge and the conflict', async () => {
	const a = await phone('phone-a');
	const b = await phone('phone-b');
	const base = makeResident({
		seed: 31,
		id: 'e2e-conflict-1',
		volunteer: VOLUNTEER.username,
		hamlet: VOLUNTEER.hamlet,
		notes: ''
	});
	await a.call('save', 'phone-a', 'residents', [base]);
	expect(await a.syncNow()).toBe(true);
	expect(await b.syncNow()).toBe(true);
	expect(await b.get('residents', base.id)).toMatchObject({ fullName: base.fullName });

	await a.offline(true);
	await b.offline(true);
	await a.call('update', 'phone-a', 'residents', base.id, {
		fullName: 'Nguyễn Văn Sửa A',
		notes: 'Đã gặp chủ hộ',
		updatedAt: '2026-11-22T08:00:00.000+07:00'
	});
	await b.call('update', 'phone-b', 'residents', base.id, {
		fullName: 'Nguyễn Văn Sửa B',
		relationship: 'other',
		updatedAt: '2026-11-22T08:10:00.000+07:00'
	});

	await a.offline(false);
	expect(await a.syncNow()).toBe(true);
	await b.offline(false);
	expect(await b.syncNow()).toBe(true);
	expect(await a.syncNow()).toBe(true);

	for (const p of [a, b]) {
		const doc = await p.get('residents', base.id);
		expect(doc).toMatchObject({
			fullName: 'Nguyễn Văn Sửa A',
			notes: 'Đã gặp chủ hộ',
			relationship: 'other'
		});
		expect(doc?.conflicts).toEqual([
			{
				field: 'fullName',
				value: 'Nguyễn Văn Sửa B',
				by: VOLUNTEER.username,
				at: '2026-11-22T08:10:00.000+07:00'
			}
		]);
	}
	await a.close();
	await b.close();
});

test('one refused household among 100: 99 arrive, one is quarantined with its reason', async () => {
	const a = await phone('phone-q');
	const b = await phone('phone-q-reader');
	const docs = Array.from({ length: 100 }, (_, i) =>
		makeHousehold({
			seed: 700 + i,
			id: `e2e-q-${String(i).padStart(3, '0')}`,
			volunteer: VOLUNTEER.username,
			hamlet: VOLUNTEER.hamlet
		})
	);
	docs[7] = { ...docs[7], hamlet: OTHER_HAMLET };
	await a.call('save', 'phone-q', 'households', docs);
	await a.syncNow();
	const q = await a.call<{ id: string; reason: { vi: string } }[]>('quarantine', 'phone-q');
	expect(q.map((e) => e.id)).toEqual(['e2e-q-007']);
	expect(q[0].reason.vi.length).toBeGreaterThan(5);

	expect(await b.syncNow()).toBe(true);
	const ids = await b.call<string[]>('ids', 'phone-q-reader', 'households');
	const arrived = ids.filter((id) => id.startsWith('e2e-q-'));
	expect(arrived).toHaveLength(99);
	expect(arrived).not.toContain('e2e-q-007');
	await a.close();
	await b.close();
});

/** Content of a record without CouchDB/RxDB bookkeeping, for comparing device and server. */
function hash(doc: Record<string, unknown>): string {
	const clean = Object.entries(doc)
		.filter(([k]) => !k.startsWith('_'))
		.sort(([x], [y]) => x.localeCompare(y));
	return createHash('sha256').update(JSON.stringify(clean)).digest('hex');
}

/**
 * Saves `count` residents on a fresh phone, starts the upload, interrupts it once part has
 * arrived, then syncs to the end and checks every document arrived exactly once, unchanged.
 */
async function interruptedUpload(
	label: string,
	count: number,
	interrupt: (device: Awaited<ReturnType<typeof phone>>) => Promise<void>
) {
	const name = `phone-${label}`;
	// Small batches, so the upload is still under way when the test looks.
	const a = await phone(name, { start: false, pushBatchSize: 100 });
	const docs = Array.from({ length: count }, (_, i) =>
		makeResident({
			seed: 40_000 + i,
			id: `e2e-${label}-${String(i).padStart(5, '0')}`,
			volunteer: VOLUNTEER.username,
			hamlet: VOLUNTEER.hamlet
		})
	);
	await a.call('save', name, 'residents', docs);
	// One sign-in for all the polling below: the server rate-limits sign-ins per user.
	let token: Promise<string> | undefined;
	const login = () =>
		(token ??= fetch(`${server.url}/api/session`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: VOLUNTEER.username, password: VOLUNTEER.password })
		})
			.then((res) => res.json())
			.then((body) => (body as { token: string }).token));
	const onServer = async () => {
		const res = await fetch(
			`${server.url}/db/c25657_residents/_all_docs?include_docs=true&startkey="e2e-${label}-"&endkey="e2e-${label}-~"`,
			{ headers: { authorization: `Bearer ${await login()}` } }
		);
		return ((await res.json()) as { rows: { id: string; doc: Record<string, unknown> }[] }).rows;
	};

	await a.call('start', name);
	let before = 0;
	for (let i = 0; i < 400 && before === 0; i++) {
		await new Promise((resolve) => setTimeout(resolve, 50));
		before = (await onServer()).length;
	}
	await interrupt(a);
	expect(before).toBeGreaterThan(0);
	expect(before).toBeLessThan(count);

	expect(await a.syncNow()).toBe(true);
	const rows = await onServer();
	expect(rows).toHaveLength(count);
	const onDevice = await a.call<Record<string, unknown>[]>('docs', name, 'residents');
	const deviceHash = new Map(onDevice.map((d) => [String(d.id), hash(d)]));
	expect(rows.filter((r) => deviceHash.get(r.id) !== hash({ ...r.doc, id: r.id }))).toEqual([]);
	const expected = new Map(docs.map((d) => [d.id, hash(d as unknown as Record<string, unknown>)]));
	expect(rows.filter((r) => expected.get(r.id) !== hash({ ...r.doc, id: r.id }))).toEqual([]);
	expect(rows.filter((r) => !String(r.doc._rev).startsWith('1-'))).toEqual([]);
	await a.close();
}

test('reload in the middle of a 2,000-record upload: everything arrives exactly once', async () => {
	await interruptedUpload('reload', 2000, (a) => a.reload());
});

test('server killed with kill -9 during a 5,000-record upload and restarted: every record arrives exactly once', async () => {
	test.setTimeout(180_000);
	await interruptedUpload('kill', 5000, async () => {
		await server.kill();
		await server.restart();
	});
});
