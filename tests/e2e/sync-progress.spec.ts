import { type APIRequestContext } from '@playwright/test';
import { expect, test } from './support/test';
import { makeResident } from '../factories';
import { FOREIGN_VOLUNTEER } from '../factories/users.ts';
import { waitForServiceWorker } from './support/sw';
import { PIN } from './support/pages';

// The only demo volunteer of commune 25666: no other spec reads this hamlet's records.
const USER = FOREIGN_VOLUNTEER;
const DOCS = 8_000;

async function seed(request: APIRequestContext) {
	const login = await request.post('/api/session', {
		data: { username: USER.username, password: USER.password }
	});
	const { token } = (await login.json()) as { token: string };
	for (let i = 0; i < DOCS; i += 1000) {
		const docs = Array.from({ length: 1000 }, (_, k) => {
			const r = makeResident({
				seed: 50_000 + i + k,
				id: `progress-${i + k}`,
				volunteer: USER.username,
				commune: USER.commune!,
				hamlet: USER.hamlet
			});
			return { ...r, _id: r.id };
		});
		const res = await request.post(`/db/c${USER.commune}_residents/_bulk_docs`, {
			headers: { authorization: `Bearer ${token}` },
			data: { docs }
		});
		const rows = (await res.json()) as { ok?: boolean; reason?: string }[];
		expect(rows.filter((r) => !r.ok).map((r) => r.reason)).toEqual([]);
	}
}

test('a long first download shows records and the time left in the top bar and on the Sync screen', async ({
	page,
	request
}) => {
	await seed(request);
	// The e2e server answers in milliseconds: each page of the feed is held back so a person could
	// watch it, as on a slow mobile connection.
	await page.route(/\/db\/c\d+_residents\/_changes\?/, async (route) => {
		if (route.request().url().includes('feed=longpoll')) return route.continue();
		const response = await route.fetch();
		await new Promise((resolve) => setTimeout(resolve, 1_200));
		await route.fulfill({ response });
	});
	await page.goto('/');
	await waitForServiceWorker(page);
	await page.goto('/login');
	await page.getByLabel('Tên đăng nhập').fill(USER.username);
	await page.getByLabel('Mật khẩu').fill(USER.password);
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.getByLabel('Mã PIN', { exact: true }).fill(PIN);
	await page.getByLabel('Nhập lại mã PIN').fill(PIN);
	await page.getByRole('button', { name: 'Lưu mã PIN' }).click();

	const bar = page.getByTestId('topbar-progress');
	await expect(bar).toContainText(/Đang tải về: [\d.]+\/~[\d.]+ bản ghi/, { timeout: 30_000 });
	const estimate = Number(/\/~([\d.]+)/.exec(await bar.innerText())![1].replaceAll('.', ''));
	// All of this volunteer's hamlet is theirs: the estimate is the feed's length, demo records included.
	expect(estimate).toBeGreaterThanOrEqual(DOCS);
	expect(estimate).toBeLessThan(DOCS + 200);
	await expect(bar).toContainText(/còn khoảng \d+ (giây|phút)/);
	await expect(bar.getByRole('progressbar')).toHaveAttribute('max', /\d+/);

	// Navigation works during the download, and the Sync screen shows the same progress.
	await page.getByRole('link', { name: 'Đồng bộ' }).click();
	await expect(page).toHaveURL(/\/sync$/);
	await expect(page.getByTestId('sync-progress')).toContainText(/Đang tải về: [\d.]+\/~[\d.]+/);

	await expect(page.getByTestId('net-status')).toHaveText('Đã đồng bộ', { timeout: 60_000 });
	await expect(bar).toHaveCount(0);
	await expect(page.getByTestId('sync-progress')).toHaveCount(0);
	await page.unrouteAll({ behavior: 'ignoreErrors' });
});
