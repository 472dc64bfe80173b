import { expect, type Browser, type Page } from '@playwright/test';
import { expectNoCspViolations, watchCsp } from '../csp';
import { waitForServiceWorker } from '../sw';
import { DEMO_PASSWORD, OFFICIAL, OTHER_VOLUNTEER, VOLUNTEER } from '../../../factories/users.ts';

export const PASSWORD = DEMO_PASSWORD;
export const PIN = '482916';
export const LAN = VOLUNTEER.username; // Ấp Bến Chò
export const HUNG = OTHER_VOLUNTEER.username; // Ấp Thạnh Hòa
export const HAI = OFFICIAL.username; // official of Xã Thạnh Đức

/** A phone signed in as `username` with a PIN set, on the sync page, first sync done. */
export async function signedIn(
	browser: Browser,
	username: string,
	password = PASSWORD
): Promise<Page> {
	const context = await browser.newContext();
	await watchCsp(context);
	const page = await context.newPage();
	await page.goto('/');
	await waitForServiceWorker(page);
	await page.goto('/login');
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('heading', { name: 'Tạo mã PIN' })).toBeVisible();
	await page.getByLabel('Mã PIN', { exact: true }).fill(PIN);
	await page.getByLabel('Nhập lại mã PIN').fill(PIN);
	await page.getByRole('button', { name: 'Lưu mã PIN' }).click();
	// Setting the PIN opens the home screen.
	await expect(page.getByRole('heading', { level: 1, name: 'Trang chủ' })).toBeVisible();
	await waitSynced(page);
	return page;
}

/** After a reload or a reopen the app asks for the PIN. */
export async function unlock(page: Page): Promise<void> {
	await expect(page.getByRole('heading', { name: 'Mở khoá' })).toBeVisible();
	await page.getByLabel('Mã PIN', { exact: true }).fill(PIN);
	await page.getByRole('button', { name: 'Mở khoá' }).click();
}

/** Opens the sync page in the app (no reload, which would lock it) and waits for a full sync. */
export async function waitSynced(page: Page): Promise<void> {
	await page.getByRole('link', { name: 'Đồng bộ' }).click();
	try {
		await expect(page.getByTestId('net-status')).toHaveText('Đã đồng bộ', { timeout: 45_000 });
	} catch (err) {
		// The sync page says what needs attention (conflict, refused record): put it in the failure.
		throw new Error(`not synced:\n${await page.locator('main').innerText()}`, { cause: err });
	}
	expectNoCspViolations(page);
}

export async function openHomeLink(page: Page, name: string): Promise<void> {
	await page.getByRole('link', { name: 'Trạm Số' }).click();
	await page.getByRole('link', { name }).click();
}
