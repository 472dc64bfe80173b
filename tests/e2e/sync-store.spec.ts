import { chromium, type Browser, type Page } from '@playwright/test';
import { expect, test } from './support/test';
import { residentCollection } from '../../src/lib/domain/resident.ts';
import { makeHousehold, makeResident } from '../factories';
import { login, startTestServer, type TestServer } from '../integration/helpers/server';
import { buildHarness } from '../bench/sync.harness-build.mjs';
import { runHarness } from '../bench/harness-page';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/chromium';

// The first pull into an empty collection adds records straight to RxDB's Dexie table
// (db/dexie-insert.ts); later pulls write through RxDB's storage. Both must store the same
// thing, and RxDB's queries must see records added either way.
const VOLUNTEER = { username: 'nguyenthilan', password: 'tramso-demo', hamlet: 'ap-ben-cho' };

let server: TestServer;
let browser: Browser;
let page: Page;

test.beforeAll(async () => {
	server = await startTestServer({ staticDir: await buildHarness() });
	browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
	page = await browser.newPage();
	await page.goto(server.url);
	await page.waitForFunction(() => document.title === 'harness-ready');
});
test.afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

const call = <T>(fn: string, ...args: unknown[]) => runHarness<T>(page, fn, ...args);

/** A stored record without what differs by device and moment: ciphertext, revision token, write time. */
function comparable(row: Record<string, unknown>) {
	const { sealed, _rev, _meta, ...rest } = row as {
		sealed: string;
		_rev: string;
		_meta: Record<string, unknown>;
	};
	const { lwt, ...meta } = _meta;
	return {
		...rest,
		sealedIsText: typeof sealed === 'string' && sealed.length > 40,
		revHeight: _rev.split('-')[0],
		meta,
		lwtIsTime: typeof lwt === 'number' && lwt > 1.6e12
	};
}

test('records from a first pull are stored as RxDB stores them, and live queries see them', async () => {
	const residents = Array.from({ length: 40 }, (_, i) =>
		makeResident({
			seed: 300 + i,
			id: `store-${String(i).padStart(2, '0')}`,
			volunteer: VOLUNTEER.username,
			hamlet: VOLUNTEER.hamlet,
			householdId: i < 5 ? 'store-hh' : 'store-hh-other'
		})
	);
	const { token } = await login(server.url, VOLUNTEER.username);
	const put = await fetch(`${server.url}/db/c25657_residents/_bulk_docs`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
		body: JSON.stringify({ docs: residents.map((r) => ({ ...r, _id: r.id })) })
	});
	expect(put.status).toBe(201);

	// Phone "fresh" starts empty; phone "held" already has a resident, so its pull goes through RxDB.
	for (const name of ['fresh', 'held']) {
		await call('open', name, VOLUNTEER.username, VOLUNTEER.password, { start: false });
		await call('watch', name, 'residents');
	}
	const own = makeResident({
		seed: 999,
		id: 'store-own',
		volunteer: VOLUNTEER.username,
		hamlet: VOLUNTEER.hamlet
	});
	await call('save', 'held', 'residents', [own]);
	await call('save', 'held', 'households', [
		makeHousehold({
			seed: 1,
			id: 'store-hh',
			volunteer: VOLUNTEER.username,
			hamlet: VOLUNTEER.hamlet
		})
	]);
	for (const name of ['fresh', 'held']) expect(await call('syncNow', name)).toBe(true);

	const byId = async (name: string) => {
		const rows = await call<Record<string, unknown>[]>(
			'stored',
			name,
			'residents',
			residentCollection.version
		);
		return new Map(rows.map((r) => [String(r.id), comparable(r)]));
	};
	const fresh = await byId('fresh');
	const held = await byId('held');
	for (const r of residents) {
		expect(fresh.get(r.id), r.id).toBeDefined();
		expect(fresh.get(r.id)).toEqual(held.get(r.id));
	}
	// No personal data in the clear, in either path.
	const idNumber = residents.find((r) => r.idNumber)!.idNumber!;
	expect(JSON.stringify([...fresh.values(), ...held.values()])).not.toContain(idNumber);

	const docs = async (name: string) =>
		(await call<Record<string, unknown>[]>('docs', name, 'residents'))
			.filter((d) => String(d.id).startsWith('store-') && d.id !== 'store-own')
			.sort((a, b) => String(a.id).localeCompare(String(b.id)));
	expect(await docs('fresh')).toEqual(await docs('held'));
	expect((await docs('fresh')).map((d) => d.fullName)).toEqual(residents.map((r) => r.fullName));

	// Indexed queries and live queries see the records however they were added.
	const household = residents.slice(0, 5).map((r) => r.id);
	expect(await call('find', 'fresh', 'residents', { householdId: 'store-hh' })).toEqual(household);
	await expect.poll(() => call('watched', 'fresh', 'residents')).toBeGreaterThanOrEqual(40);
	await expect.poll(() => call('watched', 'held', 'residents')).toBeGreaterThanOrEqual(41);
	for (const name of ['fresh', 'held']) await call('close', name);
});
