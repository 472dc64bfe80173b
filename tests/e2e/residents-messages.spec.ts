import { expect, test } from './support/test';
import { waitForServiceWorker } from './support/sw';
import { expectAccessible, LAN, PASSWORD, PIN, signedIn, unlock, visit } from './support/pages';

test.setTimeout(180_000);

test('messages say what is wrong and where, all at once, and clear as the value is fixed', async ({
	browser
}) => {
	const lan = await signedIn(browser, LAN);
	const v = visit(lan);
	await lan.getByRole('link', { name: 'Cư dân', exact: true }).click();
	await lan.getByRole('link', { name: 'Thăm hộ mới' }).click();
	await lan.getByRole('button', { name: 'Lưu và tiếp tục' }).click();
	// A household nobody could find again asks first.
	await expect(lan.getByRole('dialog', { name: 'Hộ chưa có địa chỉ' })).toBeVisible();
	await lan.getByRole('button', { name: 'Quay lại ghi thêm' }).click();
	await lan.getByLabel('Đường, hẻm hoặc tổ').fill('Tổ 7');
	await lan.getByRole('button', { name: 'Lưu và tiếp tục' }).click();
	await expect(lan.getByText(/Bước 2\/6/)).toBeVisible();

	// Names are written as on the card; a household has one head, named when refused.
	await lan.getByLabel('Họ và tên').fill('Trần Văn 123');
	await lan.getByRole('button', { name: 'Thêm vào hộ' }).click();
	await expect(lan.getByText('Họ tên không được có chữ số')).toBeVisible();
	await v.addMember('Trần Văn Mạnh');
	await lan.getByLabel('Họ và tên').fill('Lê Thị Thu');
	await lan.getByLabel('Quan hệ với chủ hộ').selectOption('head');
	await lan.getByRole('button', { name: 'Thêm vào hộ' }).click();
	await expect(lan.getByText('Hộ đã có chủ hộ (Trần Văn Mạnh)')).toBeVisible();
	await lan.getByLabel('Quan hệ với chủ hộ').selectOption('spouse');
	await lan.getByRole('button', { name: 'Thêm vào hộ' }).click();
	await expect(lan.getByTestId('members')).toContainText('Lê Thị Thu');
	await v.next();

	// Without the dossier consent, ethnicity says why it is off and where to turn it on.
	await v.consentEservice();
	await v.next();
	await expect(lan.getByTestId('ethnicity-hint')).toContainText(
		'Hỗ trợ nộp hồ sơ thủ tục hành chính'
	);

	// Several wrong fields: every message at once, the length counted, the focus on the first.
	await v.details({ dob: '1990-05-05', sex: 'Nữ', cccd: '07209001234', phone: '0912' });
	await lan.getByRole('button', { name: 'Lưu thông tin cá nhân và tiếp tục' }).click();
	const form = lan.getByTestId('details-form');
	await expect(form).toContainText('Số CCCD phải gồm đúng 12 chữ số (đang có 11 số)');
	await expect(form).toContainText('Số di động phải có 10 chữ số');
	await expect(lan.getByLabel('Số CCCD (12 số)')).toBeFocused();
	await expectAccessible(lan);
	// Fixed as it is typed: the old refusal goes, a new doubt (sex digit) shows, then goes too.
	await lan.getByLabel('Số CCCD (12 số)').fill('072090012345');
	await expect(form).not.toContainText('đang có 11 số');
	await expect(form).toContainText('Giới tính trong số CCCD không khớp');
	await lan.getByLabel('Nam', { exact: true }).check();
	await expect(form).not.toContainText('Giới tính trong số CCCD không khớp');
	await lan.getByLabel('Số điện thoại di động').fill('0912 345 670');
	await expect(form).not.toContainText('Số di động phải có 10 chữ số');
	await v.saveDetails();

	// A level 2 appointment without a day is asked for under that field, in plain words.
	const account = lan.getByTestId('account-form');
	await account.getByLabel('Hẹn đăng ký mức 2 tại Công an xã').check();
	await account.getByRole('button', { name: 'Lưu kết quả hỗ trợ và tiếp tục' }).click();
	await expect(account.getByLabel('Ngày hẹn tại Công an xã')).toBeFocused();
	await expect(account).toContainText('Vui lòng chọn ngày hẹn tại Công an xã');
	await expect(account).not.toContainText('ISO');
	// Level 1 with a SIM not in the resident's name asks for a confirmation, with the reason.
	for (const group of ['Có thẻ căn cước gắn chip', 'Có điện thoại thông minh có NFC']) {
		await account.getByRole('group', { name: group }).getByLabel('Có', { exact: true }).check();
	}
	await account
		.getByRole('group', { name: 'SIM đứng tên chính chủ' })
		.getByLabel('Không', { exact: true })
		.check();
	await account.getByLabel('Đã kích hoạt mức 1 trên điện thoại của người dân').check();
	await account.getByRole('button', { name: 'Lưu kết quả hỗ trợ và tiếp tục' }).click();
	const check = lan.getByRole('dialog', { name: 'Kiểm tra lại trước khi lưu' });
	await expect(check).toContainText('cần SIM đứng tên chính người dân');
	await check.getByRole('button', { name: 'Đúng, vẫn lưu' }).click();
	await expect(lan.getByText('Bước 6/6: Tóm tắt')).toBeVisible();
});

test('a weak PIN is refused; the lock screen says online, not offline; signing in opens Home', async ({
	browser
}) => {
	const page = await (await browser.newContext()).newPage();
	await page.goto('/');
	await waitForServiceWorker(page);
	await page.goto('/login');
	await page.getByLabel('Tên đăng nhập').fill(LAN);
	await page.getByLabel('Mật khẩu').fill(PASSWORD);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	for (const weak of ['111111', '123456', '198505']) {
		await page.getByLabel('Mã PIN', { exact: true }).fill(weak);
		await page.getByLabel('Nhập lại mã PIN').fill(weak);
		await page.getByRole('button', { name: 'Lưu mã PIN' }).click();
		await expect(page.getByTestId('pin-error')).toHaveText(/quá dễ đoán/);
	}
	await page.getByLabel('Mã PIN', { exact: true }).fill(PIN);
	await page.getByLabel('Nhập lại mã PIN').fill(PIN);
	await page.getByRole('button', { name: 'Lưu mã PIN' }).click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Trang chủ' })).toBeVisible();

	await page.reload();
	await expect(page.getByRole('heading', { name: 'Mở khoá' })).toBeVisible();
	await expect(page.getByTestId('net-status')).toHaveText('Có mạng');
	await unlock(page);
	await expect(page.getByTestId('net-status')).toHaveText('Đã đồng bộ', { timeout: 30_000 });
});
