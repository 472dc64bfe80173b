import { expect, test } from './support/test';

test('Vietnamese by default; English on request, remembered across reloads', async ({ page }) => {
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trang chủ');
	const today = await page.evaluate(() => {
		const d = new Date();
		return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
	});
	await expect(page.getByText(`Hôm nay là ${today}`)).toBeVisible();

	await page.getByRole('button', { name: 'Switch to English' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Home');
	await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();

	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('link', { name: 'Residents' })).toBeVisible();

	await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
});
