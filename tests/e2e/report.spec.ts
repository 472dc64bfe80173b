import { readFile } from 'node:fs/promises';
import { household, resident, LAN as LAN_AUTHOR } from '../integration/helpers/docs.ts';
import { DEMO_PASSWORD } from '../factories/users.ts';
import { expect, test } from './support/test';
import { expectAccessible, HAI, LAN, openHomeLink, signedIn } from './support/pages';

// The monthly report an official sends the province: figures from the office device's own
// synced data, per hamlet and week by week, as a printable page and as CSV.

// March 2019 is before any demo or other test record, so its figures are exactly these.
const seed = 800_000 + (Date.now() % 100_000);
const hh = household(LAN_AUTHOR, seed);
const activated = (on: string) => ({
	prerequisites: { chipIdCard: true, smartphoneWithNfc: true, simInOwnName: true, hasEmail: null },
	outcome: { kind: 'level1_activated', on },
	followUpDate: null,
	updatedAt: new Date().toISOString()
});
/** A resident who consented to account help (the factory leaves some without any consent). */
function consenting(from: number, on: string) {
	for (let s = from; ; s += 10) {
		const r = resident(LAN_AUTHOR, s, { householdId: hh._id, accountHelp: activated(on) });
		if ((r.consents as unknown[]).length > 0) return r;
	}
}
const residents = [
	consenting(seed, '2019-03-05'),
	consenting(seed + 1, '2019-03-20'),
	// Activated the next month: not in March's figures.
	consenting(seed + 2, '2019-04-02')
];

test('an official picks a month, reads its figures by hamlet and week, prints it and saves the CSV', async ({
	browser,
	request
}) => {
	test.setTimeout(120_000);
	const login = await request.post('/api/session', {
		data: { username: LAN, password: DEMO_PASSWORD }
	});
	const token = ((await login.json()) as { token: string }).token;
	for (const [db, docs] of [
		['households', [hh]],
		['residents', residents]
	] as const) {
		const res = await request.post(`/db/c25657_${db}/_bulk_docs`, {
			headers: { authorization: `Bearer ${token}` },
			data: { docs }
		});
		expect(res.status()).toBe(201);
		const body = (await res.json()) as { ok?: boolean; error?: string }[];
		expect(body.filter((r) => r.error)).toEqual([]);
	}

	const hai = await signedIn(browser, HAI);
	await openHomeLink(hai, 'Bảng số liệu của xã');
	await hai.getByTestId('report-link').click();
	await expect(hai.getByRole('heading', { level: 1, name: 'Báo cáo gửi tỉnh' })).toBeVisible();
	await expect(hai.getByTestId('report')).toBeVisible();

	// A period that ends before it starts is refused in words, and the figures wait.
	await hai.getByLabel('Từ ngày').fill('2019-03-31');
	await hai.getByLabel('Đến ngày').fill('2019-03-01');
	await expect(hai.getByTestId('report-period-error')).toHaveText(
		'Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.'
	);
	await expect(hai.getByTestId('report')).toHaveCount(0);
	await expect(hai.getByTestId('report-csv')).toBeDisabled();

	await hai.getByLabel('Tháng').fill('2019-03');
	await expect(hai.getByTestId('report-period-error')).toHaveCount(0);
	await expect(hai.getByTestId('report-range')).toHaveText(
		'Từ ngày 01/03/2019 đến ngày 31/03/2019'
	);
	await expect(hai.getByTestId('report')).toContainText('UBND Xã Thạnh Đức');
	await expect(hai.getByTestId('report-kpi-activated').locator('strong')).toHaveText('2');
	const row = hai.getByTestId('report-row-ap-ben-cho');
	await expect(row.locator('th')).toHaveText('Ấp Bến Chò');
	// Columns: households, aged 14+, with account, activated in the period.
	await expect(row.locator('td').nth(3)).toHaveText('2');
	// Weeks start on Monday: 5 and 20 March 2019 fall in the weeks of the 4th and the 18th.
	await expect(hai.getByTestId('bar-activated-2019-03-04')).toHaveAttribute('data-value', '1');
	await expect(hai.getByTestId('bar-activated-2019-03-11')).toHaveAttribute('data-value', '0');
	await expect(hai.getByTestId('bar-activated-2019-03-18')).toHaveAttribute('data-value', '1');
	await expect(hai.getByTestId('chart-activated').locator('g[data-value]')).toHaveCount(5);
	// The charts of one hamlet: Ấp Thạnh Hòa activated nobody in March 2019.
	await hai.getByLabel('Biểu đồ của').selectOption({ label: 'Ấp Thạnh Hòa' });
	await expect(hai.getByTestId('bar-activated-2019-03-04')).toHaveAttribute('data-value', '0');
	await hai.getByLabel('Biểu đồ của').selectOption({ label: 'Ấp Bến Chò' });
	await expect(hai.getByTestId('bar-activated-2019-03-18')).toHaveAttribute('data-value', '1');

	for (const size of [
		{ width: 360, height: 640 },
		{ width: 1280, height: 800 }
	]) {
		await hai.setViewportSize(size);
		await expectAccessible(hai);
	}

	// The CSV holds the same figures: one row per hamlet and one for the commune.
	const download = hai.waitForEvent('download');
	await hai.getByTestId('report-csv').click();
	const saved = await download;
	expect(saved.suggestedFilename()).toBe('tramso-baocao-25657-2019-03-01-2019-03-31.csv');
	const lines = (await readFile(await saved.path(), 'utf8')).replace(/^\uFEFF/, '').split('\r\n');
	const header = lines[0].split(',');
	const col = header.indexOf('Kích hoạt trong kỳ');
	expect(col).toBeGreaterThan(0);
	const cells = (name: string) => lines.find((l) => l.startsWith(`${name},`))?.split(',');
	expect(cells('Ấp Bến Chò')?.[col]).toBe('2');
	expect(cells('Toàn xã')?.[col]).toBe('2');

	// Printed, the page is the report alone on one A4 sheet: no form, no navigation.
	await hai.emulateMedia({ media: 'print' });
	await expect(hai.getByLabel('Tháng')).toBeHidden();
	await expect(hai.getByRole('navigation', { name: 'Điều hướng chính' })).toBeHidden();
	await expect(hai.getByTestId('report')).toBeVisible();
	const pdf = await hai.pdf({ format: 'A4', printBackground: true });
	const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
	expect(pages).toHaveLength(1);
});
