import { expect, test } from './support/test';
import { expectAccessible, HAI, LAN, signedIn, unlock, visit } from './support/pages';

test.setTimeout(180_000);

test("a volunteer's Home lists the day's reminders and what the commune has not received, with a send action", async ({
	browser
}) => {
	const lan = await signedIn(browser, LAN);
	await lan.getByRole('link', { name: 'Trang chủ' }).click();
	await expect(lan.getByRole('link', { name: 'Trang chủ' })).toHaveAttribute(
		'aria-current',
		'page'
	);
	// The demo hamlet has follow-ups past their day and level 2 appointments ahead.
	const reminders = lan.getByTestId('reminders');
	await expect(reminders).toContainText('lượt quay lại hỗ trợ đã quá hạn');
	await expect(reminders).toContainText('lịch hẹn mức 2 sắp tới tại Công an xã');
	await expect(lan.getByTestId('overdue-follow-ups').locator('li').first()).toContainText(
		'hẹn quay lại ngày'
	);
	await expect(lan.getByTestId('upcoming-appointments').locator('li').first()).toContainText(
		'hẹn ngày'
	);
	await expectAccessible(lan);
	await lan.getByTestId('overdue-follow-ups').getByRole('link').first().click();
	await expect(lan.getByText('Bước 5/6: Tài khoản')).toBeVisible();

	// A member recorded offline and not sent is listed until it is sent, and stays sent after a reload.
	await lan.context().setOffline(true);
	const v = visit(lan);
	await v.start('88', 'Hẻm Chùa');
	await v.addMember('Tạ Văn Lực');
	await lan.getByRole('link', { name: 'Trang chủ' }).click();
	const notSent = lan.getByTestId('not-sent');
	await expect(notSent).toContainText('Tạ Văn Lực');
	await notSent.getByRole('button', { name: 'Gửi hồ sơ của Tạ Văn Lực cho xã duyệt' }).click();
	await expect(notSent.getByRole('status')).toHaveText(
		'Đã gửi 1 hồ sơ. Hồ sơ sẽ lên xã ở lần đồng bộ tới.'
	);
	await expect(notSent).not.toContainText('Tạ Văn Lực');
	await lan.reload();
	await unlock(lan);
	await expect(lan.getByTestId('not-sent')).not.toContainText('Tạ Văn Lực');
	await lan.getByRole('link', { name: 'Cư dân', exact: true }).click();
	await lan.getByRole('searchbox', { name: 'Tìm cư dân' }).fill('ta van luc');
	await expect(lan.getByTestId('search-results')).toContainText('Chờ duyệt');
});

test('officials have Review and Dashboard in the bottom navigation', async ({ browser }) => {
	const hai = await signedIn(browser, HAI);
	const nav = hai.getByRole('navigation', { name: 'Điều hướng chính' });
	await expect(nav.getByRole('link')).toHaveText([
		'Duyệt',
		'Số liệu',
		'Hồ sơ',
		'Địa chỉ số',
		'Đồng bộ'
	]);
	await nav.getByRole('link', { name: 'Duyệt' }).click();
	await expect(hai.getByRole('heading', { level: 1, name: 'Duyệt hồ sơ' })).toBeVisible();
	await expect(nav.getByRole('link', { name: 'Duyệt' })).toHaveAttribute('aria-current', 'page');
	await nav.getByRole('link', { name: 'Số liệu' }).click();
	await expect(hai.getByRole('heading', { level: 1, name: 'Bảng số liệu của xã' })).toBeVisible();
	await expectAccessible(hai);
});
