import { expect, test } from './support/test';
import { rawIndexedDb } from './support/idb';
import { expectAccessible, HAI, LAN, signedIn, unlock, visit, waitSynced } from './support/pages';

test.setTimeout(240_000);

test('details and account help typed but not saved survive leaving the step and a reload', async ({
	browser
}) => {
	const lan = await signedIn(browser, LAN);
	const v = visit(lan);
	await lan.context().setOffline(true);
	await v.start('18', 'Hẻm Nhà Thờ');
	await v.addMember('Phan Thị Cúc');
	await v.next();
	await v.consentEservice();
	await v.next();

	// Typed, never saved: the volunteer taps another step, then the phone restarts.
	await v.details({ dob: '1979-11-02', sex: 'Nữ', cccd: '072 179 004 417', phone: '0913 221 004' });
	await lan.getByRole('button', { name: /Tài khoản/ }).click();
	await expect(lan.getByText('Bước 5/6: Tài khoản')).toBeVisible();
	const account = lan.getByTestId('account-form');
	await account.getByLabel('Hẹn đăng ký mức 2 tại Công an xã').check();
	await account.getByLabel('Ngày hẹn tại Công an xã').fill('2031-03-09');
	await lan.getByRole('link', { name: 'Cư dân', exact: true }).click();
	await expect(lan.getByRole('heading', { level: 1, name: 'Cư dân' })).toBeVisible();
	// What was typed is kept sealed, like the records: never in plain text on the phone.
	expect(await rawIndexedDb(lan)).not.toContain('072179004417');

	await lan.reload();
	await unlock(lan);
	await lan.getByRole('link', { name: 'Mở hộ Số 18, Hẻm Nhà Thờ' }).click();
	await lan.getByRole('button', { name: /Cá nhân/ }).click();
	const details = lan.getByTestId('details-form');
	await expect(details.getByTestId('draft-notice')).toContainText('chưa lưu vào hồ sơ');
	await expect(details.getByLabel('Ngày sinh')).toHaveValue('1979-11-02');
	await expect(details.getByLabel('Số CCCD (12 số)')).toHaveValue('072 179 004 417');
	await expect(details.getByLabel('Số điện thoại di động')).toHaveValue('0913 221 004');
	await expect(details.getByLabel('Nữ', { exact: true })).toBeChecked();
	await expectAccessible(lan);

	// Before sending, the summary names what is still unsaved.
	await lan.getByRole('button', { name: /Tóm tắt/ }).click();
	await expect(lan.getByTestId('summary-unsaved')).toContainText(
		'Thông tin cá nhân của Phan Thị Cúc'
	);
	await expect(lan.getByTestId('summary-unsaved')).toContainText(
		'Kết quả hỗ trợ tài khoản của Phan Thị Cúc'
	);

	await lan.getByRole('link', { name: 'Thông tin cá nhân của Phan Thị Cúc' }).click();
	await v.saveDetails();
	await expect(account.getByLabel('Ngày hẹn tại Công an xã')).toHaveValue('2031-03-09');
	await v.saveAccount();
	await expect(lan.getByTestId('summary-unsaved')).toHaveCount(0);
	await expect(lan.getByTestId('summary')).toContainText('Tài khoản: hẹn mức 2');

	// Saved into the record: a reload shows the values with no draft left.
	await lan.reload();
	await unlock(lan);
	await lan.getByRole('button', { name: /Cá nhân/ }).click();
	await expect(details.getByLabel('Số CCCD (12 số)')).toHaveValue('072179004417');
	await expect(details.getByTestId('draft-notice')).toHaveCount(0);
});

test('withdrawing a consent asks first, says what stops and what is erased, and the commune sees it', async ({
	browser
}) => {
	const lan = await signedIn(browser, LAN);
	const v = visit(lan);
	await v.start('5', 'Ấp Bến Chò, Tổ 2');
	await v.addMember('Đỗ Văn Tín');
	await v.next();
	await v.consentEservice();
	await v.next();
	await v.details({ dob: '1968-05-20', sex: 'Nam', cccd: '072068120033', phone: '0987654321' });
	await v.saveDetails();
	await v.level1Activated();
	await v.submit();

	await lan.getByRole('button', { name: /Đồng ý/ }).click();
	await lan
		.getByRole('button', { name: 'Rút lại đồng ý: Hỗ trợ tài khoản dịch vụ công (VNeID)' })
		.click();
	const ask = lan.getByRole('dialog', {
		name: 'Rút lại đồng ý: Hỗ trợ tài khoản dịch vụ công (VNeID)?'
	});
	await expect(ask).toContainText('ngừng hỗ trợ tài khoản VNeID');
	await expect(ask.getByTestId('withdraw-erases')).toHaveText(
		/Ngày sinh\s*Giới tính\s*Số CCCD\s*Số điện thoại\s*Hỗ trợ tài khoản/
	);
	await expect(ask).toContainText('Hồ sơ được gửi lại xã');
	await expectAccessible(lan);
	// Cancelling changes nothing.
	await ask.getByRole('button', { name: 'Huỷ' }).click();
	await expect(lan.getByTestId('consent-eservice')).toContainText('Đã đồng ý');
	await lan.getByRole('button', { name: /Cá nhân/ }).click();
	await expect(lan.getByLabel('Số CCCD (12 số)')).toHaveValue('072068120033');

	await lan.getByRole('button', { name: /Đồng ý/ }).click();
	await lan
		.getByRole('button', { name: 'Rút lại đồng ý: Hỗ trợ tài khoản dịch vụ công (VNeID)' })
		.click();
	await ask.getByLabel('Lý do người dân nêu (không bắt buộc)').fill('Con trai sẽ tự giúp');
	await ask.getByRole('button', { name: 'Rút lại đồng ý' }).click();
	await expect(lan.getByTestId('consent-eservice')).toContainText('Đã rút lại đồng ý ngày');

	await lan.reload();
	await unlock(lan);
	await expect(lan.getByTestId('consent-eservice')).toContainText('Đã rút lại đồng ý ngày');
	await lan.getByRole('button', { name: /Cá nhân/ }).click();
	await expect(lan.getByLabel('Số CCCD (12 số)')).toHaveValue('');
	await expect(lan.getByLabel('Số CCCD (12 số)')).toBeDisabled();
	await waitSynced(lan);

	// The record stays in the commune's queue and says what happened, not silently emptied.
	const hai = await signedIn(browser, HAI);
	await hai.getByRole('link', { name: 'Trạm Số' }).click();
	await hai.getByRole('link', { name: 'Duyệt hồ sơ tình nguyện viên gửi' }).click();
	await hai.getByRole('link', { name: 'Xem hồ sơ của Đỗ Văn Tín' }).click();
	const consents = hai.getByTestId('consent-evidence');
	await expect(consents).toContainText('Đã rút lại');
	await expect(consents).toContainText('Con trai sẽ tự giúp');
	await expect(consents).toContainText('Nguyễn Thị Lan');
});

test('logging out asks first and says the next sign-in needs the network; cancelling keeps everything', async ({
	browser
}) => {
	const lan = await signedIn(browser, LAN);
	await lan.getByRole('button', { name: 'Đăng xuất và xoá dữ liệu trên máy' }).click();
	const ask = lan.getByRole('dialog', { name: 'Đăng xuất khỏi máy này?' });
	await expect(ask).toContainText('Lần đăng nhập sau cần có mạng và mật khẩu');
	await expect(ask).toContainText('Khoá ứng dụng');
	await expectAccessible(lan);
	await ask.getByRole('button', { name: 'Huỷ' }).click();
	await expect(ask).toBeHidden();

	// Still signed in: a reload opens with the PIN, offline too, and the hamlet's records are there.
	await lan.context().setOffline(true);
	await lan.reload();
	await unlock(lan);
	await lan.getByRole('link', { name: 'Cư dân', exact: true }).click();
	await expect(lan.getByTestId('household-list').locator('li').first()).toBeVisible();

	await lan.context().setOffline(false);
	await lan.getByRole('link', { name: 'Đồng bộ' }).click();
	await lan.getByRole('button', { name: 'Đăng xuất và xoá dữ liệu trên máy' }).click();
	await ask.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
	await expect(lan).toHaveURL(/\/login$/, { timeout: 30_000 });
	// The PIN no longer opens anything: the phone asks for an online sign-in.
	await lan.reload();
	await expect(lan.getByRole('heading', { level: 1, name: 'Đăng nhập' })).toBeVisible();
	await expect(lan.getByRole('heading', { name: 'Mở khoá' })).toHaveCount(0);
});
