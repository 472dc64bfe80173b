// npm run bench:map — the official's map of one commune in headless Chromium: 30,000 points over
// the commune's vector pack served by a real local server. First render, pan/zoom frame times,
// near-duplicate checks against 30,000 points, pack download speed. Ends with one JSON line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { loadBoundary } from '../../sync-server/src/maps/boundaries.ts';
import { buildPack } from '../../sync-server/src/maps/generate.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { buildMapHarness } from '../e2e/map/build';
import { routeHarness } from '../e2e/map/serve';
import { ADMIN, login, startTestServer } from '../integration/helpers/server.ts';

const POINTS = Number(process.env.BENCH_POINTS ?? 30_000);
const DUP_CHECKS = Number(process.env.BENCH_DUP_CHECKS ?? 5000);
const FRAME_MS = Number(process.env.BENCH_FRAME_MS ?? 6000);
const DOWNLOADS = Number(process.env.BENCH_DOWNLOADS ?? 5);

type Harness = Record<string, (...args: never[]) => unknown>;
const run = <T>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
	page.evaluate(
		([f, a]) => (window as unknown as { harness: Harness }).harness[f as string](...(a as never[])),
		[fn, args] as const
	) as Promise<T>;

const percentile = (sorted: number[], p: number) =>
	sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round2 = (n: number) => Math.round(n * 100) / 100;

async function main() {
	const boundary = loadBoundary('25657')!;
	// A pack the size of a real OpenStreetMap commune extract, so the download speed means something.
	const big = buildPack(boundary, { seed: 1, maxZoom: 16, buildings: 60_000 });
	const tmp = mkdtempSync(join(tmpdir(), 'tramso-bench-map-'));
	const server = await startTestServer();
	const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
	try {
		const admin = (await login(server.url, ADMIN.username, ADMIN.password)).token;
		writeFileSync(join(tmp, 'pack.pmtiles'), new Uint8Array(big.archive));
		const put = await fetch(`${server.url}/api/maps/25657`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${admin}` },
			body: new Uint8Array(big.archive)
		});
		if (put.status !== 201) throw new Error(`upload: ${put.status} ${await put.text()}`);
		const token = (await login(server.url, 'cb.tranvanhai')).token;
		const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
		await page.goto(await routeHarness(page, server.url, await buildMapHarness()));
		await page.waitForFunction(() => document.title === 'harness-ready');
		const boundaryJson = await (
			await fetch(`${server.url}/api/maps/25657/boundary`, {
				headers: { authorization: `Bearer ${token}` }
			})
		).json();
		const center = boundary.center;
		const downloads: number[] = [];
		let bytes = 0;
		for (let i = 0; i < DOWNLOADS; i++) {
			const d = await run<{ bytes: number; ms: number }>(
				page,
				'download',
				'/api/maps/25657',
				token
			);
			bytes = d.bytes;
			downloads.push(d.bytes / 1e6 / (d.ms / 1000));
		}
		await page.reload();
		await page.waitForFunction(() => document.title === 'harness-ready');
		const render = await run<{ render_ms: number; points_draw_ms: number }>(
			page,
			'firstRender',
			{
				center,
				zoom: 14,
				pack: { kind: 'url', url: '/api/maps/25657', token },
				boundary: boundaryJson
			},
			POINTS
		);
		type Frames = { frames: number[]; redraws: number[] };
		const withPack = await run<Frames>(page, 'frames', FRAME_MS);
		const frames = withPack.frames.sort((a, b) => a - b);
		// The same gestures over the plain background: what the points layer alone costs.
		await run(page, 'mount', { center, zoom: 14, pack: null });
		await run(page, 'setPoints', POINTS, center);
		const plainRun = await run<Frames>(page, 'frames', FRAME_MS);
		const plain = plainRun.frames.sort((a, b) => a - b);
		const redraws = [...withPack.redraws, ...plainRun.redraws].sort((a, b) => a - b);
		await run(page, 'dupChecks', 200, center);
		const { samples, found } = await run<{ samples: number[]; found: number }>(
			page,
			'dupChecks',
			DUP_CHECKS,
			center
		);
		const dup = [...samples].sort((a, b) => a - b);
		const mbps = [...downloads].sort((a, b) => a - b);
		console.log(
			`pack ${bytes} bytes, ${big.tiles} tiles (z10-16, ${big.features.buildings} buildings); ` +
				`${POINTS} points; ${frames.length} frames; ${DUP_CHECKS} duplicate checks found ${found} neighbours`
		);
		console.log(
			JSON.stringify({
				bench: 'map',
				points: POINTS,
				render_ms: Math.round(render.render_ms),
				points_draw_ms: round2(render.points_draw_ms),
				frame_p50_ms: round2(percentile(frames, 50)),
				frame_p95_ms: round2(percentile(frames, 95)),
				frames: frames.length,
				frame_no_pack_p95_ms: round2(percentile(plain, 95)),
				points_redraw_p95_ms: round2(percentile(redraws, 95)),
				dup_check_p50_ms: Math.round(percentile(dup, 50) * 1000) / 1000,
				dup_check_p95_ms: Math.round(percentile(dup, 95) * 1000) / 1000,
				pack_bytes: bytes,
				download_mb_s: round2(percentile(mbps, 50)),
				// Two cores shared with other work: frame times and download speed follow the load.
				load_avg_1m: round2(loadavg()[0])
			})
		);
	} finally {
		await browser.close();
		await server.stop();
		rmSync(tmp, { recursive: true, force: true });
	}
}

await main();
