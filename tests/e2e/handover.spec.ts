import { createHash, randomBytes } from 'node:crypto';
import { chromium, type Browser } from '@playwright/test';
import { expect, test } from './support/test';
import { makeHousehold, makeResident } from '../factories';
import { makeAddressPoint } from '../factories/address.ts';
import { VOLUNTEER, OFFICIAL, ADMIN } from '../factories/users.ts';
import {
	bearer,
	call,
	login,
	startTestServer,
	type TestServer
} from '../integration/helpers/server';
import { buildHarness } from '../bench/sync.harness-build.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/chromium';
import { harnessPhone } from './support/pages/harness-phone';
import { expectAccessible, HAI, LAN, signedIn, visit } from './support/pages';

// A phone that stays offline hands its unsent work over as a file: the app's real data layer,
// export and sync engine in Chromium (tests/bench/sync.harness.ts), the real server over HTTP.
let server: TestServer;
let browser: Browser;
const COMMUNE = '25657';

test.beforeAll(async () => {
	server = await startTestServer({ staticDir: await buildHarness() });
	browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});
test.afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

function jpeg(seed: number) {
	const bytes = new Uint8Array(randomBytes(12_000 + seed));
	bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
	bytes.set([0xff, 0xd9], bytes.length - 2);
	return {
		base64: Buffer.from(bytes).toString('base64'),
		hash: createHash('sha256').update(bytes).digest('hex')
	};
}

test('an offline phone’s file is imported once, and its later sync sends nothing twice', async () => {
	const phone = await harnessPhone(browser, server.url, 'phone');
	const call_ = phone.call;
	// Online once: the key the file is signed with is registered, as the app does after a sync.
	await call_('handoverKey', 'phone');

	await phone.offline(true);
	const households = Array.from({ length: 15 }, (_, i) =>
		makeHousehold({ seed: 700 + i, volunteer: VOLUNTEER.username, hamlet: VOLUNTEER.hamlet })
	);
	const residents = Array.from({ length: 20 }, (_, i) =>
		makeResident({
			seed: 700 + i,
			volunteer: VOLUNTEER.username,
			hamlet: VOLUNTEER.hamlet,
			householdId: households[i % 15].id
		})
	);
	const photos = [jpeg(1), jpeg(2), jpeg(3)];
	const points = Array.from({ length: 15 }, (_, i) =>
		makeAddressPoint({
			seed: 700 + i,
			volunteer: VOLUNTEER.username,
			hamlet: VOLUNTEER.hamlet,
			photoHash: photos[i]?.hash ?? null
		})
	);
	await call_('save', 'phone', 'households', households);
	await call_('save', 'phone', 'residents', residents);
	await call_('save', 'phone', 'addresses', points);
	for (const p of photos) await call_('keepPhoto', 'phone', p.hash, p.base64);

	const file = await call_<{ text: string; records: number; photos: number }>(
		'exportHandover',
		'phone'
	);
	expect(file).toMatchObject({ records: 50, photos: 3 });

	const official = (await login(server.url, OFFICIAL.username)).token;
	const admin = (await login(server.url, ADMIN.username, ADMIN.password)).token;
	const importFile = async () => {
		const res = await fetch(`${server.url}/api/communes/${COMMUNE}/handover`, {
			method: 'POST',
			headers: { ...bearer(official), 'content-type': 'application/octet-stream' },
			body: file.text
		});
		return { status: res.status, body: await res.json() };
	};
	const docCounts = async () => {
		const out: Record<string, number> = {};
		for (const c of ['households', 'residents', 'addresses']) {
			const info = await call(server.url, `/db/c${COMMUNE}_${c}`, { headers: bearer(admin) });
			out[c] = info.body.doc_count;
		}
		return out;
	};
	const before = await docCounts();

	const first = await importFile();
	expect(first.status).toBe(200);
	expect(first.body.replayed).toBe(false);
	const outcomes = (rows: { kind: string; outcome: string }[], kind: string) =>
		rows.filter((r) => r.kind === kind).map((r) => r.outcome);
	expect(outcomes(first.body.rows, 'record')).toEqual(Array(50).fill('accepted'));
	expect(outcomes(first.body.rows, 'photo')).toEqual(Array(3).fill('accepted'));
	const imported = await docCounts();
	expect(imported).toEqual({
		households: before.households + 15,
		residents: before.residents + 20,
		addresses: before.addresses + 15
	});

	// The same file again (sent twice, or by a second official): nothing changes.
	const second = await importFile();
	expect(second.status).toBe(200);
	expect(second.body.replayed).toBe(true);
	expect(await docCounts()).toEqual(imported);

	// The phone comes online: its records are settled at the imported revisions, none sent again.
	const revs = new Map<string, string>();
	for (const r of residents) {
		const got = await call(server.url, `/db/c${COMMUNE}_residents/${r.id}`, {
			headers: bearer(admin)
		});
		expect(got.status).toBe(200);
		revs.set(r.id, got.body._rev);
	}
	await phone.offline(false);
	expect(await phone.syncNow()).toBe(true);
	expect(await docCounts()).toEqual(imported);
	for (const r of residents) {
		const got = await call(server.url, `/db/c${COMMUNE}_residents/${r.id}?conflicts=true`, {
			headers: bearer(admin)
		});
		expect(got.body._rev).toBe(revs.get(r.id));
		expect(got.body._conflicts).toBeUndefined();
	}
	const again = await call_<{ records: number }>('exportHandover', 'phone');
	expect(again.records).toBe(0);
	await phone.close();
});

test('the sync screen saves a handover file; the official imports it on the dashboard', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const lan = await signedIn(browser, LAN);
	// The signing key is registered online after the first sync; the export needs it offline.
	await expect
		.poll(() =>
			lan.evaluate(() =>
				JSON.stringify(localStorage.getItem('tramso.device')).includes('serverKey\\":\\"')
			)
		)
		.toBe(true);
	await lan.context().setOffline(true);
	await visit(lan).start('12', 'Hẻm 7');
	await lan.getByRole('link', { name: 'Đồng bộ' }).click();
	await lan.getByRole('button', { name: 'Xuất tệp bàn giao' }).click();
	const status = lan.getByTestId('handover-export-status');
	await expect(status).toContainText(/Đã tạo tệp bàn giao: [1-9]\d* hồ sơ, 0 ảnh/);
	const records = Number(/(\d+) hồ sơ/.exec(await status.innerText())![1]);
	const saved = lan.waitForEvent('download');
	await lan.getByTestId('handover-download').click();
	const download = await saved;
	expect(download.suggestedFilename()).toMatch(/^tramso-bangiao-nguyenthilan-.*\.tramso$/);
	const path = await download.path();
	await expectAccessible(lan);

	const hai = await signedIn(browser, HAI);
	await hai.getByRole('link', { name: 'Trạm Số' }).click();
	await hai.getByRole('link', { name: 'Bảng số liệu của xã' }).click();
	await hai.getByTestId('handover-link').click();
	await hai.getByLabel('Tệp bàn giao').setInputFiles(path);
	await hai.getByRole('button', { name: 'Nhập tệp' }).click();
	await expect(hai.getByTestId('handover-summary')).toContainText('Tệp của nguyenthilan');
	await expect(hai.getByTestId('handover-summary')).toContainText(
		`${records} đã nhận, 0 đã có, 0 chờ gộp, 0 bị từ chối`
	);
	await expect(hai.getByTestId('handover-report')).toContainText('12');
	await expectAccessible(hai);
	await hai.getByRole('button', { name: 'Nhập tệp' }).click();
	await expect(hai.getByTestId('handover-summary')).toContainText('đã được nhập trước đây');
});
