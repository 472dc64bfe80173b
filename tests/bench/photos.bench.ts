// npm run bench:photos — in headless Chromium: 20 generated 12 MP camera JPEGs through the app's
// photo processing (decode with orientation, resize to 1600 px, JPEG ≤ 400 KB, thumbnail, SHA-256),
// in the worker the app uses and, for comparison, on the page. Prints per-photo p50/p95, the
// page's longest stall, peak JS heap. Then the upload half against a real sync server: 100 photos
// (BENCH_UPLOADS) stored encrypted on 10-photo dossiers, synced, and sent by the app's photo
// queue; prints store p50/p95 and photos per second, and ends with one JSON line.
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { startTestServer } from '../integration/helpers/server';
import { VOLUNTEER } from '../factories/users';
import { percentile, runHarness } from './harness-page';
import { buildHarness, routeHarness } from './sync.harness-build.mjs';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 20);
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 100);
const ORIGIN = 'http://localhost:5996';
const MB = 1024 * 1024;

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Used JS heap of the page and of each worker, read through the DevTools protocol: a worker
 * is its own isolate, reached from the browser session through a (non-flattened) target session.
 */
async function heapReader(browser: Browser, page: Page) {
	const pageSession: CDPSession = await page.context().newCDPSession(page);
	const browserSession = await browser.newBrowserCDPSession();
	const pending = new Map<number, (r: { usedSize: number }) => void>();
	let nextId = 1;
	browserSession.on('Target.receivedMessageFromTarget', (e: { message: string }) => {
		const msg = JSON.parse(e.message) as { id?: number; result?: { usedSize: number } };
		if (msg.id && msg.result) pending.get(msg.id)?.(msg.result);
	});
	const workerSessions = new Map<string, string>();
	return async (): Promise<{ page: number; workers: number }> => {
		const { targetInfos } = (await browserSession.send('Target.getTargets')) as {
			targetInfos: { targetId: string; type: string }[];
		};
		for (const t of targetInfos.filter((x) => x.type === 'worker')) {
			if (workerSessions.has(t.targetId)) continue;
			const { sessionId } = (await browserSession.send('Target.attachToTarget', {
				targetId: t.targetId,
				flatten: false
			})) as { sessionId: string };
			workerSessions.set(t.targetId, sessionId);
		}
		let workers = 0;
		for (const sessionId of workerSessions.values()) {
			const id = nextId++;
			const result = new Promise<{ usedSize: number }>((resolve) => pending.set(id, resolve));
			await browserSession
				.send('Target.sendMessageToTarget', {
					sessionId,
					message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' })
				})
				.catch(() => undefined);
			const r = await Promise.race([
				result,
				new Promise<null>((resolve) => setTimeout(() => resolve(null), 500))
			]);
			pending.delete(id);
			workers += r?.usedSize ?? 0;
		}
		const main = (await pageSession.send('Runtime.getHeapUsage')) as { usedSize: number };
		return { page: main.usedSize, workers };
	};
}

interface Out {
	ms: number;
	bytes: number;
	width: number;
	height: number;
}

async function measure(
	page: Page,
	fn: 'lagInWorker' | 'lagOnPage',
	heap: () => Promise<{ page: number; workers: number }>
) {
	const times: number[] = [];
	const lags: number[] = [];
	const outBytes: number[] = [];
	let peak = 0;
	let workerPeak = 0;
	let sampling = true;
	const sampler = (async () => {
		while (sampling) {
			const h = await heap();
			peak = Math.max(peak, h.page + h.workers);
			workerPeak = Math.max(workerPeak, h.workers);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	})();
	for (let i = 0; i < PHOTOS; i++) {
		const r = await runHarness<{ result: Out; maxLagMs: number }>(page, fn, i);
		times.push(r.result.ms);
		lags.push(r.maxLagMs);
		outBytes.push(r.result.bytes);
		if (r.result.width !== 1600 || r.result.bytes > 400_000)
			throw new Error(`photo ${i}: ${JSON.stringify(r.result)}`);
	}
	sampling = false;
	await sampler;
	const sorted = [...times].sort((a, b) => a - b);
	return {
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		max: sorted[sorted.length - 1],
		maxLag: Math.max(...lags),
		heapPeakMb: peak / MB,
		workerHeapPeakMb: workerPeak / MB,
		outKbMax: Math.max(...outBytes) / 1024
	};
}

async function main() {
	const dir = await buildHarness('tests/bench/photos.harness.ts', {
		'photo-worker.js': 'src/lib/photos/worker.ts'
	});
	const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
	try {
		const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
		await routeHarness(page, ORIGIN, dir);
		await page.goto(ORIGIN);
		await page.waitForFunction(() => document.title === 'harness-ready');
		const sizes: number[] = [];
		for (let i = 0; i < PHOTOS; i++) {
			// Sensor noise from 18 to 38 levels: files from plain to grainy, as phones give.
			const noise = 18 + (i % 6) * 4;
			sizes.push(
				(await runHarness<{ bytes: number }>(page, 'makeCameraJpeg', 4000, 3000, 100 + i, noise))
					.bytes
			);
		}
		console.log(
			`${PHOTOS} generated 4000×3000 JPEGs: ${round(Math.min(...sizes) / MB)}-${round(Math.max(...sizes) / MB)} MB`
		);
		const heap = await heapReader(browser, page);
		const first = await runHarness<{ result: Out }>(page, 'lagInWorker', 0);
		const worker = await measure(page, 'lagInWorker', heap);
		const onPage = await measure(page, 'lagOnPage', heap);
		const line = (name: string, m: typeof worker) =>
			console.log(
				`${name}: p50 ${round(m.p50)} ms, p95 ${round(m.p95)} ms, max ${round(m.max)} ms; page stalled at most ${round(m.maxLag)} ms; peak JS heap ${round(m.heapPeakMb)} MB (worker ${round(m.workerHeapPeakMb)} MB); largest output ${round(m.outKbMax)} KB`
			);
		console.log(`worker start + first photo: ${round(first.result.ms)} ms`);
		line('in the worker (the app)', worker);
		line('on the page (comparison)', onPage);
		await page.close();

		const server = await startTestServer({ staticDir: dir });
		let up: { storeMs: number[]; uploadMs: number; uploaded: number; bytes: number };
		try {
			const uploadPage = await browser.newPage();
			uploadPage.on('pageerror', (e) => console.error('page error:', e.stack ?? e.message));
			await uploadPage.goto(server.url);
			await uploadPage.waitForFunction(() => document.title === 'harness-ready');
			up = await runHarness(
				uploadPage,
				'uploadBench',
				VOLUNTEER.username,
				VOLUNTEER.password,
				UPLOADS
			);
		} finally {
			await server.stop();
		}
		if (up.uploaded !== UPLOADS) throw new Error(`uploaded ${up.uploaded} of ${UPLOADS}`);
		const stores = [...up.storeMs].sort((a, b) => a - b);
		const uploadPerS = UPLOADS / (up.uploadMs / 1000);
		console.log(
			`store (hash, encrypt, write, dossier update) of ${UPLOADS} photos of ${round(up.bytes / UPLOADS / 1024)} KB: p50 ${round(percentile(stores, 50))} ms, p95 ${round(percentile(stores, 95))} ms`
		);
		console.log(
			`upload by the photo queue to a local server: ${UPLOADS} photos in ${round(up.uploadMs)} ms = ${round(uploadPerS)} photos/s (${round(up.bytes / MB / (up.uploadMs / 1000))} MB/s)`
		);
		console.log(
			JSON.stringify({
				bench: 'photos',
				photos: PHOTOS,
				input_mb_min: round(Math.min(...sizes) / MB),
				input_mb_max: round(Math.max(...sizes) / MB),
				process_p50_ms: round(worker.p50),
				process_p95_ms: round(worker.p95),
				page_max_stall_ms: round(worker.maxLag),
				on_page_p95_ms: round(onPage.p95),
				on_page_max_stall_ms: round(onPage.maxLag),
				output_kb_max: round(worker.outKbMax),
				store_p95_ms: round(percentile(stores, 95)),
				uploads: UPLOADS,
				upload_per_s: round(uploadPerS),
				heap_mb: round(Math.max(worker.heapPeakMb, onPage.heapPeakMb))
			})
		);
	} finally {
		await browser.close();
	}
}

await main();
