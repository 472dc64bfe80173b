import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, describe, expect, it } from 'vitest';
import { SYNC_FORMAT_VERSION } from '$domain/wire';
import { openDatabase, type AppDatabase } from '$lib/db';
import { SyncEngine } from '$lib/sync/engine';
import { silentSink } from '../../support/sink';

const user = {
	username: 'nguyenthilan',
	role: 'volunteer' as const,
	commune: '25657',
	hamlets: ['ap-ben-cho'],
	displayName: 'Nguyễn Thị Lan'
};
const open: { db: AppDatabase; engine: SyncEngine }[] = [];
let seq = 0;

afterEach(async () => {
	for (const { db, engine } of open.splice(0)) {
		await engine.stop();
		await db.close();
	}
});

/** A phone whose server answers the session check with `syncFormat`, and nothing else. */
async function phone(syncFormat: unknown) {
	const db = await openDatabase({
		name: `fmt${Date.now()}x${seq++}`,
		password: 'device-test-password',
		storage: getRxStorageMemory(),
		multiInstance: false
	});
	const requests: string[] = [];
	const fetch = (async (input: RequestInfo | URL) => {
		const url = new URL(String(input));
		requests.push(url.pathname);
		if (url.pathname === '/api/session') return Response.json({ user, syncFormat });
		// Replication would start here; the test only needs to see that it was asked for.
		return new Promise<Response>(() => undefined);
	}) as typeof globalThis.fetch;
	const sink = silentSink();
	let running = false;
	sink.setRunning = (r) => void (running = r);
	const engine = new SyncEngine({
		db,
		user,
		databases: { households: '/db/c25657_households/' },
		baseUrl: 'http://server.test',
		token: () => 'token',
		onTokenExpired: () => undefined,
		sink,
		fetch,
		waitForLeadership: false
	});
	open.push({ db, engine });
	await engine.start();
	return { requests, sink, running: () => running };
}

describe('sync format check', () => {
	it('refuses to replicate with a server of an unknown sync format, and says so', async () => {
		const p = await phone(SYNC_FORMAT_VERSION + 1);
		expect(p.sink.errors).toEqual(['format']);
		expect(p.running()).toBe(false);
		expect(p.requests).toEqual(['/api/session']);
	});

	it('refuses a server that does not say which format it speaks', async () => {
		const p = await phone(undefined);
		expect(p.sink.errors).toEqual(['format']);
		expect(p.requests.some((r) => r.includes('/db/'))).toBe(false);
	});

	it('replicates with a server of its own format', async () => {
		const p = await phone(SYNC_FORMAT_VERSION);
		expect(p.sink.errors).toEqual([]);
		expect(p.running()).toBe(true);
		await expect
			.poll(() => p.requests.some((r) => r.startsWith('/db/c25657_households/')))
			.toBe(true);
	});
});
