/**
 * Sync server benchmark: N live longpoll replications plus a burst of pushes, then a hostile
 * phase of distinct large `_changes` reads (each a page of up to 10,000 documents).
 * Usage: npx tsx tests/bench/server.bench.ts [--clients 200] [--batches 40] [--batch-size 500]
 *        [--concurrency 2] [--hostile-reads 300] [--hostile-concurrency 10]
 * Ends with one JSON line: clients, ingest_docs_per_s, push_p50_ms, push_p95_ms,
 * rss_mb (after the hostile phase), rss_push_peak_mb, rss_hostile_peak_mb, ...
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { HAI, HUNG, LAN, household } from '../integration/helpers/docs.ts';
import { bearer, login, startTestServer } from '../integration/helpers/server.ts';

const { values } = parseArgs({
	options: {
		clients: { type: 'string', default: '200' },
		batches: { type: 'string', default: '40' },
		'batch-size': { type: 'string', default: '500' },
		concurrency: { type: 'string', default: '2' },
		'hostile-reads': { type: 'string', default: '300' },
		'hostile-concurrency': { type: 'string', default: '10' }
	}
});
const CLIENTS = Number(values.clients);
const BATCHES = Number(values.batches);
const BATCH_SIZE = Number(values['batch-size']);
const CONCURRENCY = Number(values.concurrency);
const HOSTILE_READS = Number(values['hostile-reads']);
const HOSTILE_CONCURRENCY = Number(values['hostile-concurrency']);
const DB = '/db/c25657_households';

function rssMb(pid: number): number {
	const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Math.round(Number(m[1]) / 1024) : 0;
}

const percentile = (sorted: number[], p: number) =>
	sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const server = await startTestServer();
try {
	const tokens = {
		lan: (await login(server.url, LAN.username)).token,
		hung: (await login(server.url, HUNG.username)).token,
		hai: (await login(server.url, HAI.username)).token
	};
	// Most live clients are volunteers of other hamlets (the pushes are out of their scope).
	const clientTokens = Array.from({ length: CLIENTS }, (_, i) =>
		i % 10 === 0 ? tokens.hai : i % 5 === 1 ? tokens.lan : tokens.hung
	);
	let running = true;
	let pulledDocs = 0;
	let pollErrors = 0;
	const startSeq = (
		await (await fetch(`${server.url}${DB}/`, { headers: bearer(tokens.lan) })).json()
	).update_seq;
	const clients = clientTokens.map(async (token) => {
		let since: number | string = startSeq;
		while (running) {
			try {
				const res = await fetch(
					`${server.url}${DB}/_changes?feed=longpoll&since=${since}&include_docs=true&limit=100&timeout=15000`,
					{ headers: bearer(token) }
				);
				const body = (await res.json()) as { results: unknown[]; last_seq: number | string };
				pulledDocs += body.results.length;
				since = body.last_seq;
			} catch {
				// Polls cut off by the shutdown at the end are not errors.
				if (running) pollErrors++;
				await new Promise((resolve) => setTimeout(resolve, 200));
			}
		}
	});
	await new Promise((resolve) => setTimeout(resolve, 2000));
	const rssIdle = rssMb(server.pid);
	let rssPeak = rssIdle;
	const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(server.pid))), 100);

	const latencies: number[] = [];
	let refused = 0;
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			for (let b = next++; b < BATCHES; b = next++) {
				const docs = Array.from({ length: BATCH_SIZE }, (_, i) =>
					household(LAN, b * BATCH_SIZE + i)
				);
				const t0 = performance.now();
				const res = await fetch(`${server.url}${DB}/_bulk_docs`, {
					method: 'POST',
					headers: { ...bearer(tokens.lan), 'content-type': 'application/json' },
					body: JSON.stringify({ docs })
				});
				const results = (await res.json()) as { ok?: boolean }[];
				latencies.push(performance.now() - t0);
				refused += results.filter((r) => !r.ok).length;
			}
		})
	);
	const seconds = (performance.now() - started) / 1000;
	await new Promise((resolve) => setTimeout(resolve, 1500));
	const rssPushPeak = rssPeak;
	const rssAfterPush = rssMb(server.pid);

	// Hostile phase: distinct large pages, many at a time, from three accounts.
	rssPeak = rssAfterPush;
	const hostile = { ok: 0, throttled: 0, other: 0, rows: 0, latencies: [] as number[] };
	let nextRead = 0;
	await Promise.all(
		Array.from({ length: HOSTILE_CONCURRENCY }, async () => {
			for (let i = nextRead++; i < HOSTILE_READS; i = nextRead++) {
				const since = Number(startSeq) + 1 + i;
				// A volunteer who sees every pushed record, one who sees none of them, the official.
				const token = [tokens.lan, tokens.hung, tokens.hai][i % 3];
				const t0 = performance.now();
				const res = await fetch(
					`${server.url}${DB}/_changes?since=${since}&limit=10000&include_docs=true`,
					{ headers: bearer(token) }
				);
				const text = await res.text();
				hostile.latencies.push(performance.now() - t0);
				if (res.status === 200) {
					hostile.ok++;
					hostile.rows += (JSON.parse(text) as { results: unknown[] }).results.length;
				} else if (res.status === 429) hostile.throttled++;
				else hostile.other++;
			}
		})
	);
	await new Promise((resolve) => setTimeout(resolve, 1500));
	clearInterval(sampler);
	const rssHostilePeak = rssPeak;
	running = false;
	const rssEnd = rssMb(server.pid);
	await server.kill();
	await Promise.allSettled(clients);

	const sorted = [...latencies].sort((a, b) => a - b);
	const hostileSorted = [...hostile.latencies].sort((a, b) => a - b);
	const total = BATCHES * BATCH_SIZE;
	const result = {
		clients: CLIENTS,
		batches: BATCHES,
		batch_size: BATCH_SIZE,
		push_concurrency: CONCURRENCY,
		ingest_docs_per_s: Math.round(total / seconds),
		push_p50_ms: Math.round(percentile(sorted, 50)),
		push_p95_ms: Math.round(percentile(sorted, 95)),
		push_max_ms: Math.round(sorted.at(-1)!),
		rss_mb: rssEnd,
		rss_idle_mb: rssIdle,
		rss_push_peak_mb: rssPushPeak,
		rss_after_push_mb: rssAfterPush,
		rss_hostile_peak_mb: rssHostilePeak,
		hostile_reads: HOSTILE_READS,
		hostile_ok: hostile.ok,
		hostile_throttled: hostile.throttled,
		hostile_other_status: hostile.other,
		hostile_rows_served: hostile.rows,
		hostile_p50_ms: Math.round(percentile(hostileSorted, 50)),
		hostile_p95_ms: Math.round(percentile(hostileSorted, 95)),
		refused_docs: refused,
		docs_delivered_to_live_clients: pulledDocs,
		poll_errors: pollErrors
	};
	console.log(
		`${CLIENTS} live longpoll clients, ${BATCHES} pushes of ${BATCH_SIZE} docs (${CONCURRENCY} at a time)`
	);
	console.log(
		`ingest: ${result.ingest_docs_per_s} docs/s (${total} docs in ${seconds.toFixed(1)} s, ${refused} refused)`
	);
	console.log(
		`push latency: p50 ${result.push_p50_ms} ms, p95 ${result.push_p95_ms} ms, max ${result.push_max_ms} ms`
	);
	console.log(
		`hostile: ${HOSTILE_READS} distinct _changes reads of up to 10,000 docs (${HOSTILE_CONCURRENCY} at a time): ` +
			`${hostile.ok} answered, ${hostile.throttled} throttled (429), ${hostile.other} other; ` +
			`p50 ${result.hostile_p50_ms} ms, p95 ${result.hostile_p95_ms} ms`
	);
	console.log(
		`server RSS: idle ${rssIdle} MB, push peak ${rssPushPeak} MB, hostile peak ${rssHostilePeak} MB, after ${rssEnd} MB`
	);
	console.log(`live clients received ${pulledDocs} docs, ${pollErrors} poll errors`);
	console.log(JSON.stringify(result));
} catch (err) {
	await server.kill();
	throw err;
} finally {
	await server.stop();
}
