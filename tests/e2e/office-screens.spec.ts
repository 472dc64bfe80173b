import { expect, test } from './support/test';
import { expectAccessible, HAI, signedIn, unlock } from './support/pages';

// Every screen of the commune office, as an official opens it on a phone and on a PC: no
// serious or critical axe finding and touch targets of 48 px (`expectAccessible`).

const SCREENS = [
	{ path: '/dashboard', heading: 'Bảng số liệu của xã' },
	{ path: '/dashboard/people', heading: 'Người trong xã' },
	{ path: '/dashboard/hamlets', heading: 'Ấp trong xã' },
	{ path: '/dashboard/audit', heading: 'Nhật ký' },
	{ path: '/dashboard/rights', heading: 'Yêu cầu về dữ liệu cá nhân' },
	{ path: '/dashboard/report', heading: 'Báo cáo gửi tỉnh' },
	{ path: '/dashboard/attention', heading: 'Bản ghi cần người xử lý' },
	{ path: '/dashboard/handover', heading: 'Nhập tệp bàn giao' },
	{ path: '/dashboard/fee-account', heading: 'Tài khoản thu phí của xã' }
] as const;

test('every office screen passes axe at 360×640 and 1280×800', async ({ browser }) => {
	test.setTimeout(180_000);
	const hai = await signedIn(browser, HAI);
	for (const screen of SCREENS) {
		await hai.goto(screen.path);
		await unlock(hai);
		await expect(hai.getByRole('heading', { level: 1 })).toHaveText(screen.heading);
		// The screen has loaded what it reads from the server (lists, counts) before it is judged.
		await expect(hai.getByText('Đang tải…')).toHaveCount(0, { timeout: 15_000 });
		for (const size of [
			{ width: 360, height: 640 },
			{ width: 1280, height: 800 }
		]) {
			await hai.setViewportSize(size);
			await expectAccessible(hai);
		}
	}
});
