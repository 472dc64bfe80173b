import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

const TYPES: Record<string, string> = { js: 'text/javascript', css: 'text/css', html: 'text/html' };

/** Serves the built harness at `${origin}/__map/` (same origin as the server, so its API needs no CORS). */
export async function routeHarness(page: Page, origin: string, dir: string): Promise<string> {
	await page.route(`${origin}/__map/**`, (route) => {
		const path = new URL(route.request().url()).pathname.replace(/^\/__map\/?/, '');
		const file = path === '' ? 'index.html' : path;
		let body: Buffer;
		try {
			body = readFileSync(join(dir, file));
		} catch {
			return route.fulfill({ status: 404, body: 'missing' });
		}
		return route.fulfill({
			body,
			contentType: TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream'
		});
	});
	return `${origin}/__map/`;
}
