import { expect, test } from './support/test';

interface ManifestIcon {
	src: string;
	sizes: string;
	type: string;
	purpose?: string;
}

test('the served web app manifest makes the app installable', async ({ page, request }) => {
	await page.goto('/');
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	expect(href).toBeTruthy();
	const res = await request.get(new URL(href!, page.url()).toString());
	expect(res.ok()).toBe(true);
	const manifest = await res.json();

	expect(manifest.name).toContain('Trạm Số');
	expect(manifest.short_name).toBe('Trạm Số');
	expect(manifest.lang).toBe('vi');
	expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
	expect(manifest.start_url).toBe('/');
	expect(manifest.display).toBe('standalone');

	const icons = manifest.icons as ManifestIcon[];
	const sizes = (purpose: string) =>
		icons.filter((i) => (i.purpose ?? 'any').split(' ').includes(purpose)).map((i) => i.sizes);
	expect(sizes('any')).toEqual(expect.arrayContaining(['192x192', '512x512']));
	expect(sizes('maskable').length).toBeGreaterThan(0);

	for (const icon of icons) {
		const img = await request.get(new URL(icon.src, res.url()).toString());
		expect(img.ok(), icon.src).toBe(true);
		expect(img.headers()['content-type']).toBe('image/png');
		const body = await img.body();
		// PNG header width/height must match the declared size.
		const [w, h] = icon.sizes.split('x').map(Number);
		expect(body.readUInt32BE(16)).toBe(w);
		expect(body.readUInt32BE(20)).toBe(h);
	}

	const robots = await request.get('/robots.txt');
	expect(robots.ok()).toBe(true);
	expect(await robots.text()).toContain('User-agent');
});
