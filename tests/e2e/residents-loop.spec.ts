import { expect, test } from './support/test';
import {
	expectAccessible,
	HAI,
	LAN,
	openHomeLink,
	signedIn,
	unlock,
	visit,
	waitSynced
} from './support/pages';

test.setTimeout(240_000);

test('offline visit → sync → official returns with a note → volunteer fixes → official approves', async ({
	browser
}) => {
	const lan = await signedIn(browser, LAN);
	const v = visit(lan);

	// At the resident's home, without signal.
	await lan.context().setOffline(true);
	await v.start('45', 'Hẻm 3');
	await expectAccessible(lan);
	await v.addMember('Trần Văn Bìng');
	await v.next();
	// The notice to read out before asking: what, why, who keeps it, the resident's rights.
	await expect(lan.getByTestId('consent-notice')).toContainText('quyền xem, sửa, yêu cầu xoá');
	await v.consentEservice();
	await expectAccessible(lan);
	await v.next();
	await v.details({
		dob: '1985-03-04',
		sex: 'Nam',
		cccd: '072 085 123 456',
		phone: '0912.345.678'
	});
	await v.saveDetails();
	// The phone is closed mid-visit, still offline: reopening returns to the same step with the data.
	await lan.reload();
	await unlock(lan);
	await expect(lan.getByText('Bước 5/6: Tài khoản')).toBeVisible();
	await lan.getByRole('button', { name: /Cá nhân/ }).click();
	await expect(lan.getByLabel('Số CCCD (12 số)')).toHaveValue('072085123456');
	await expect(lan.getByLabel('Số điện thoại di động')).toHaveValue('0912 345 678');
	await lan.getByRole('button', { name: /Tài khoản/ }).click();
	// A code written in the notes is refused with an explanation, never stored.
	const account = lan.getByTestId('account-form');
	await account.getByLabel('Ghi chú (không ghi mật khẩu, mã OTP)').fill('Mã OTP của bác là 482913');
	await account.getByRole('button', { name: 'Lưu kết quả hỗ trợ và tiếp tục' }).click();
	await expect(account).toContainText('Có vẻ đây là mã OTP');
	await expect(lan.getByText('Bước 5/6: Tài khoản')).toBeVisible();
	await account.getByLabel('Ghi chú (không ghi mật khẩu, mã OTP)').fill('');
	await v.level1Activated();
	await expectAccessible(lan);
	await v.submit();
	await expectAccessible(lan);

	await lan.getByRole('link', { name: 'Biên nhận cho Trần Văn Bìng' }).click();
	await expect(lan.getByTestId('receipt-id')).toHaveText('xxxx xxxx 3456');
	await expect(lan.getByTestId('receipt-phone')).toHaveText('+84 9xx xxx x78');
	await expect(lan.getByTestId('receipt')).not.toContainText('072085123456');
	await expect(lan.getByTestId('receipt')).toContainText('Ấp Bến Chò');
	// The receipt goes to the resident's phone as text with the same masked numbers and its code.
	const code = (await lan.getByTestId('receipt-code').innerText()).trim();
	expect(code).toMatch(/^TS-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
	const sms = decodeURIComponent((await lan.getByTestId('receipt-sms').getAttribute('href')) ?? '');
	expect(sms).toMatch(/^sms:\+84912345678\?body=/);
	expect(sms).toContain(`Mã tra cứu: ${code}`);
	expect(sms).toContain('xxxx xxxx 3456');
	expect(sms).not.toContain('072085123456');
	await expectAccessible(lan);

	await lan.context().setOffline(false);
	await waitSynced(lan);

	const hai = await signedIn(browser, HAI);
	// The code on the resident's receipt finds the record at the commune office.
	await openHomeLink(hai, 'Cư dân trong ấp và thăm hộ');
	await hai.getByRole('searchbox', { name: 'Tìm cư dân' }).fill(code.toLowerCase());
	await expect(hai.getByTestId('search-results')).toContainText('Trần Văn Bìng');
	await openHomeLink(hai, 'Duyệt hồ sơ tình nguyện viên gửi');
	await expectAccessible(hai);
	await hai.getByRole('link', { name: 'Xem hồ sơ của Trần Văn Bìng' }).click();
	await expectAccessible(hai);
	await expect(hai.getByTestId('record-details')).toContainText('072085123456');
	// The record comes with its household, its members and how the consent was given.
	await expect(hai.getByTestId('review-household')).toContainText('Số 45, Hẻm 3, Ấp Bến Chò');
	await expect(hai.getByTestId('consent-evidence')).toContainText('Nguyễn Thị Lan ghi nhận');
	const back = hai.getByTestId('return-form');
	await back.getByLabel('Họ và tên', { exact: true }).check();
	await back.getByLabel('Cần sửa gì ở “Họ và tên”').fill('Tên đúng trên thẻ là Trần Văn Bình');
	await back.getByRole('button', { name: 'Trả lại hồ sơ' }).click();
	await expect(hai.getByTestId('review-status')).toContainText('Bị trả lại');
	await waitSynced(hai);

	// The note reaches the volunteer with the record.
	await waitSynced(lan);
	await lan.getByRole('link', { name: 'Trang chủ' }).click();
	await expect(lan.getByTestId('returned-list')).toContainText(
		'Tên đúng trên thẻ là Trần Văn Bình',
		{
			timeout: 30_000
		}
	);
	await expectAccessible(lan);
	await lan.getByRole('link', { name: 'Sửa hồ sơ của Trần Văn Bìng' }).click();
	const details = lan.getByTestId('details-form');
	await expect(details.getByTestId('review-note')).toContainText(
		'Tên đúng trên thẻ là Trần Văn Bình'
	);
	await details.getByLabel('Họ và tên').fill('Trần Văn Bình');
	await visit(lan).saveDetails();
	await visit(lan).submit();
	await waitSynced(lan);

	await waitSynced(hai);
	await openHomeLink(hai, 'Duyệt hồ sơ tình nguyện viên gửi');
	await hai.getByRole('link', { name: 'Xem hồ sơ của Trần Văn Bình' }).click({ timeout: 30_000 });
	await hai.getByRole('button', { name: 'Duyệt hồ sơ' }).click();
	await hai.getByRole('dialog').getByRole('button', { name: 'Duyệt hồ sơ' }).click();
	await expect(hai.getByTestId('review-status')).toContainText('Đã duyệt');
	// Approved is final: no second approval or return is offered.
	await expect(hai.getByTestId('approved-note')).toContainText('Đã duyệt bởi Trần Văn Hải');
	await expect(hai.getByRole('button', { name: 'Duyệt hồ sơ' })).toHaveCount(0);
	await expect(hai.getByTestId('return-form')).toHaveCount(0);
	await expect(hai.getByTestId('review-history')).toContainText('Họ và tên: Tên đúng trên thẻ');
	await expect(hai.getByTestId('review-history')).not.toContainText('fullName');
	await expect(hai.getByTestId('review-history').locator('li')).toHaveCount(4);
	await waitSynced(hai);

	await waitSynced(lan);
	await lan.getByRole('link', { name: 'Cư dân', exact: true }).click();
	await lan.getByRole('searchbox', { name: 'Tìm cư dân' }).fill('tran van binh');
	await expect(lan.getByTestId('search-results')).toContainText('Đã duyệt', { timeout: 30_000 });

	// Editing what the commune approved says so before and after, and offers to send it back.
	await lan.getByTestId('search-results').getByRole('link').first().click();
	await expect(lan.getByTestId('review-banner')).toContainText('Hồ sơ này đã được xã duyệt');
	await lan
		.getByTestId('details-form')
		.getByLabel('Ghi chú (không ghi mật khẩu, mã OTP)')
		.fill('Đã đổi SIM chính chủ');
	await visit(lan).saveDetails();
	const banner = lan.getByTestId('review-banner');
	await expect(banner).toContainText('thay đổi mới cần xã duyệt lại');
	await banner.getByRole('button', { name: 'Gửi lại xã duyệt' }).click();
	await expect(lan.getByRole('main').getByRole('status').last()).toContainText('Đã gửi lại');
	await lan.getByRole('button', { name: /Tóm tắt/ }).click();
	await expect(lan.getByTestId('review-status')).toContainText('Chờ duyệt');
});
