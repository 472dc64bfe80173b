import { readFileSync } from 'node:fs';
import { ADMIN } from '../factories/users.ts';
import { expect, test } from './support/test';
import { expectAccessible, PIN } from './support/pages';

// The province's admin in the app: which unit catalogue is loaded and what a newer list would
// change before importing it; the communes on the server, a new one set up and its official added.

type Province = { Code: string; FullName: string; Wards: { Code: string; FullName: string }[] };
const shipped = JSON.parse(
	readFileSync(
		new URL('../../static-data/vn-units/vn-units-2026-07-25.json', import.meta.url),
		'utf8'
	)
) as Province[];
const n = String(Date.now() % 100_000).padStart(5, '0');

test('the admin previews and imports a newer unit list, sets up a commune and adds its official', async ({
	page
}) => {
	test.setTimeout(120_000);
	await page.goto('/login');
	await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
	await page.getByLabel('Mật khẩu').fill(ADMIN.password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.getByLabel('Mã PIN', { exact: true }).fill(PIN);
	await page.getByLabel('Nhập lại mã PIN').fill(PIN);
	await page.getByRole('button', { name: 'Lưu mã PIN' }).click();
	await page.getByRole('link', { name: 'Quản trị tỉnh: danh mục và các xã' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Quản trị tỉnh' })).toBeVisible();
	await expect(page.getByTestId('units-version')).toHaveText('2026-07-25');

	// A newer list: one ward of Hà Nội renamed, nothing this server uses touched.
	const next = structuredClone(shipped);
	next[0].Wards[0].FullName = `${next[0].Wards[0].FullName} Mới`;
	await page.getByLabel('Tệp danh mục mới (JSON)').setInputFiles({
		name: 'vn-units-2026-12-01.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(next))
	});
	await expect(page.getByTestId('units-diff-counts')).toContainText(
		'0 đơn vị mới, 1 đổi tên hoặc loại, 0 không còn'
	);
	await expect(page.getByTestId('units-changed')).toContainText(
		`${next[0].Wards[0].Code}: ${shipped[0].Wards[0].FullName} → ${next[0].Wards[0].FullName}`
	);
	await expect(page.getByTestId('units-in-use')).toHaveCount(0);
	await expect(page.getByLabel('Ghi phiên bản (ví dụ ngày ban hành)')).toHaveValue('2026-12-01');
	for (const size of [
		{ width: 360, height: 640 },
		{ width: 1280, height: 800 }
	]) {
		await page.setViewportSize(size);
		await expectAccessible(page);
	}
	await page.getByRole('button', { name: 'Nhập danh mục mới' }).click();
	await expect(page.getByText(/^Đã nhập \d+ đơn vị\.$/)).toBeVisible();
	await expect(page.getByTestId('units-version')).toHaveText('2026-12-01');

	// Communes: a malformed code is refused in words; a catalogue code sets one up.
	await expect(page.getByTestId('commune-25657')).toContainText('Xã Thạnh Đức');
	const form = page.getByTestId('commune-form');
	await form.getByLabel('Thêm xã theo mã (5 chữ số)').fill('12a');
	await form.getByRole('button', { name: 'Thêm xã' }).click();
	await expect(form.getByRole('alert')).toHaveText('Mã xã gồm đúng 5 chữ số.');
	await form.getByLabel('Thêm xã theo mã (5 chữ số)').fill('25459');
	await form.getByRole('button', { name: 'Thêm xã' }).click();
	const added = page.getByTestId('commune-25459');
	await expect(added).toContainText('Phường Tân Ninh');
	// Added twice: the server's reason, in Vietnamese.
	await form.getByLabel('Thêm xã theo mã (5 chữ số)').fill('25459');
	await form.getByRole('button', { name: 'Thêm xã' }).click();
	await expect(page.getByTestId('commune-form-error')).toBeVisible();

	// Its people: the admin adds the ward's official, whose first password is shown once.
	await added.getByRole('button', { name: 'Quản lý Phường Tân Ninh' }).click();
	const office = page.getByTestId('commune-office');
	await expect(office).toContainText('Người và ấp của Phường Tân Ninh');
	const person = office.getByTestId('person-form');
	await person.getByLabel('Họ và tên').fill('Cán Bộ Tân Ninh');
	await person.getByLabel('Tên đăng nhập').fill(`cb.tanninh${n}`);
	await person.getByLabel('Cán bộ xã').check();
	await person.getByRole('button', { name: 'Thêm người' }).click();
	await expect(office.getByTestId('one-time-password')).toBeVisible();
	await expect(office.getByTestId(`person-cb.tanninh${n}`)).toContainText('Cán bộ xã');
	await expectAccessible(page);
});
