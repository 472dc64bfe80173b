import type { Page } from '@playwright/test';

/** Resolves once a service worker controls the page and has precached the shell. */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(async () => {
		const reg = await navigator.serviceWorker.ready;
		if (!navigator.serviceWorker.controller) {
			await new Promise<void>((resolve) => {
				navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), {
					once: true
				});
			});
		}
		return reg.active?.state;
	});
}
