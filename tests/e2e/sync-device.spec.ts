import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, type Page } from '@playwright/test';
import { expect, test } from './support/test';
import { makeResident } from '../factories';
import { rawIndexedDb } from './support/idb';
import { waitForServiceWorker } from './support/sw';
import { VOLUNTEER } from '../factories/users.ts';

/** Demo volunteer of the e2e server (DEMO=1) and the hamlet they work in. */
const PIN = '482916';

/** Page model of the login, PIN and lock screens. */
const screens = (page: Page) => ({
	async login() {
		await page.goto('/login');
		await page.getByLabel('Tên đăng nhập').fill(VOLUNTEER.username);
		await page.getByLabel('Mật khẩu').fill(VOLUNTEER.password);
		await page.getByRole('button', { name: 'Đăng nhập' }).click();
	},
	async setPin(pin: string) {
		await expect(page.getByRole('heading', { name: 'Tạo mã PIN' })).toBeVisible();
		await page.getByLabel('Mã PIN', { exact: true }).fill(pin);
		await page.getByLabel('Nhập lại mã PIN').fill(pin);
		await page.getByRole('button', { name: 'Lưu mã PIN' }).click();
	},
	async unlock(pin: string) {
		await expect(page.getByRole('heading', { name: 'Mở khoá' })).toBeVisible();
		await page.getByLabel('Mã PIN', { exact: true }).fill(pin);
		await page.getByRole('button', { name: 'Mở khoá' }).click();
	},
	/** First visit: service worker, online sign-in, PIN, first sync. */
	async firstSignIn() {
		await page.goto('/');
		await waitForServiceWorker(page);
		await this.login();
		await this.setPin(PIN);
		await this.home();
		await expect(page.getByTestId('net-status')).toHaveText('Đã đồng bộ', { timeout: 30_000 });
	},
	/** After the PIN is set the app opens on the home screen; the tests go on from the Sync screen. */
	async home() {
		await expect(page).toHaveURL(/\/$/);
		await expect(page.getByRole('heading', { level: 1, name: 'Trang chủ' })).toBeVisible();
		await page.getByRole('link', { name: 'Đồng bộ' }).click();
		await expect(page).toHaveURL(/\/sync$/);
	},
	/** Starts a home visit offline: the household is saved on the phone only. */
	async householdOffline(context: BrowserContext, houseNumber: string, street: string) {
		await context.setOffline(true);
		await page.getByRole('link', { name: 'Cư dân', exact: true }).click();
		await page.getByRole('link', { name: 'Thăm hộ mới' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Thăm hộ gia đình' })).toBeVisible();
		await page.getByLabel('Số nhà', { exact: true }).fill(houseNumber);
		await page.getByLabel('Đường, hẻm hoặc tổ').fill(street);
		await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click();
		await expect(page.getByText(/Bước 2\/6/)).toBeVisible();
	}
});

test('first login online, PIN, offline reopen; IndexedDB holds no plaintext ID or phone number', async ({
	page,
	context,
	request
}) => {
	const resident = makeResident({
		seed: 9001,
		id: 'e2e-res-plaintext',
		volunteer: VOLUNTEER.username,
		hamlet: VOLUNTEER.hamlet,
		consentTo: ['eservice']
	});
	expect(resident.idNumber).toMatch(/^\d{12}$/);
	expect(resident.phone).toMatch(/^\+84\d{9}$/);
	const session = await (
		await request.post('/api/session', {
			data: { username: VOLUNTEER.username, password: VOLUNTEER.password }
		})
	).json();
	const put = await request.post('/db/c25657_residents/_bulk_docs', {
		headers: { authorization: `Bearer ${session.token}` },
		data: { docs: [{ ...resident, _id: resident.id }] }
	});
	expect((await put.json())[0]).toMatchObject({ ok: true });

	const ui = screens(page);
	await page.goto('/');
	await waitForServiceWorker(page);
	await ui.login();
	await ui.setPin(PIN);
	await ui.home();
	await expect(page.getByTestId('net-status')).toHaveText('Đã đồng bộ', { timeout: 30_000 });
	await expect(page.getByTestId('last-sync')).not.toContainText('Chưa đồng bộ lần nào');

	const raw = await rawIndexedDb(page);
	expect(raw).toContain('e2e-res-plaintext');
	expect(raw).not.toContain(resident.idNumber!);
	expect(raw).not.toContain(resident.phone!);
	expect(raw).not.toContain(resident.phone!.slice(3));
	expect(raw).not.toContain(session.token);

	// Next morning in the fields: no network, the PIN opens the app.
	await context.setOffline(true);
	await page.reload();
	await ui.unlock('000000');
	await expect(page.getByTestId('pin-error')).toHaveText('Mã PIN không đúng. Còn 4 lần thử.');
	await ui.unlock(PIN);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đồng bộ');
	await expect(page.getByTestId('net-status')).toHaveText('Ngoại tuyến');
	await expect(page.getByTestId('pending-none')).toBeVisible();
});

test('the production build prints no RxDB sales notice and no error while signing in and syncing', async ({
	page
}) => {
	const lines: string[] = [];
	page.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
	page.on('pageerror', (e) => lines.push(`pageerror: ${e.message}`));
	await screens(page).firstSignIn();
	await page.getByRole('link', { name: 'Cư dân', exact: true }).click();
	await expect(page.getByTestId('household-list').locator('li').first()).toBeVisible();
	expect(lines.filter((l) => /RxDB Open Core|premium/i.test(l))).toEqual([]);
	expect(lines.filter((l) => /^(error|pageerror)/.test(l))).toEqual([]);
});

test('login errors are clear Vietnamese messages', async ({ page, context }) => {
	const ui = screens(page);
	await page.goto('/login');
	await page.getByLabel('Tên đăng nhập').fill(VOLUNTEER.username);
	await page.getByLabel('Mật khẩu').fill('sai-mat-khau');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByTestId('login-error')).toHaveText('Sai tên đăng nhập hoặc mật khẩu.');

	await waitForServiceWorker(page);
	await context.setOffline(true);
	await ui.login();
	await expect(page.getByTestId('login-error')).toHaveText(
		'Không có mạng. Lần đăng nhập đầu tiên cần kết nối Internet.'
	);
});

test('after repeated wrong passwords the sign-in form says how long to wait, counts down, then lets the right password in', async ({
	page
}) => {
	await page.goto('/login');
	await page.getByLabel('Tên đăng nhập').fill('phamminhtuan');
	const submit = page.locator('form button[type="submit"]');
	for (let i = 0; i < 3; i++) {
		await page.getByLabel('Mật khẩu').fill(`sai-mat-khau-${i}`);
		await submit.click();
		await expect(page.getByTestId('login-error')).toHaveText('Sai tên đăng nhập hoặc mật khẩu.');
	}
	await page.getByLabel('Mật khẩu').fill(VOLUNTEER.password);
	await submit.click();
	await expect(page.getByTestId('login-error')).toHaveText(
		/^Bạn đã thử đăng nhập quá nhiều lần\. Hãy đợi \d{1,2} giây rồi thử lại\.$/
	);
	await expect(submit).toBeDisabled();
	await expect(submit).toHaveText(/^Thử lại sau \d{1,2} giây$/);
	// The wait is never longer than a minute; then the message goes and the button is back.
	await expect(submit).toHaveText('Đăng nhập', { timeout: 65_000 });
	await expect(page.getByTestId('login-error')).toHaveCount(0);
	await submit.click();
	await expect(page.getByRole('heading', { name: 'Tạo mã PIN' })).toBeVisible();
});

async function seriousViolations(page: Page): Promise<string[]> {
	const result = await new AxeBuilder({ page }).analyze();
	return result.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
}

test('the Sync screen lists records with conflicting edits; login, PIN and Sync screens are accessible', async ({
	page,
	request
}) => {
	const resident = makeResident({
		seed: 9002,
		id: 'e2e-res-conflict',
		volunteer: VOLUNTEER.username,
		hamlet: VOLUNTEER.hamlet,
		fullName: 'Trần Văn Xung Đột'
	});
	const session = await (
		await request.post('/api/session', {
			data: { username: VOLUNTEER.username, password: VOLUNTEER.password }
		})
	).json();
	const conflicts = [
		{
			field: 'fullName',
			value: 'Trần Văn Xung Dot',
			by: VOLUNTEER.username,
			at: resident.updatedAt
		}
	];
	const put = await request.post('/db/c25657_residents/_bulk_docs', {
		headers: { authorization: `Bearer ${session.token}` },
		data: { docs: [{ ...resident, conflicts, _id: resident.id }] }
	});
	expect((await put.json())[0]).toMatchObject({ ok: true });

	const ui = screens(page);
	await page.goto('/login');
	expect(await seriousViolations(page)).toEqual([]);
	await page.getByLabel('Tên đăng nhập').fill(VOLUNTEER.username);
	await page.getByLabel('Mật khẩu').fill(VOLUNTEER.password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await expect(page.getByRole('heading', { name: 'Tạo mã PIN' })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	await ui.setPin(PIN);
	await ui.home();

	const list = page.getByTestId('conflicts');
	await expect(list).toContainText('Có chỉnh sửa trùng nhau (1)', { timeout: 30_000 });
	await expect(list).toContainText('Cư dân: Trần Văn Xung Đột');
	await expect(list).toContainText('Trường: Họ và tên');
	await expect(page.getByTestId('net-status')).toHaveText('Cần xử lý');
	expect(await seriousViolations(page)).toEqual([]);
	// A losing value may be an ID or phone number: the conflict list is sealed at rest too.
	expect(await rawIndexedDb(page)).not.toContain('Xung Dot');

	const small = await page.evaluate(() =>
		[...document.querySelectorAll('main a, main button, main input')]
			.filter((el) => (el as HTMLElement).offsetParent !== null)
			.filter((el) => el.getBoundingClientRect().height < 48)
			.map((el) => el.outerHTML.slice(0, 80))
	);
	expect(small).toEqual([]);

	// Locking on demand shows the PIN screen and hides the data.
	await page.getByRole('button', { name: 'Khoá ứng dụng' }).click();
	await expect(page.getByRole('heading', { name: 'Mở khoá' })).toBeVisible();
	await expect(page.getByTestId('conflicts')).toHaveCount(0);
	await ui.unlock(PIN);
	await expect(page.getByTestId('conflicts')).toBeVisible();

	// The volunteer decides: the current name stays, the conflict closes on every device.
	await expect(page.getByTestId('conflict-entry')).toContainText('Trần Văn Xung Dot');
	await page.getByRole('button', { name: 'Giữ giá trị hiện tại' }).click();
	await expect(page.getByTestId('conflicts')).toHaveCount(0);
	await page.getByTestId('sync-now').click();
	await expect(page.getByTestId('net-status')).toHaveText('Đã đồng bộ', { timeout: 30_000 });
	const onServer = await (
		await request.get(`/db/c25657_residents/${resident.id}`, {
			headers: { authorization: `Bearer ${session.token}` }
		})
	).json();
	expect(onServer).toMatchObject({ fullName: 'Trần Văn Xung Đột', conflicts: [] });
});

test('five wrong PINs force an online login, which reopens the same local data with a new PIN', async ({
	page,
	context
}) => {
	const ui = screens(page);
	await ui.firstSignIn();
	// A household recorded offline, not yet on the server.
	await ui.householdOffline(context, '203/7', 'Hẻm Lò Gạch');

	await page.getByRole('link', { name: 'Đồng bộ' }).click();
	await page.getByRole('button', { name: 'Khoá ứng dụng' }).click();
	for (let left = 4; left >= 1; left--) {
		await ui.unlock('111111');
		await expect(page.getByTestId('pin-error')).toHaveText(
			`Mã PIN không đúng. Còn ${left} lần thử.`
		);
	}
	await page.getByLabel('Mã PIN', { exact: true }).fill('111111');
	await page.getByRole('button', { name: 'Mở khoá' }).click();
	await expect(page).toHaveURL(/\/login$/);
	await expect(page.getByRole('alert')).toHaveText(
		'Đã nhập sai mã PIN 5 lần. Hãy đăng nhập lại khi có mạng.'
	);

	// Back in coverage: the password and the server's device key reopen the data.
	await context.setOffline(false);
	await ui.login();
	await ui.setPin('735102');
	// Signing in ends on the home screen; wait for it before going elsewhere.
	await ui.home();
	await page.getByRole('link', { name: 'Cư dân', exact: true }).click();
	await expect(page.getByTestId('household-list')).toContainText('Số 203/7');
	await page.getByRole('link', { name: 'Đồng bộ' }).click();
	await expect(page.getByTestId('net-status')).toHaveText('Đã đồng bộ', { timeout: 30_000 });
});

test('logging out names the records not yet sent; after a sync it removes the local data', async ({
	page,
	context,
	request
}) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
	const ui = screens(page);
	await ui.firstSignIn();
	await ui.householdOffline(context, '71', 'Hẻm Cây Dừa');

	// Offline the record cannot leave: logging out names it and waits for a decision.
	await page.getByRole('link', { name: 'Đồng bộ' }).click();
	await page.getByRole('button', { name: 'Đăng xuất và xoá dữ liệu trên máy' }).click();
	const ask = page.getByRole('dialog', { name: 'Đăng xuất khỏi máy này?' });
	await expect(ask.getByTestId('logout-offline')).toBeVisible();
	await ask.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
	await expect(page.getByTestId('logout-unsynced')).toContainText('71, Hẻm Cây Dừa');
	await page.getByRole('button', { name: 'Huỷ, đồng bộ trước' }).click();
	await expect(page.getByTestId('logout-unsynced')).toHaveCount(0);

	// Back online, logging out sends it first, then removes this volunteer's database.
	await context.setOffline(false);
	await page.getByRole('button', { name: 'Đăng xuất và xoá dữ liệu trên máy' }).click();
	await ask.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
	await expect(page).toHaveURL(/\/login$/, { timeout: 30_000 });
	const names = await page.evaluate(async () =>
		(await indexedDB.databases()).map((d) => d.name ?? '')
	);
	expect(names.filter((n) => n.includes(VOLUNTEER.username))).toEqual([]);
	expect(errors).toEqual([]);

	// Basic, not a new session: sessions per user are rate-limited and this run has made many.
	const basic = Buffer.from(`${VOLUNTEER.username}:${VOLUNTEER.password}`).toString('base64');
	const answer = await request.get('/db/c25657_households/_all_docs?include_docs=true', {
		headers: { authorization: `Basic ${basic}` }
	});
	expect(answer.status()).toBe(200);
	const rows = (await answer.json()).rows as { doc: { houseNumber: string; street: string } }[];
	expect(
		rows.filter((r) => r.doc.houseNumber === '71' && r.doc.street === 'Hẻm Cây Dừa')
	).toHaveLength(1);
});
