// npm run bench:commune — a whole commune on one device: the commune official's first sync of
// 30,000 residents, 10,000 households, 5,000 dossiers and 30,000 address points of two hamlets,
// with the app's RxDB engine (Dexie, encryption, validation) in headless Chromium against a real
// server. Measures the time until every collection is in sync and the page's peak JS heap
// (sampled through the DevTools protocol every 200 ms). BENCH_SCALE=0.1 runs a tenth of it.
// bench:sync runs the same case for its commune_* figures.
// Ends with one JSON line.
import { pathToFileURL } from 'node:url';
import { chromium, type CDPSession } from '@playwright/test';
import type { Review } from '../../src/lib/domain/envelope';
import { makeCommunePopulation } from '../factories';
import { OFFICIAL } from '../factories/users.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { addressPoint, dossier, HUNG, LAN, type Author } from '../integration/helpers/docs';
import { login, startTestServer, type TestServer } from '../integration/helpers/server';
import { runHarness } from './harness-page';
import { buildHarness } from './sync.harness-build.mjs';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const WANT = {
	residents: Math.round(30_000 * SCALE),
	households: Math.round(10_000 * SCALE),
	dossiers: Math.round(5_000 * SCALE),
	addresses: Math.round(30_000 * SCALE)
};
const MB = 1024 * 1024;
const AUTHORS = [LAN, HUNG];

type Doc = { _id: string } & Record<string, unknown>;

async function push(server: TestServer, author: Author, collection: string, docs: Doc[]) {
	const { token } = await login(server.url, author.username);
	for (let i = 0; i < docs.length; i += 1000) {
		const res = await fetch(`${server.url}/db/c${author.commune}_${collection}/_bulk_docs`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
			body: JSON.stringify({ docs: docs.slice(i, i + 1000) })
		});
		const rows = (await res.json()) as { ok?: boolean; id?: string; reason?: string }[];
		const bad = rows.filter((r) => !r.ok);
		if (bad.length) {
			throw new Error(`${collection}: ${bad.length} refused, first ${bad[0].id}: ${bad[0].reason}`);
		}
	}
}

/** The commune's records, split by hamlet so each volunteer pushes their own. */
function communeRecords() {
	const per = Math.ceil(WANT.households / AUTHORS.length);
	const pop = makeCommunePopulation({
		hamlets: AUTHORS.map((a) => a.hamlet),
		householdsPerHamlet: per,
		seed: 7
	});
	// Volunteers push these, each in their own name; approvals and returns are the official's.
	const wire =
		(author: Author) =>
		(r: { id: string; review?: Review }): Doc => {
			const submit = r.review?.history.find((h) => h.action === 'submit');
			const review = submit ? { status: 'submitted', notes: [], history: [submit] } : undefined;
			const own = JSON.stringify({ ...r, _id: r.id, ...(review ? { review } : {}) });
			return JSON.parse(own.replaceAll(`"${LAN.username}"`, `"${author.username}"`)) as Doc;
		};
	const residents = pop.residents.slice(0, WANT.residents);
	if (residents.length < WANT.residents) {
		throw new Error(
			`the population has ${pop.residents.length} residents, ${WANT.residents} asked`
		);
	}
	return AUTHORS.map((author, i) => {
		const share = (n: number) => Math.ceil(n / AUTHORS.length);
		const range = (n: number) => Array.from({ length: share(n) }, (_, k) => i * 1_000_000 + k + 1);
		return {
			author,
			households: pop.households.filter((h) => h.hamlet === author.hamlet).map(wire(author)),
			residents: residents.filter((r) => r.hamlet === author.hamlet).map(wire(author)),
			dossiers: range(WANT.dossiers).map((seed) => dossier(author, seed)),
			addresses: range(WANT.addresses).map((seed) => addressPoint(author, seed))
		};
	});
}

/** Peak of the page's used JS heap while `work` runs. */
async function withHeapPeak<T>(cdp: CDPSession, work: () => Promise<T>) {
	let peak = 0;
	let sampling = true;
	const sample = async () => {
		while (sampling) {
			const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
			peak = Math.max(peak, h.usedSize);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	};
	const sampler = sample();
	let result: T;
	try {
		result = await work();
	} finally {
		sampling = false;
		await sampler;
	}
	return { result, peak };
}

/** Seeds a fresh server, runs the official's first sync, prints the figures; returns them. */
export async function communeCase() {
	const staticDir = await buildHarness();
	const server = await startTestServer({ staticDir });
	const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
	try {
		const t0 = performance.now();
		const byAuthor = communeRecords();
		let seeded = 0;
		for (const share of byAuthor) {
			for (const c of ['households', 'residents', 'dossiers', 'addresses'] as const) {
				await push(server, share.author, c, share[c]);
				seeded += share[c].length;
			}
		}
		const seedMs = performance.now() - t0;
		console.log(`seeded ${seeded} records over HTTP in ${Math.round(seedMs)} ms`);

		const page = await browser.newPage();
		page.on('pageerror', (e) => console.error('page error:', e.stack ?? e.message));
		await page.goto(server.url);
		await page.waitForFunction(() => document.title === 'harness-ready');
		const cdp = await page.context().newCDPSession(page);
		const { result: pull, peak } = await withHeapPeak(cdp, () =>
			runHarness<{
				ms: number;
				ok: boolean;
				stages: { busy: Record<string, number>; counts: Record<string, number> };
			}>(page, 'rxdbPull', 'bench-commune', OFFICIAL.username, OFFICIAL.password)
		);

		const held: Record<string, number> = {};
		for (const c of Object.keys(WANT))
			held[c] = Number(await runHarness(page, 'count', 'bench-commune', c));
		// The demo seed adds a few records of its own, hence at least the asked counts.
		const complete = pull.ok && Object.entries(WANT).every(([c, n]) => held[c] >= n);
		const docs = Object.values(held).reduce((a, b) => a + b, 0);
		const result = {
			commune_docs: docs,
			commune_sync_ms: Math.round(pull.ms),
			commune_heap_mb: Number((peak / MB).toFixed(1)),
			docs_per_s: Math.round(docs / (pull.ms / 1000)),
			held,
			seed_ms: Math.round(seedMs),
			stages: Object.fromEntries(
				Object.entries(pull.stages.busy).map(([k, v]) => [k, Math.round(v)])
			),
			complete
		};
		console.log(`held on the device: ${JSON.stringify(held)}`);
		console.log(
			`first sync of the commune: ${result.commune_sync_ms} ms for ${docs} records (${result.docs_per_s}/s; goal < 20,000 ms)`
		);
		// Wall time during which some work of each stage ran; stages overlap when pipelined.
		console.log(
			`stages (ms): ${Object.entries(pull.stages.busy)
				.map(([k, v]) => `${k} ${Math.round(v)}`)
				.join(', ')}`
		);
		console.log(`peak JS heap of the page: ${result.commune_heap_mb} MB (goal < 300 MB)`);
		return result;
	} finally {
		await browser.close();
		await server.stop();
	}
}

// Run as a script (bench:commune); bench:sync imports communeCase for its own JSON line.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const result = await communeCase();
	console.log(JSON.stringify(result));
	if (!result.complete) process.exitCode = 1;
}
