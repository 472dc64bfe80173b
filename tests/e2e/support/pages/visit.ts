import { expect, type Page } from '@playwright/test';

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
