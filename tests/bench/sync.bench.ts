// npm run bench:sync — first pull and full push of 10,000 realistic residents in headless
// Chromium: the app's RxDB engine (Dexie, encryption, zod validation) against PouchDB 9's
// native replication, each against a fresh real server; then the commune case of bench:commune.
// Ends with one JSON line.
import { chromium, type Page } from '@playwright/test';
import { makeResident } from '../factories';
import { startTestServer, login, type TestServer } from '../integration/helpers/server';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/chromium';
import { buildHarness } from './sync.harness-build.mjs';
import { communeCase } from './commune.bench';

const DOCS = Number(process.env.BENCH_DOCS ?? 10_000);
const VOLUNTEER = { username: 'nguyenthilan', password: 'tramso-demo', hamlet: 'ap-ben-cho' };

function residents(prefix: string) {
	return Array.from({ length: DOCS }, (_, i) =>
		makeResident({
			seed: i + 1,
			id: `${prefix}-${String(i).padStart(5, '0')}`,
			volunteer: VOLUNTEER.username,
			hamlet: VOLUNTEER.hamlet
		})
	);
}

async function seed(server: TestServer, docs: ReturnType<typeof residents>) {
	const { token } = await login(server.url, VOLUNTEER.username, VOLUNTEER.password);
	for (let i = 0; i < docs.length; i += 1000) {
		const res = await fetch(`${server.url}/db/c25657_residents/_bulk_docs`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
			body: JSON.stringify({ docs: docs.slice(i, i + 1000).map((d) => ({ ...d, _id: d.id })) })
		});
		const rows = (await res.json()) as { ok?: boolean; reason?: string }[];
		const bad = rows.filter((r) => !r.ok);
		if (bad.length) throw new Error(`seed refused ${bad.length}: ${bad[0].reason}`);
	}
}

async function openHarness(page: Page, server: TestServer) {
	await page.goto(server.url);
	await page.waitForFunction(() => document.title === 'harness-ready');
}

type Harness = Record<string, (...args: unknown[]) => Promise<Record<string, unknown>>>;
const run = (page: Page, fn: string, ...args: unknown[]) =>
	page.evaluate(
		([f, a]) =>
			(window as unknown as { harness: Harness }).harness[f as string](...(a as unknown[])),
		[fn, args] as const
	);

type Stages = { busy: Record<string, number>; counts: Record<string, number> };
const STAGE_ROWS: [string, string][] = [
	['server', 'server (until headers)'],
	['network', 'network + JSON parse'],
	['crypto', 'encrypt / decrypt'],
	['validate', 'validate (zod)'],
	['storage', 'storage reads + writes'],
	['events', 'change events']
];

/** Per stage, the wall time during which some of its work ran; stages overlap when pipelined. */
function stageTable(runs: [string, Stages, number][]): string {
	const pad = (v: string, n: number) => v.padStart(n);
	const lines = [`${'stage (ms)'.padEnd(26)}${runs.map(([n]) => pad(n, 10)).join('')}`];
	for (const [key, label] of STAGE_ROWS) {
		lines.push(
			`${label.padEnd(26)}${runs.map(([, s]) => pad(String(Math.round(s.busy[key] ?? 0)), 10)).join('')}`
		);
	}
	lines.push(
		`${'total (wall)'.padEnd(26)}${runs.map(([, , ms]) => pad(String(Math.round(ms)), 10)).join('')}`
	);
	const names = [...new Set(runs.flatMap(([, s]) => Object.keys(s.counts)))].sort();
	for (const name of names) {
		lines.push(
			`${('  # ' + name).padEnd(26)}${runs.map(([, s]) => pad(String(s.counts[name] ?? 0), 10)).join('')}`
		);
	}
	return lines.join('\n');
}

const roundStages = (s: Stages) =>
	Object.fromEntries(Object.entries(s.busy).map(([k, v]) => [k, Math.round(v)]));

async function main() {
	const staticDir = await buildHarness();
	const servers: TestServer[] = [];
	const server = async () => {
		const s = await startTestServer({ staticDir });
		servers.push(s);
		return s;
	};
	const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
	try {
		const pullServer = await server();
		await seed(pullServer, residents('pull'));
		const page = await browser.newPage();
		page.on('pageerror', (e) => console.error('page error:', e.stack ?? e.message));
		await openHarness(page, pullServer);
		const rxPull = await run(
			page,
			'rxdbPull',
			'bench-rx-pull',
			VOLUNTEER.username,
			VOLUNTEER.password
		);
		const pouchPull = await run(
			page,
			'pouchPull',
			'bench-pouch-pull',
			VOLUNTEER.username,
			VOLUNTEER.password
		);

		const pushDocs = residents('push');
		const rxServer = await server();
		await openHarness(page, rxServer);
		const rxPush = await run(
			page,
			'rxdbPush',
			'bench-rx-push',
			VOLUNTEER.username,
			VOLUNTEER.password,
			pushDocs
		);
		const pouchServer = await server();
		await openHarness(page, pouchServer);
		const pouchPush = await run(
			page,
			'pouchPush',
			'bench-pouch-push',
			VOLUNTEER.username,
			VOLUNTEER.password,
			pushDocs
		);

		// The demo seed may add its own residents, hence at least DOCS.
		const ok =
			rxPull.ok &&
			Number(rxPull.residents) >= DOCS &&
			Number(pouchPull.docs) >= DOCS &&
			rxPush.ok &&
			rxPush.unsynced === 0 &&
			pouchPush.written === DOCS;
		const r = (x: unknown) => Math.round(Number(x));
		const result = {
			docs: DOCS,
			rxdb_pull_ms: r(rxPull.ms),
			pouchdb_pull_ms: r(pouchPull.ms),
			rxdb_push_ms: r(rxPush.ms),
			pouchdb_push_ms: r(pouchPush.ms),
			pull_ratio: Number((Number(rxPull.ms) / Number(pouchPull.ms)).toFixed(2)),
			push_ratio: Number((Number(rxPush.ms) / Number(pouchPush.ms)).toFixed(2)),
			pull_stages: roundStages(rxPull.stages as Stages),
			push_stages: roundStages(rxPush.stages as Stages),
			complete: ok
		};
		console.log(`docs                 ${DOCS}`);
		console.log(
			`first pull  RxDB     ${result.rxdb_pull_ms} ms   PouchDB ${result.pouchdb_pull_ms} ms   ratio ${result.pull_ratio} (goal ≤ 0.5)`
		);
		console.log(
			`full push   RxDB     ${result.rxdb_push_ms} ms   PouchDB ${result.pouchdb_push_ms} ms   ratio ${result.push_ratio} (goal ≤ 1.0)`
		);
		console.log(
			stageTable([
				['pull', rxPull.stages as Stages, Number(rxPull.ms)],
				['push', rxPush.stages as Stages, Number(rxPush.ms)]
			])
		);
		if (!ok) console.log('incomplete:', JSON.stringify({ rxPull, pouchPull, rxPush, pouchPush }));
		return result;
	} finally {
		await browser.close();
		for (const s of servers) await s.stop();
	}
}

const result = await main();
// The commune case (bench:commune) after the 10,000-resident runs, on its own server and browser;
// BENCH_COMMUNE=0 leaves it out.
const commune = process.env.BENCH_COMMUNE === '0' ? null : await communeCase();
const line = {
	...result,
	...(commune && {
		commune_docs: commune.commune_docs,
		commune_sync_ms: commune.commune_sync_ms,
		commune_heap_mb: commune.commune_heap_mb
	}),
	complete: result.complete && (commune?.complete ?? true)
};
console.log(JSON.stringify(line));
if (!line.complete) process.exitCode = 1;
