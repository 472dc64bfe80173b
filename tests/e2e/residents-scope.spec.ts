import { type Page } from '@playwright/test';
import { expect, test } from './support/test';
import {
	expectAccessible,
	HAI,
	HUNG,
	LAN,
	openHomeLink,
	signedIn,
	visit,
	waitSynced
} from './support/pages';

test.setTimeout(240_000);

/** Six digits that differ per run, so a rerun against the same server never meets its own records. */
const serial = () => String(Date.now() % 1_000_000).padStart(6, '0');

/** Records one resident with an eservice consent and a CCCD, then sends the household for review. */
async function record(
	page: Page,
	house: string,
	name: string,
	cccd: string,
	sex: 'Nam' | 'Nữ',
	signed = false
) {
	const v = visit(page);
	await v.start(house, 'Đường Tỉnh 786');
	await v.addMember(name);
	await v.next();
	if (signed) await v.sign();
	await v.consentEservice();
	await v.next();
	await v.details({ dob: sex === 'Nam' ? '1990-07-15' : '1991-02-20', sex, cccd, phone: '' });
	await v.saveDetails();
}

test('the same CCCD in two hamlets: caught on the device within a hamlet, by the server for whoever entered it first; the official sees both', async ({
	browser
}) => {
	const lan = await signedIn(browser, LAN);
	const hung = await signedIn(browser, HUNG);
	const cccd = `080191${serial()}`;

	await record(lan, '101', 'Huỳnh Thị Mai', cccd, 'Nữ');
	await visit(lan).submit();
	await record(
		hung,
		'7/2',
		'Huỳnh Thị Mai',
		`${cccd.slice(0, 3)} ${cccd.slice(3, 6)} ${cccd.slice(6)}`,
		'Nữ',
		true
	);
	// Hùng cannot see Ấp Bến Chò, so his device has nothing to compare with.
	await expect(hung.getByTestId('duplicate-warning')).toHaveCount(0);
	await visit(hung).submit();

	// Inside her own hamlet Lan is told at once which record holds the number.
	const v = visit(lan);
	await v.start('102', 'Đường Tỉnh 786');
	await v.addMember('Huỳnh Thị Mây');
	await v.next();
	await v.consentEservice();
	await v.next();
	await lan.getByLabel('Số CCCD (12 số)').fill(cccd);
	await expect(lan.getByTestId('duplicate-warning')).toContainText(
		'Trùng với Huỳnh Thị Mai (hộ Số 101, Đường Tỉnh 786)'
	);

	await waitSynced(hung);
	await waitSynced(lan);
	// A sync of Lan's after Hùng's record reached the server: her device asks again.
	await lan.getByTestId('sync-now').click();
	await waitSynced(lan);
	// The server holds both hamlets. Lan entered the number first, so she learns it was entered
	// again elsewhere; Hùng came second and learns nothing of Ấp Bến Chò (else writing guessed
	// numbers would reveal who lives where).
	await lan.getByRole('link', { name: 'Cư dân', exact: true }).click();
	const elsewhere = lan.getByTestId('server-duplicates');
	await expect(elsewhere).toContainText('Huỳnh Thị Mai', { timeout: 30_000 });
	await expect(elsewhere).toContainText('Trùng với một người ở ấp khác (Ấp Thạnh Hòa)');
	await lan.getByRole('link', { name: 'Kiểm tra hồ sơ của Huỳnh Thị Mai' }).click();
	await expect(lan.getByTestId('duplicate-warning')).toContainText('Ấp Thạnh Hòa');
	await expectAccessible(lan);
	await hung.getByRole('link', { name: 'Cư dân', exact: true }).click();
	await expect(hung.getByRole('link', { name: 'Thăm hộ mới' })).toBeVisible();
	await expect(hung.getByTestId('server-duplicates')).toHaveCount(0);

	const hai = await signedIn(browser, HAI);
	await openHomeLink(hai, 'Duyệt hồ sơ tình nguyện viên gửi');
	await hai.getByLabel('Lọc theo ấp').selectOption('ap-thanh-hoa');
	const queue = hai.getByTestId('review-queue');
	await expect(
		queue.getByRole('link', { name: 'Xem hồ sơ của Huỳnh Thị Mai' }).last()
	).toContainText('Trùng số CCCD với Huỳnh Thị Mai (Ấp Bến Chò)');
	await queue.getByRole('link', { name: 'Xem hồ sơ của Huỳnh Thị Mai' }).last().click();
	await expect(hai.getByTestId('duplicate-warning')).toContainText(
		'Trùng với Huỳnh Thị Mai (hộ Số 101'
	);
});

test('a volunteer of another hamlet never sees these residents', async ({ browser }) => {
	const lan = await signedIn(browser, LAN);
	const cccd = `072090${serial()}`;
	await record(lan, '55', 'Đoàn Văn Khải', cccd, 'Nam');
	await visit(lan).submit();
	await waitSynced(lan);

	const hung = await signedIn(browser, HUNG);
	await hung.getByRole('link', { name: 'Cư dân', exact: true }).click();
	const search = hung.getByRole('searchbox', { name: 'Tìm cư dân' });
	for (const q of ['doan van khai', cccd, '55']) {
		await search.fill(q);
		await expect(hung.getByText('Không tìm thấy cư dân nào.')).toBeVisible();
	}
	await expect(hung.getByTestId('household-list')).not.toContainText('Số 55');
	// The review and dashboard screens are for officials only.
	await hung.getByRole('link', { name: 'Trạm Số' }).click();
	await expect(hung.getByRole('link', { name: 'Duyệt hồ sơ tình nguyện viên gửi' })).toHaveCount(0);
});

test('the official dashboard counts per hamlet and exports a CSV for Excel', async ({
	browser
}) => {
	const lan = await signedIn(browser, LAN);
	const cccd = `072191${serial()}`;
	await record(lan, '88', 'Mai Thị Nở', cccd, 'Nữ');
	await visit(lan).blocked('SIM không đứng tên chính chủ');
	await visit(lan).submit();
	await waitSynced(lan);

	const hai = await signedIn(browser, HAI);
	await openHomeLink(hai, 'Bảng số liệu của xã');
	// Hamlets by name, as the directory holds them; never by id.
	await expect(hai.getByTestId('hamlet-table')).toContainText('Ấp Bến Chò');
	await expect(hai.getByTestId('hamlet-table')).not.toContainText('ap-ben-cho');
	// Each hamlet is a card whose figures say what they count.
	await expect(hai.getByTestId('hamlet-table').locator('li').first()).toContainText(
		'Từ 14 tuổi có tài khoản VNeID / tổng số từ 14 tuổi'
	);
	// Each phone is named, with its version and what waits on it; by the volunteer's name.
	const devices = hai.getByTestId('devices');
	await expect(devices).toContainText('Nguyễn Thị Lan · Ấp Bến Chò');
	await expect(devices).toContainText('(máy …');
	await expect(devices).toContainText('Phiên bản ứng dụng: 0.1.0-');
	await expect(devices).toContainText('Không có bản ghi nào chờ gửi');
	await expect(devices).not.toContainText('commune-office');
	// Each device opens onto its detail: what waits by record type, and the phone's storage.
	const lanPhone = devices.locator('li', { hasText: 'Nguyễn Thị Lan · Ấp Bến Chò' }).first();
	await lanPhone.getByText('Chi tiết thiết bị').click();
	await expect(lanPhone.getByTestId('device-storage')).toContainText(/Đã dùng .+ \/ .+ \(\d+%\)/);
	await expect(lanPhone.getByTestId('device-detail')).toContainText('Chờ gửi lên');
	await hai.getByLabel('Đánh dấu máy không đồng bộ từ (ngày)').fill('0');
	await expect(hai.getByRole('alert')).toContainText('Nhập số ngày từ 1 đến 90.');
	await hai.getByLabel('Đánh dấu máy không đồng bộ từ (ngày)').fill('3');
	await expect(hai.getByTestId('blocked')).toContainText('Ấp Bến Chò');
	await expect(hai.getByTestId('blocked')).toContainText('SIM không đứng tên chính chủ');
	await expectAccessible(hai);

	// The server builds the file (and records the export); masked numbers unless a reason is given.
	await hai.getByRole('button', { name: 'Tải danh sách cư dân (CSV cho Excel)' }).click();
	const ask = hai.getByRole('dialog', { name: 'Tải danh sách cư dân' });
	await expectAccessible(hai);
	await ask.getByLabel('Đầy đủ (cần ghi lý do)').check();
	await ask.getByRole('button', { name: 'Tải xuống' }).click();
	await expect(ask).toContainText('Vui lòng ghi lý do cần số đầy đủ');
	await ask.getByLabel('Che bớt (chỉ 4 số cuối), nên dùng').check();
	const download = hai.waitForEvent('download');
	await ask.getByRole('button', { name: 'Tải xuống' }).click();
	const file = await download;
	expect(file.suggestedFilename()).toMatch(/^cu-dan-xa-25657-\d{4}-\d{2}-\d{2}\.csv$/);
	const bytes = await (await file.createReadStream()).toArray();
	const text = Buffer.concat(bytes).toString('utf8');
	expect(text.charCodeAt(0)).toBe(0xfeff);
	// Semicolons by default: Excel on Vietnamese Windows splits columns at ;.
	expect(text.slice(1)).toMatch(/^Ấp\/Thôn;"Số nhà, đường";Họ và tên;/);
	expect(text).toContain('\r\nẤp Bến Chò;"Số 88, Đường Tỉnh 786"');
	expect(text).not.toContain(cccd);
	expect(text).toContain(`xxxx xxxx ${cccd.slice(-4)}`);
	await expect(hai.getByText('Đã tải danh sách; lần tải này đã được ghi lại.')).toBeVisible();
});
