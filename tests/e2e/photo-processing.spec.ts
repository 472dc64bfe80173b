import { expect, test } from './support/test';
import { runHarness } from '../bench/harness-page';
import { buildHarness, routeHarness } from '../bench/sync.harness-build.mjs';

// The photo pipeline in real Chromium (decode, orientation, resize, JPEG, metadata, hash),
// on a page of its own origin: no app server needed.
const ORIGIN = 'http://localhost:5997';
let dir: string;

interface Out {
	bytes: number;
	width: number;
	height: number;
	hash: string;
	thumbWidth: number;
	thumbHeight: number;
	segments: string[];
}

test.beforeAll(async () => {
	dir = await buildHarness('tests/bench/photos.harness.ts', {
		'photo-worker.js': 'src/lib/photos/worker.ts'
	});
});

test.beforeEach(async ({ page }) => {
	await routeHarness(page, ORIGIN, dir);
	await page.goto(ORIGIN);
	await page.waitForFunction(() => document.title === 'harness-ready');
});

test('strips EXIF and GPS and keeps the camera orientation', async ({ page }) => {
	const { index } = await runHarness<{ index: number }>(page, 'makeCameraJpeg', 1200, 800, 1);
	// Orientation 6: the camera held upright, the sensor's image turned 90° clockwise.
	const tagged = await runHarness<number>(page, 'addExif', index, 6);
	const input = await runHarness<{ width: number; height: number; segments: string[] }>(
		page,
		'fileInfo',
		tagged
	);
	expect(input.segments).toContain('APP1:Exif');
	expect([input.width, input.height]).toEqual([800, 1200]);

	const out = await runHarness<Out>(page, 'processInWorker', tagged);
	expect(out.segments).not.toContain('APP1:Exif');
	expect(out.segments.filter((s) => s.startsWith('APP1'))).toEqual([]);
	expect([out.width, out.height]).toEqual([800, 1200]);
	expect(out.hash).toMatch(/^[0-9a-f]{64}$/);
});

test('brings a 12 MP camera photo to 1600 px and under 400 KB, with a thumbnail, the same on the page and in the worker', async ({
	page
}) => {
	const made = await runHarness<{ index: number; bytes: number }>(
		page,
		'makeCameraJpeg',
		4000,
		3000,
		2
	);
	expect(made.bytes).toBeGreaterThan(2_000_000);
	const inWorker = await runHarness<Out>(page, 'processInWorker', made.index);
	expect([inWorker.width, inWorker.height]).toEqual([1600, 1200]);
	expect(inWorker.bytes).toBeLessThanOrEqual(400_000);
	expect([inWorker.thumbWidth, inWorker.thumbHeight]).toEqual([240, 180]);
	expect(inWorker.segments[inWorker.segments.length - 1]).toBe('SOS');
	const onPage = await runHarness<Out>(page, 'processOnPage', made.index);
	// The same photo gives the same bytes, so a resend is recognised by its hash.
	expect(onPage.hash).toBe(inWorker.hash);
});

test('refuses a file that is not an image, with a reason', async ({ page }) => {
	expect(await runHarness<string>(page, 'processBytes', [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])).toBe(
		'not_an_image'
	);
});
