// npm run bench:couchdb — the gateway on an Apache CouchDB (COUCHDB_URL) against the embedded
// store: a volunteer's push of N residents in batches of 1,000 and first pull in pages of 2,000,
// through the real server over HTTP. The gateway's cost on CouchDB is its requests to CouchDB,
// so every one is counted. Without COUCHDB_URL, CouchDB is stood in for by a bare express-pouchdb
// (pouchdb-server's engine: the CouchDB protocol on LevelDB, no validation of its own) behind a
// proxy that adds BENCH_RTT_MS (default 2) to each request, as a cluster on a LAN would. With COUCHDB_URL=http://admin:pw@host:5984 it runs against that CouchDB, which
// must be a throwaway one: the bench writes demo accounts and records into it.
// Ends with one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-node';
import { makeResident } from '../factories';
import { VOLUNTEER } from '../factories/users.ts';
import { login, startTestServer, type TestServer } from '../integration/helpers/server';

const DOCS = Number(process.env.BENCH_DOCS ?? 10_000);
const RTT_MS = Number(process.env.BENCH_RTT_MS ?? 2);
const PAGE = 2_000;
const BATCH = 1_000;

/** Forwards to `target`, counting requests by endpoint and adding a round trip's delay. */
function countingProxy(
	target: URL
): Promise<{ server: Server; url: string; counts: Map<string, number> }> {
	const counts = new Map<string, number>();
	const server = createServer((req, res) => {
		const u = new URL(req.url ?? '/', 'http://x');
		const feed = u.searchParams.get('feed');
		const key = `${req.method} ${u.pathname.replace(/\/(?!_)[^/]+$/, '/{id}')}${feed ? ` feed=${feed}` : ''}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
		setTimeout(() => {
			const up = request(
				{
					host: target.hostname,
					port: target.port,
					path: req.url,
					method: req.method,
					headers: req.headers
				},
				(r) => {
					res.writeHead(r.statusCode ?? 502, r.headers);
					r.pipe(res);
				}
			);
			up.on('error', () => res.destroy());
			req.pipe(up);
		}, RTT_MS);
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			resolve({ server, url: `http://127.0.0.1:${port}`, counts });
		})
	);
}

/** The CouchDB protocol on LevelDB in this process, as pouchdb-server serves it. */
async function bareCouch(): Promise<{ url: string; stop: () => Promise<void> }> {
	const dir = mkdtempSync(join(tmpdir(), 'tramso-bare-couch-'));
	const Pouch = PouchDB.defaults({ prefix: dir + '/' });
	// Served on its own: express-pouchdb is an express 4 app, and inside express 5 it loses queries.
	const handler = expressPouchDB({ mode: 'minimumForPouchDB' });
	await handler.setPouchDB(Pouch);
	const server = createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	return {
		url: `http://127.0.0.1:${port}`,
		async stop() {
			// Longpolls of the gateway's live feed would otherwise hold the close for a minute.
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

async function run(gateway: TestServer, counts: Map<string, number> | null) {
	const { token } = await login(gateway.url, VOLUNTEER.username, VOLUNTEER.password);
	const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
	const db = `${gateway.url}/db/c${VOLUNTEER.commune}_residents`;
	const docs = Array.from({ length: DOCS }, (_, i) => {
		const r = makeResident({
			seed: i + 1,
			id: `couch-${String(i).padStart(5, '0')}`,
			volunteer: VOLUNTEER.username,
			hamlet: VOLUNTEER.hamlet
		});
		return { ...r, _id: r.id };
	});

	counts?.clear();
	let t0 = performance.now();
	for (let i = 0; i < docs.length; i += BATCH) {
		const res = await fetch(`${db}/_bulk_docs`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ docs: docs.slice(i, i + BATCH) })
		});
		const rows = (await res.json()) as { ok?: boolean; reason?: string }[];
		const bad = rows.filter((r) => !r.ok);
		if (bad.length) throw new Error(`push refused ${bad.length}: ${bad[0].reason}`);
	}
	const pushMs = performance.now() - t0;
	const pushCounts = new Map(counts ?? []);

	counts?.clear();
	t0 = performance.now();
	let since: string | number = 0;
	let pulled = 0;
	for (;;) {
		const res = await fetch(`${db}/_changes?include_docs=true&limit=${PAGE}&since=${since}`, {
			headers
		});
		const page = (await res.json()) as { results: unknown[]; last_seq: string | number };
		pulled += page.results.length;
		since = page.last_seq;
		if (page.results.length < PAGE) break;
	}
	const pullMs = performance.now() - t0;
	if (pulled < DOCS) throw new Error(`pulled ${pulled} of ${DOCS}`);
	return { pushMs, pullMs, pushCounts, pullCounts: new Map(counts ?? []) };
}

async function main() {
	const stop: (() => Promise<unknown>)[] = [];
	try {
		const embedded = await startTestServer();
		stop.push(() => embedded.stop());
		const base = await run(embedded, null);

		let couchdbUrl = process.env.COUCHDB_URL;
		let counts: Map<string, number> | null = null;
		if (!couchdbUrl) {
			const store = await bareCouch();
			stop.push(store.stop);
			const proxy = await countingProxy(new URL(store.url));
			stop.push(() => {
				proxy.server.closeAllConnections();
				return new Promise((resolve) => proxy.server.close(resolve));
			});
			counts = proxy.counts;
			couchdbUrl = `http://admin:admin@127.0.0.1:${new URL(proxy.url).port}`;
		}
		const gateway = await startTestServer({ couchdbUrl });
		stop.push(() => gateway.stop());
		const couch = await run(gateway, counts).catch((err: unknown) => {
			console.error(gateway.output());
			throw err;
		});

		const r = Math.round;
		const result = {
			docs: DOCS,
			store: process.env.COUCHDB_URL ? 'couchdb' : `embedded stand-in, +${RTT_MS} ms per request`,
			embedded_push_ms: r(base.pushMs),
			couchdb_push_ms: r(couch.pushMs),
			push_ratio: Number((couch.pushMs / base.pushMs).toFixed(2)),
			embedded_pull_ms: r(base.pullMs),
			couchdb_pull_ms: r(couch.pullMs),
			pull_ratio: Number((couch.pullMs / base.pullMs).toFixed(2)),
			...(counts
				? {
						upstream_requests_push: total(couch.pushCounts),
						upstream_requests_pull: total(couch.pullCounts)
					}
				: {})
		};
		console.log(`docs ${DOCS}; CouchDB: ${result.store}`);
		console.log(
			`push  embedded ${result.embedded_push_ms} ms   CouchDB ${result.couchdb_push_ms} ms   ratio ${result.push_ratio} (goal ≤ 1.5)`
		);
		console.log(
			`pull  embedded ${result.embedded_pull_ms} ms   CouchDB ${result.couchdb_pull_ms} ms   ratio ${result.pull_ratio} (goal ≤ 1.5)`
		);
		if (counts) {
			for (const [name, m] of [
				['push', couch.pushCounts],
				['pull', couch.pullCounts]
			] as const) {
				console.log(`requests to CouchDB during the ${name}: ${total(m)}`);
				for (const [k, n] of [...m].sort((a, b) => b[1] - a[1]).slice(0, 8))
					console.log(`  ${String(n).padStart(6)}  ${k}`);
			}
		}
		console.log(JSON.stringify(result));
	} finally {
		for (const s of stop.reverse()) await s();
	}
}

await main();
