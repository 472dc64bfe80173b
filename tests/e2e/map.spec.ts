import { type APIRequestContext, type Page } from '@playwright/test';
import { expect, test } from './support/test';
import { Compression, TileType, writePmtiles } from '../../sync-server/src/maps/pmtiles';
import { buildMapHarness } from './map/build';
import { routeHarness } from './map/serve';
import { expectAccessible, HAI, PASSWORD, signedIn } from './support/pages';

// The map component alone, on a page served from the app's own origin, against the real server.
type Harness = Record<string, (...args: never[]) => unknown>;
const THANH_DUC = { lng: 106.202242, lat: 11.209606 };
let dir: string;

test.beforeAll(async () => {
	dir = await buildMapHarness();
});

async function tokenOf(request: APIRequestContext, username: string): Promise<string> {
	const res = await request.post('/api/session', { data: { username, password: PASSWORD } });
	return ((await res.json()) as { token: string }).token;
}

async function open(page: Page, baseURL: string): Promise<void> {
	await page.goto(await routeHarness(page, baseURL, dir));
	await page.waitForFunction(() => document.title === 'harness-ready');
}

function call<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
	return page.evaluate(
		([f, a]) =>
			(window as unknown as { harness: Harness })[`harness`][f as string](...(a as never[])),
		[fn, args] as const
	) as Promise<T>;
}

const state = (page: Page) =>
	call<{
		painted: number;
		tiles: number;
		pointsDrawn: number;
		attribution: string;
		placed: { lng: number; lat: number }[];
		picked: string[];
		marker: boolean;
	}>(page, 'state');

test('draws the commune pack from the server by range requests, with its attribution', async ({
	page,
	request,
	baseURL
}) => {
	const token = await tokenOf(request, 'cb.tranvanhai');
	const ranges: string[] = [];
	page.on('request', (r) => {
		if (new URL(r.url()).pathname === '/api/maps/25657')
			ranges.push(r.headers()['range'] ?? 'none');
	});
	await open(page, baseURL!);
	const mounted = await call<{ attribution: string }>(page, 'mount', {
		center: THANH_DUC,
		zoom: 14,
		pack: { kind: 'url', url: '/api/maps/25657', token },
		boundaryUrl: '/api/maps/25657/boundary',
		token
	});
	expect(mounted.attribution).toMatch(/thanglequoc/);
	await expect
		.poll(async () => (await state(page)).painted, { timeout: 15_000 })
		.toBeGreaterThan(2);
	expect(ranges.length).toBeGreaterThan(1);
	expect(ranges.every((r) => /^bytes=\d+-\d+$/.test(r))).toBe(true);
	expect((await state(page)).attribution).toMatch(/thanglequoc/);
});

test('offline: draws tiles from the pack stored on the device, with no network request', async ({
	page,
	request,
	baseURL
}) => {
	const token = await tokenOf(request, 'cb.tranvanhai');
	await open(page, baseURL!);
	const got = await call<{ bytes: number }>(page, 'download', '/api/maps/25657', token);
	expect(got.bytes).toBeGreaterThan(100_000);
	await page.reload();
	await page.waitForFunction(() => document.title === 'harness-ready');
	const requests: string[] = [];
	page.on('request', (r) => {
		if (!new URL(r.url()).pathname.startsWith('/__map/')) requests.push(r.url());
	});
	await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
	await call(page, 'mountStored', THANH_DUC, 15);
	await expect
		.poll(async () => (await state(page)).painted, { timeout: 15_000 })
		.toBeGreaterThan(2);
	expect(requests.filter((u) => !u.startsWith('data:'))).toEqual([]);
});

test("a pack's attribution shows as text, never as markup, with the OpenStreetMap licence link", async ({
	page,
	baseURL
}) => {
	await open(page, baseURL!);
	const pack = (attribution: string) =>
		writePmtiles([{ z: 0, x: 0, y: 0, data: Uint8Array.of(1) }], {
			tileType: TileType.mvt,
			tileCompression: Compression.none,
			bounds: [106.1, 11.1, 106.3, 11.3],
			center: [106.2, 11.2, 0],
			metadata: { attribution }
		}).toString('base64');
	const hostile = '<img src=x onerror="window.pwned=1">Data <b>by</b> the survey';
	const mounted = await call<{ attribution: string }>(page, 'mountBytes', pack(hostile), THANH_DUC);
	expect(mounted.attribution).toBe('Data by the survey');
	const html = (await call<{ attributionHtml: string }>(page, 'state')).attributionHtml;
	expect(html).not.toMatch(/<img|<b>/);
	expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
	await call(page, 'mountBytes', pack('<a href="https://osm.org">© OpenStreetMap</a>'), THANH_DUC);
	expect((await call<{ attributionHtml: string }>(page, 'state')).attributionHtml).toContain(
		'href="https://www.openstreetmap.org/copyright"'
	);
});

test('with no pack, the boundary still shows on a plain background', async ({
	page,
	request,
	baseURL
}) => {
	const token = await tokenOf(request, 'nguyenthilan');
	await open(page, baseURL!);
	const mounted = await call<{ attribution: string | null }>(page, 'mount', {
		center: THANH_DUC,
		zoom: 12,
		pack: null,
		boundaryUrl: '/api/maps/25657/boundary',
		token
	});
	expect(mounted.attribution).toBeNull();
	expect((await state(page)).tiles).toBe(0);
	await expect.poll(() => call<number>(page, 'overlayInk')).toBeGreaterThan(500);
});

test('a tap places the point, the marker drags to correct it, and the GPS circle shows its accuracy', async ({
	page,
	baseURL
}) => {
	await open(page, baseURL!);
	await call(page, 'mount', { center: THANH_DUC, zoom: 18, pack: null });
	await call(page, 'setPlacing', true);
	const at = await call<{ x: number; y: number }>(page, 'pixel', THANH_DUC);
	await page.mouse.click(at.x + 30, at.y);
	let s = await state(page);
	expect(s.placed).toHaveLength(1);
	expect(s.placed[0].lng).toBeGreaterThan(THANH_DUC.lng);
	expect(s.placed[0].lat).toBeCloseTo(THANH_DUC.lat, 4);
	await call(page, 'setPlacing', false);
	await call(page, 'setCapture', THANH_DUC);
	s = await state(page);
	expect(s.marker).toBe(true);
	await page.mouse.move(at.x, at.y);
	await page.mouse.down();
	await page.mouse.move(at.x, at.y - 20, { steps: 5 });
	await page.mouse.move(at.x, at.y - 40, { steps: 5 });
	await page.mouse.up();
	s = await state(page);
	expect(s.placed).toHaveLength(2);
	expect(s.placed[1].lat).toBeGreaterThan(THANH_DUC.lat);
	await call(page, 'setGps', { ...THANH_DUC, accuracy: 12 });
	expect(await call(page, 'gps')).toEqual({ ...THANH_DUC, radius: 12 });
	await call(page, 'setGps', { ...THANH_DUC, accuracy: 4 });
	expect(await call<{ radius: number }>(page, 'gps')).toMatchObject({ radius: 4 });
});

test('30,000 points on one canvas, and a tap picks the one under the finger', async ({
	page,
	baseURL
}) => {
	await open(page, baseURL!);
	await call(page, 'mount', { center: THANH_DUC, zoom: 13, pack: null });
	const { points } = await call<{ points: { id: string; lng: number; lat: number }[] }>(
		page,
		'setPoints',
		30_000,
		THANH_DUC
	);
	expect((await state(page)).pointsDrawn).toBe(30_000);
	await page.evaluate(() => new Promise(requestAnimationFrame));
	await call(page, 'mount', { center: points[0], zoom: 19, pack: null });
	await call(page, 'setPoints', 30_000, THANH_DUC);
	const at = await call<{ x: number; y: number }>(page, 'pixel', points[0]);
	await page.mouse.click(at.x + 2, at.y + 2);
	expect((await state(page)).picked).toEqual([points[0].id]);
});

test('the Addresses screen shows the commune map to its official, with attribution', async ({
	browser
}) => {
	const page = await signedIn(browser, HAI);
	await page.getByRole('link', { name: 'Địa chỉ số' }).click();
	const map = page.getByRole('application', { name: 'Bản đồ xã' });
	await expect(map).toBeVisible();
	await expect
		.poll(() => map.locator('canvas.leaflet-tile-loaded').count(), { timeout: 15_000 })
		.toBeGreaterThan(2);
	await expect(map.locator('.leaflet-control-attribution')).toContainText('thanglequoc');
	await expectAccessible(page);
	await page.context().close();
});
