import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './support/test';
import { TOP_ROUTES } from './support/routes';

for (const route of TOP_ROUTES) {
	test(`no serious accessibility violations on ${route.path}`, async ({ page }) => {
		await page.goto(route.path);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(route.heading);
		const result = await new AxeBuilder({ page }).analyze();
		const serious = result.violations.filter(
			(v) => v.impact === 'serious' || v.impact === 'critical'
		);
		expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
	});
}

test('touch targets are at least 48 px on a 360 px wide phone', async ({ page }) => {
	await page.goto('/');
	const small = await page.evaluate(() =>
		[...document.querySelectorAll('a, button, input, select, textarea')]
			.filter((el) => (el as HTMLElement).offsetParent !== null)
			.map((el) => ({ el, r: el.getBoundingClientRect() }))
			.filter(({ r }) => r.height < 48 || r.width < 48)
			.map(({ el }) => el.outerHTML.slice(0, 80))
	);
	expect(small).toEqual([]);
	expect(await page.evaluate(() => getComputedStyle(document.body).fontSize)).toBe('16px');
});
