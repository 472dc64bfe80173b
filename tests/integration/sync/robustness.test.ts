import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeResident } from '../../factories';
import { bearer, login, startTestServer, type TestServer } from '../helpers/server';
import { saveRecords, type RecordDoc } from '$lib/db';
import { openTestDevice } from './devices';
import { DEMO_ACCOUNTS } from '../../../sync-server/src/seed/demo';

const volunteer = DEMO_ACCOUNTS.find((a) => a.role === 'volunteer' && a.commune === '25657')!;
let server: TestServer;
const cleanup: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
	server = await startTestServer();
});
afterEach(async () => {
	for (const c of cleanup.splice(0).reverse()) await c();
});
afterAll(async () => {
	await server?.stop();
});

async function device(
	token: { current: string },
	session: Awaited<ReturnType<typeof login>>,
	onTokenExpired = () => undefined
) {
	const d = await openTestDevice(server.url, session, {
		token: () => token.current,
		onTokenExpired,
		start: false,
		maxBackoffMs: 1000
	});
	cleanup.push(d.close);
	return d;
}

async function countOnServer(token: string): Promise<number> {
	const res = await fetch(
		`${server.url}/db/c25657_residents/_all_docs?startkey="kill-"&endkey="kill-~"`,
		{
			headers: bearer(token)
		}
	);
	return ((await res.json()) as { rows?: unknown[] }).rows?.length ?? 0;
}

/** Hash of a record's content, without CouchDB/RxDB bookkeeping. */
function hash(doc: Record<string, unknown>): string {
	const clean = Object.fromEntries(
		Object.entries(doc)
			.filter(([k]) => !k.startsWith('_') && k !== 'id')
			.sort(([a], [b]) => a.localeCompare(b))
	);
	return createHash('sha256').update(JSON.stringify(clean)).digest('hex');
}

describe('sync robustness against the real server', () => {
	it('server killed with kill -9 during a 5,000-document push: every document arrives exactly once', async () => {
		const session = await login(server.url, volunteer.username);
		const token = { current: session.token };
		const { db, engine } = await device(token, session);
		const docs = Array.from({ length: 5000 }, (_, i) =>
			makeResident({
				seed: 20_000 + i,
				id: `kill-${String(i).padStart(4, '0')}`,
				volunteer: volunteer.username,
				hamlet: volunteer.hamlets[0]
			})
		) as unknown as RecordDoc[];
		await saveRecords(db, 'residents', docs);

		await engine.start();
		// Pull the plug once part of the upload has arrived.
		let before = 0;
		for (let i = 0; i < 200 && before === 0; i++) {
			await new Promise((resolve) => setTimeout(resolve, 100));
			before = await countOnServer(session.token);
		}
		await server.kill();
		expect(before).toBeGreaterThan(0);
		expect(before).toBeLessThan(5000);
		await new Promise((resolve) => setTimeout(resolve, 500));
		await server.restart();
		const fresh = await login(server.url, volunteer.username);
		token.current = fresh.token;
		await engine.resume();
		expect(await engine.syncNow(120_000)).toBe(true);
		expect(await engine.unsynced()).toEqual([]);

		const res = await fetch(`${server.url}/db/c25657_residents/_all_docs?include_docs=true`, {
			headers: bearer(fresh.token)
		});
		const rows = (
			(await res.json()) as { rows: { id: string; doc: Record<string, unknown> }[] }
		).rows.filter((r) => r.id.startsWith('kill-'));
		expect(rows).toHaveLength(5000);
		const local = new Map(docs.map((d) => [d.id, hash(d)]));
		const differing = rows.filter((r) => local.get(r.id) !== hash(r.doc));
		expect(differing).toEqual([]);
		// Written once: a re-sent copy would have made a second revision.
		expect(rows.filter((r) => !String(r.doc._rev).startsWith('1-')).map((r) => r.id)).toEqual([]);
	});

	it('an expired token asks for a new login, keeps local writes, and resumes with the new token', async () => {
		const session = await login(server.url, volunteer.username);
		const token = { current: session.token };
		let expired = 0;
		const { db, engine } = await device(token, session, () => void expired++);
		await engine.start();
		// Revoke the session on the server, as an expiry would.
		await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: bearer(session.token) });
		// The server caches sessions for a few seconds; wait until the old token is refused.
		for (let i = 0; i < 100; i++) {
			const res = await fetch(`${server.url}/api/session`, { headers: bearer(session.token) });
			if (res.status === 401) break;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		const doc = makeResident({
			seed: 99,
			id: 'after-expiry',
			volunteer: volunteer.username,
			hamlet: volunteer.hamlets[0]
		});
		await saveRecords(db, 'residents', [doc as unknown as RecordDoc]);
		expect(await engine.syncNow(20_000)).toBe(false);
		expect(expired).toBeGreaterThan(0);
		expect((await engine.unsynced()).map((u) => u.id)).toContain('after-expiry');

		token.current = (await login(server.url, volunteer.username)).token;
		await engine.resume();
		expect(await engine.syncNow()).toBe(true);
		expect(await engine.unsynced()).toEqual([]);
	});
});
