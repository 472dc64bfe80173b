import { expect, test } from './support/test';
import { TOP_ROUTES } from './support/routes';
import { waitForServiceWorker } from './support/sw';

test('every top-level route renders from the precache with the network off', async ({
	page,
	context
}) => {
	await page.goto('/');
	await waitForServiceWorker(page);
	await expect(page.getByTestId('offline-ready')).toHaveText(
		'Ứng dụng đã sẵn sàng dùng khi không có mạng.'
	);

	await context.setOffline(true);
	await page.reload();
	await expect(page.getByTestId('net-status')).toContainText('Ngoại tuyến');

	for (const route of TOP_ROUTES) {
		await page.goto(route.path);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(route.heading);
	}
	// Navigating through the bottom bar works offline as well.
	await page.getByRole('link', { name: 'Đồng bộ' }).click();
	await expect(page).toHaveURL(/\/sync$/);
	await expect(page.getByRole('link', { name: 'Đồng bộ' })).toHaveAttribute('aria-current', 'page');
});
