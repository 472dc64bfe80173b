import { chromium } from '@playwright/test';
import { expect, test } from './support/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/chromium';
import { TOP_ROUTES } from './support/routes';
import { resolve } from 'node:path';
import { startTestServer } from '../integration/helpers/server';
import { waitForServiceWorker } from './support/sw';

test('the app still opens and navigates after its server process is gone', async () => {
	const server = await startTestServer({ staticDir: resolve('build') });
	const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
	try {
		const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
		await page.goto(server.url);
		await waitForServiceWorker(page);

		await server.kill();
		const health = await fetch(`${server.url}/api/health`).then(
			() => 'up',
			() => 'down'
		);
		expect(health).toBe('down');

		await page.reload();
		for (const route of TOP_ROUTES) {
			await page.goto(server.url + route.path);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(route.heading);
		}
	} finally {
		await browser.close();
		await server.stop();
	}
});
