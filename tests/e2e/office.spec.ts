import { type Page } from '@playwright/test';
import { expect, test } from './support/test';
import { expectAccessible, HAI, PIN, signedIn } from './support/pages';

// The commune office on the dashboard: people, hamlets and the audit log, against the real server.
// Only the test's own volunteer and hamlet change, so the specs after it see the demo data as is.

const stamp = Date.now().toString(36).slice(-5);
const USERNAME = `tnv.vp${stamp}`;
const NAME = 'Phạm Thị Mới';
const HAMLET = `Ấp Thử ${stamp}`;
const RENAMED = `Ấp Thử Mới ${stamp}`;

async function openOffice(page: Page, testid: string, heading: string) {
	await page.getByRole('link', { name: 'Trạm Số' }).click();
	await page.getByRole('link', { name: 'Bảng số liệu của xã' }).click();
	await page.getByTestId(testid).click();
	await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test('an official adds a volunteer who signs in, disables them, renames a hamlet and reads the log', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const hai = await signedIn(browser, HAI);

	// People: a new volunteer with one hamlet and a first password shown once.
	await openOffice(hai, 'people-link', 'Người trong xã');
	await expect(hai.getByTestId(`person-${HAI}`)).toBeVisible();
	await expectAccessible(hai);
	const form = hai.getByTestId('person-form');
	await form.getByLabel('Họ và tên').fill(NAME);
	await form.getByLabel('Tên đăng nhập').fill(USERNAME);
	await form.getByLabel('Ấp Bến Chò').check();
	await form.getByRole('button', { name: 'Thêm người' }).click();
	const notice = hai.getByTestId('one-time-password');
	await expect(notice).toContainText('Hãy đưa tận tay');
	const password = (await hai.getByTestId('one-time-password-value').innerText()).trim();
	expect(password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
	await expectAccessible(hai);
	await hai.getByRole('button', { name: 'Đã giao mật khẩu, đóng thông báo' }).click();
	await expect(notice).toHaveCount(0);
	const row = hai.getByTestId(`person-${USERNAME}`);
	await expect(row).toContainText('Ấp: Ấp Bến Chò');
	await expect(row.getByTestId('person-state')).toHaveText('Đang hoạt động');

	// A taken username: the server's reason, in Vietnamese, and the typed fields kept.
	await form.getByLabel('Họ và tên').fill('Người Trùng Tên');
	await form.getByLabel('Tên đăng nhập').fill(USERNAME);
	await form.getByLabel('Ấp Bến Chò').check();
	await form.getByRole('button', { name: 'Thêm người' }).click();
	const refusal = hai.getByTestId('person-form-error');
	await expect(refusal).toHaveAttribute('role', 'alert');
	await expect(refusal).toContainText('Tên đăng nhập này đã có người dùng');
	await expect(refusal).toContainText(`user ${USERNAME} already exists`);
	await expect(form.getByLabel('Họ và tên')).toHaveValue('Người Trùng Tên');
	await expect(form.getByLabel('Tên đăng nhập')).toHaveValue(USERNAME);
	await expect(form.getByLabel('Ấp Bến Chò')).toBeChecked();
	await expect(hai.getByTestId('one-time-password')).toHaveCount(0);

	// The volunteer signs in on their own phone with that password and sets a PIN.
	const phone = await (await browser.newContext()).newPage();
	await phone.goto('/login');
	await phone.getByLabel('Tên đăng nhập').fill(USERNAME);
	await phone.getByLabel('Mật khẩu').fill(password);
	await phone.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(phone.getByRole('heading', { name: 'Tạo mã PIN' })).toBeVisible();
	await phone.getByLabel('Mã PIN', { exact: true }).fill(PIN);
	await phone.getByLabel('Nhập lại mã PIN').fill(PIN);
	await phone.getByRole('button', { name: 'Lưu mã PIN' }).click();
	await expect(phone.getByRole('heading', { level: 1, name: 'Trang chủ' })).toBeVisible();
	await phone.context().close();

	// The official disables the account, with a confirm step.
	await row.getByRole('button', { name: 'Khoá tài khoản' }).click();
	await expect(row).toContainText(`Khoá tài khoản ${NAME}?`);
	await row.getByRole('button', { name: 'Xác nhận' }).click();
	await expect(row.getByTestId('person-state')).toHaveText('Đã khoá');
	await expect(row.getByRole('button', { name: 'Mở khoá tài khoản' })).toBeVisible();

	// Hamlets: a new one, renamed, keeps its former name.
	await openOffice(hai, 'hamlets-link', 'Ấp trong xã');
	await expect(hai.getByTestId('hamlet-ap-ben-cho')).toBeVisible();
	const hamletForm = hai.getByTestId('hamlet-form');
	await hamletForm.getByLabel('Tên ấp').fill(HAMLET);
	await hamletForm.getByRole('button', { name: 'Thêm ấp' }).click();
	const hamlet = hai.getByTestId(`hamlet-ap-thu-${stamp}`);
	await expect(hamlet).toContainText(HAMLET);
	await hamlet.getByRole('button', { name: 'Đổi tên' }).click();
	await hamlet.getByLabel(`Tên mới của ${HAMLET}`).fill(RENAMED);
	await hamlet.getByRole('button', { name: 'Lưu tên mới' }).click();
	await expect(hamlet.locator('strong')).toHaveText(RENAMED);
	await expect(hamlet.getByTestId('former-names')).toContainText(`Tên cũ: ${HAMLET}`);
	await expectAccessible(hai);

	// The audit log: the creation is there; filtering by the username narrows it.
	await openOffice(hai, 'audit-link', 'Nhật ký');
	const table = hai.getByTestId('audit');
	await expect(table.locator('tr[data-action="user.add"]', { hasText: USERNAME })).toHaveCount(1);
	const before = await table.locator('tbody tr').count();
	await expectAccessible(hai);
	await hai.getByLabel('Hồ sơ hoặc đối tượng').fill(USERNAME);
	await hai.getByRole('button', { name: 'Lọc', exact: true }).click();
	await expect(table.locator('tbody tr')).toHaveCount(2);
	expect(before).toBeGreaterThan(2);
	await expect(table.locator('tbody tr').first()).toHaveAttribute('data-action', 'user.disable');
	await expect(table.locator('tbody tr').last()).toHaveAttribute('data-action', 'user.add');
	const saved = hai.waitForEvent('download');
	await hai.getByRole('button', { name: 'Tải CSV' }).click();
	const csv = await saved;
	expect(csv.suggestedFilename()).toBe('nhat-ky-25657.csv');

	await hai.setViewportSize({ width: 1280, height: 800 });
	await expectAccessible(hai);
});
