import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';
import { expectNoCspViolations, watchCsp } from './support/csp';
import { waitForServiceWorker } from './support/sw';

export const PASSWORD = 'tramso-demo';
export const PIN = '482916';
export const LAN = 'nguyenthilan'; // volunteer, Ấp Bến Chò
export const HUNG = 'levanhung'; // volunteer, Ấp Thạnh Hòa
export const HAI = 'cb.tranvanhai'; // official of Xã Thạnh Đức

/** A phone signed in as `username` with a PIN set, on the sync page, first sync done. */
export async function signedIn(browser: Browser, username: string): Promise<Page> {
	const context = await browser.newContext();
	await watchCsp(context);
	const page = await context.newPage();
	await page.goto('/');
	await waitForServiceWorker(page);
	await page.goto('/login');
	await page.getByLabel('Tên đăng nhập').fill(username);
	await page.getByLabel('Mật khẩu').fill(PASSWORD);
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

/** Page model of the home visit, one method per step. */
export function visit(page: Page) {
	const next = () => page.getByRole('button', { name: 'Tiếp theo' }).click();
	return {
		async start(houseNumber: string, street: string) {
			await page.getByRole('link', { name: 'Cư dân', exact: true }).click();
			await page.getByRole('link', { name: 'Thăm hộ mới' }).click();
			await expect(page.getByRole('heading', { level: 1, name: 'Thăm hộ gia đình' })).toBeVisible();
			await page.getByLabel('Số nhà', { exact: true }).fill(houseNumber);
			await page.getByLabel('Đường, hẻm hoặc tổ').fill(street);
			await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click();
			await expect(page.getByText(/Bước 2\/6/)).toBeVisible();
		},
		async addMember(fullName: string, relationship = 'head') {
			await page.getByLabel('Họ và tên').fill(fullName);
			await page.getByLabel('Quan hệ với chủ hộ').selectOption(relationship);
			await page.getByRole('button', { name: 'Thêm vào hộ' }).click();
			await expect(page.getByTestId('members')).toContainText(fullName);
		},
		next,
		/** The resident signs on the screen instead of ticking. */
		async sign() {
			await page.getByLabel('Ký trên màn hình').check();
			const pad = page.getByRole('img', { name: 'Người dân ký vào ô dưới đây bằng ngón tay' });
			const box = (await pad.boundingBox())!;
			await page.mouse.move(box.x + 20, box.y + 80);
			await page.mouse.down();
			for (const [dx, dy] of [
				[60, 20],
				[120, 90],
				[200, 30],
				[260, 70]
			]) {
				await page.mouse.move(box.x + dx, box.y + dy, { steps: 4 });
			}
			await page.mouse.up();
			await expect(page.getByText('Đã có chữ ký')).toBeVisible();
		},
		async consentEservice() {
			await page
				.getByRole('button', { name: 'Ghi nhận đồng ý: Hỗ trợ tài khoản dịch vụ công (VNeID)' })
				.click();
			await expect(page.getByTestId('consent-eservice')).toContainText('Đã đồng ý');
		},
		async details(d: { dob: string; sex: 'Nam' | 'Nữ'; cccd: string; phone: string }) {
			await page.getByLabel('Ngày sinh').fill(d.dob);
			await page.getByLabel(d.sex, { exact: true }).check();
			await page.getByLabel('Số CCCD (12 số)').fill(d.cccd);
			await page.getByLabel('Số điện thoại di động').fill(d.phone);
		},
		/** Saves the personal details; the visit moves on to the account step. */
		async saveDetails() {
			const form = page.getByTestId('details-form');
			await form.getByRole('button', { name: 'Lưu thông tin cá nhân và tiếp tục' }).click();
			await expect(page.getByText('Bước 5/6: Tài khoản')).toBeVisible();
		},
		async level1Activated() {
			const form = page.getByTestId('account-form');
			for (const group of [
				'Có thẻ căn cước gắn chip',
				'Có điện thoại thông minh có NFC',
				'SIM đứng tên chính chủ'
			]) {
				await form.getByRole('group', { name: group }).getByLabel('Có', { exact: true }).check();
			}
			await form.getByLabel('Đã kích hoạt mức 1 trên điện thoại của người dân').check();
			await this.saveAccount();
		},
		async blocked(reason: string) {
			const form = page.getByTestId('account-form');
			await form.getByLabel('Chưa đăng ký được').check();
			await form.getByLabel('Lý do').selectOption({ label: reason });
			await this.saveAccount();
		},
		/** Saves the account help; the visit moves on to the summary. */
		async saveAccount() {
			const form = page.getByTestId('account-form');
			await form.getByRole('button', { name: 'Lưu kết quả hỗ trợ và tiếp tục' }).click();
			await expect(page.getByText('Bước 6/6: Tóm tắt')).toBeVisible();
		},
		async submit() {
			await page.getByRole('button', { name: /Tóm tắt/ }).click();
			await page.getByRole('button', { name: 'Gửi xã duyệt' }).click();
			await expect(page.getByRole('main').getByRole('status')).toContainText('Đã gửi');
		}
	};
}

/** No serious axe violation, and every control at least 48 px (a radio or checkbox counts with its label). */
export async function expectAccessible(page: Page): Promise<void> {
	const result = await new AxeBuilder({ page }).analyze();
	const serious = result.violations.filter(
		(v) => v.impact === 'serious' || v.impact === 'critical'
	);
	expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
	const small = await page.evaluate(() =>
		[...document.querySelectorAll('main a, main button, main input, main select, main textarea')]
			.filter((el) => (el as HTMLElement).offsetParent !== null)
			.map((el) => {
				const box = el.closest('label') ?? el;
				return { el, r: box.getBoundingClientRect() };
			})
			.filter(({ r }) => r.height < 48)
			.map(({ el }) => el.outerHTML.slice(0, 80))
	);
	expect(small).toEqual([]);
}
