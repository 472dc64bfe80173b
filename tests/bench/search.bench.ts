// npm run bench:search — search latency on 20,000 generated residents held in the device's
// encrypted RxDB, in headless Chromium. Ends with one JSON line (residents, p50_ms, p95_ms, …).
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { percentile, runHarness } from './harness-page';
import { buildHarness, routeHarness } from './sync.harness-build.mjs';

const RESIDENTS = Number(process.env.BENCH_RESIDENTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ORIGIN = 'http://localhost:5999';

const round2 = (n: number) => Math.round(n * 100) / 100;

async function main() {
	const dir = await buildHarness('tests/bench/search.harness.ts');
	const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
	try {
		// A phone-sized page on its own origin, so IndexedDB works without a server.
		const page = await browser.newPage({ viewport: { width: 360, height: 640 } });
		await routeHarness(page, ORIGIN, dir);
		await page.goto(ORIGIN);
		await page.waitForFunction(() => document.title === 'harness-ready');
		const seeded = await runHarness<{ residents: number; seed_ms: number }>(
			page,
			'seed',
			RESIDENTS
		);
		const loaded = await runHarness<{
			residents: number;
			households: number;
			load_ms: number;
			index_build_ms: number;
		}>(page, 'load');
		const queries = await runHarness<string[]>(page, 'queries');
		// One warm-up round so the JIT has compiled the search loop, as it has after the first keystrokes.
		await runHarness(page, 'measure', queries, 1);
		const { samples, hits } = await runHarness<{ samples: number[]; hits: Record<string, number> }>(
			page,
			'measure',
			queries,
			ROUNDS
		);
		const sorted = [...samples].sort((a, b) => a - b);
		console.log(`queries (full text → hits): ${JSON.stringify(hits)}`);
		console.log(
			JSON.stringify({
				bench: 'search',
				residents: loaded.residents,
				households: loaded.households,
				queries: queries.length,
				samples: samples.length,
				p50_ms: round2(percentile(sorted, 50)),
				p95_ms: round2(percentile(sorted, 95)),
				max_ms: round2(sorted[sorted.length - 1]),
				index_build_ms: round2(loaded.index_build_ms),
				load_ms: round2(loaded.load_ms),
				seed_ms: round2(seeded.seed_ms)
			})
		);
	} finally {
		await browser.close();
	}
}

await main();
