import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAN, household } from '../../helpers/docs.ts';
import {
	ADMIN,
	basic,
	bearer,
	call,
	login,
	startTestServer,
	type TestServer
} from '../../helpers/server.ts';
import { expectStillServing } from './support.ts';

/** Class 3: reads that once grew memory without bound (a page cache of 1,000 full pages). */
let server: TestServer;
let lan: string;
const DB = '/db/c25657_households';
const N = 12_000;
let startSeq = 0;

function rssMb(pid: number): number {
	const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Math.round(Number(m[1]) / 1024) : 0;
}

beforeAll(async () => {
	server = await startTestServer();
	lan = (await login(server.url, LAN.username)).token;
	startSeq = (await call(server.url, `${DB}/`, { headers: bearer(lan) })).body.update_seq;
	for (let i = 0; i < N; i += 2000) {
		const res = await call(server.url, `${DB}/_bulk_docs`, {
			headers: basic(ADMIN.username, ADMIN.password),
			body: { docs: Array.from({ length: 2000 }, (_, k) => household(LAN, i + k)) }
		});
		expect(res.status).toBe(201);
	}
});
afterAll(() => server.stop());

describe('large reads are capped and throttled', () => {
	it('a limit above 10,000, or none, gets at most 10,000 rows and a seq to go on from', async () => {
		for (const q of ['limit=50000', '']) {
			const page = await call(server.url, `${DB}/_changes?since=${startSeq}&${q}`, {
				headers: bearer(lan)
			});
			expect(page.status).toBe(200);
			expect(page.body.results).toHaveLength(10_000);
			expect(page.body.last_seq).toBe(page.body.results.at(-1).seq);
			const rest = await call(server.url, `${DB}/_changes?since=${page.body.last_seq}`, {
				headers: bearer(lan)
			});
			expect(rest.body.results).toHaveLength(N - 10_000);
		}
		const all = await call(server.url, `${DB}/_all_docs?limit=50000`, { headers: bearer(lan) });
		expect(all.body.rows).toHaveLength(10_000);
	});

	it('distinct large reads at once are answered or refused with 429, and memory stays bounded', async () => {
		const before = rssMb(server.pid);
		const statuses: number[] = [];
		let next = 0;
		await Promise.all(
			Array.from({ length: 10 }, async () => {
				for (let i = next++; i < 30; i = next++) {
					const res = await fetch(
						`${server.url}${DB}/_changes?since=${startSeq + i}&limit=10000&include_docs=true`,
						{ headers: bearer(lan) }
					);
					await res.arrayBuffer();
					statuses.push(res.status);
					if (res.status === 429) expect(res.headers.get('retry-after')).toBe('1');
				}
			})
		);
		expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
		expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
		// Each such read used to stay cached until the next write: about 10 MB apiece.
		const growth = rssMb(server.pid) - before;
		expect(growth, `RSS ${before} MB before 30 large reads, +${growth} MB after`).toBeLessThan(200);
	});

	it('the server still serves a volunteer afterwards', async () => {
		await expectStillServing(server);
	});
});
