import { expect, test } from './support/test';
import {
	expectAccessible,
	HAI,
	LAN,
	openHomeLink,
	signedIn,
	visit,
	waitSynced
} from './support/pages';

test.setTimeout(240_000);

test('members and households are corrected with a confirmation, and the commune sees why', async ({
	browser
}) => {
	const lan = await signedIn(browser, LAN);
	const v = visit(lan);
	await v.start('61', 'Hẻm Sáu');
	await v.addMember('Ngô Văn Sáu');
	await v.addMember('Ngô Văn Nhầm', 'child');
	await v.addMember('Ngô Thị Út', 'child');

	const members = lan.getByTestId('members');
	await lan.getByRole('button', { name: 'Thay đổi thông tin thành viên Ngô Văn Nhầm' }).click();
	await lan.getByTestId('member-actions').getByRole('button', { name: 'Xoá vì nhập nhầm' }).click();
	const remove = lan.getByRole('dialog', { name: 'Xoá Ngô Văn Nhầm khỏi hộ?' });
	await expect(remove).toContainText('lý do, người xoá và thời điểm được giữ lại để xã xem');
	await expectAccessible(lan);
	await remove.getByRole('button', { name: 'Xoá vì nhập nhầm' }).click();
	await expect(remove).toContainText('Vui lòng ghi lý do xoá');
	await remove.getByLabel('Lý do xoá (bắt buộc)').fill('Nhập trùng với con của hộ bên cạnh');
	await remove.getByRole('button', { name: 'Xoá vì nhập nhầm' }).click();
	await expect(members).not.toContainText('Ngô Văn Nhầm');
	await expect(lan.getByTestId('removed-members')).toContainText(
		'Ngô Văn Nhầm — Lý do: Nhập trùng với con của hộ bên cạnh'
	);

	await lan.getByRole('button', { name: 'Thay đổi thông tin thành viên Ngô Thị Út' }).click();
	await lan.getByTestId('member-actions').getByRole('button', { name: 'Đã chuyển đi' }).click();
	const moved = lan.getByRole('dialog', { name: 'Ghi nhận Ngô Thị Út đã chuyển đi?' });
	await moved
		.getByLabel('Ghi chú (không bắt buộc, ví dụ nơi chuyển đến)')
		.fill('Lên Bình Dương làm');
	await moved.getByRole('button', { name: 'Đã chuyển đi' }).click();
	await expect(members).toContainText('Ngô Thị Út — Con Đã chuyển đi');

	// A household entered twice is merged into the one that stays; the duplicate goes.
	await v.start('61A', 'Hẻm Sáu');
	await v.addMember('Ngô Văn Bảy', 'sibling');
	await lan.getByRole('button', { name: /Hộ gia đình/ }).click();
	await lan.getByRole('button', { name: 'Gộp vào hộ khác' }).click();
	const merge = lan.getByRole('dialog', { name: /^Gộp hộ Số 61A, Hẻm Sáu vào hộ khác\?/ });
	await merge.getByLabel('Tìm hộ theo số nhà, đường hoặc tên chủ hộ').fill('ngo van sau');
	await merge
		.getByLabel('Hộ', { exact: true })
		.selectOption({ label: 'Số 61, Hẻm Sáu — Ngô Văn Sáu' });
	await expect(merge.getByTestId('merge-effect')).toContainText(
		'mọi người thuộc hộ Số 61, Hẻm Sáu'
	);
	await merge.getByRole('button', { name: 'Gộp hộ' }).click();
	await expect(lan.getByText('Số 61, Hẻm Sáu').first()).toBeVisible();
	await expect(members).toContainText('Ngô Văn Bảy');
	await lan.getByRole('link', { name: 'Cư dân', exact: true }).click();
	await expect(lan.getByTestId('household-list')).not.toContainText('Số 61A');
	await waitSynced(lan);

	const hai = await signedIn(browser, HAI);
	await openHomeLink(hai, 'Duyệt hồ sơ tình nguyện viên gửi');
	const log = hai.getByTestId('residency-changes');
	await expect(log).toContainText('Đã xoá (nhập nhầm): Ngô Văn Nhầm');
	await expect(log).toContainText('Lý do: Nhập trùng với con của hộ bên cạnh');
	await expect(log).toContainText('Nguyễn Thị Lan ghi nhận');
	await expect(log).toContainText('Đã chuyển đi: Ngô Thị Út');
	await expect(log).toContainText('Lên Bình Dương làm');
	await expectAccessible(hai);
});
