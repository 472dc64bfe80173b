import { expect, test } from './support/test';
import { cspViolations, expectNoCspViolations, watchCsp } from './support/csp';
import { waitForServiceWorker } from './support/sw';

test('the app runs under its Content-Security-Policy, and a violation would be caught', async ({
	browser
}) => {
	const context = await browser.newContext();
	await watchCsp(context);
	const page = await context.newPage();
	const res = await page.goto('/');
	const csp = res!.headers()['content-security-policy'];
	expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]{44}'/);
	expect(csp).toContain("frame-ancestors 'none'");
	expect(res!.headers()['x-frame-options']).toBe('DENY');
	await waitForServiceWorker(page);
	await expect(page.getByTestId('offline-ready')).toBeVisible();
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	expectNoCspViolations(page);

	// The policy holds (DevTools' own evaluation is exempt, so the page is made to break it).
	await page.evaluate(() => {
		const s = document.createElement('script');
		s.textContent = 'window.injected = true';
		document.body.append(s);
		const img = document.createElement('img');
		img.src = 'http://tiles.example.invalid/1/2/3.png';
		document.body.append(img);
	});
	expect(await page.evaluate(() => 'injected' in window)).toBe(false);
	await expect.poll(() => cspViolations(page).length).toBeGreaterThanOrEqual(2);
	expect(cspViolations(page).join('\n')).toMatch(/script-src/);
	expect(cspViolations(page).join('\n')).toMatch(/img-src/);
	await context.close();
});
