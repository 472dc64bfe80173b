import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** No serious axe violation, and every control at least 48 px (a radio or checkbox counts with its label). */
export async function expectAccessible(page: Page): Promise<void> {
	const result = await new AxeBuilder({ page }).analyze();
	const serious = result.violations.filter(
		(v) => v.impact === 'serious' || v.impact === 'critical'
	);
	expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
	const small = await page.evaluate(() =>
		[...document.querySelectorAll('main a, main button, main input, main select, main textarea')]
			.filter((el) => (el as HTMLElement).offsetParent !== null)
			.map((el) => {
				const box = el.closest('label') ?? el;
				return { el, r: box.getBoundingClientRect() };
			})
			.filter(({ r }) => r.height < 48)
			.map(({ el }) => el.outerHTML.slice(0, 80))
	);
	expect(small).toEqual([]);
}
