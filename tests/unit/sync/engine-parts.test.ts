import { describe, expect, it } from 'vitest';
import { isQuotaError, StorageFullError } from '$lib/db/errors';
import { CouchDatabase, UnauthorizedError, UnreachableError } from '$lib/sync/couch';
import { heartbeatRecord } from '$lib/sync/heartbeat';
import { heartbeatSchema } from '$lib/domain/heartbeat';

describe('CouchDatabase', () => {
	const hooks = (events: string[]) => ({
		token: () => 'tok',
		reachable: () => void events.push('reachable'),
		unreachable: () => void events.push('unreachable'),
		unauthorized: () => void events.push('unauthorized')
	});

	it('sends the bearer token and reads the current version of records, tombstones included', async () => {
		const seen: { url: string; auth: string | null; body: unknown }[] = [];
		const server = (async (url: string, init?: RequestInit) => {
			seen.push({
				url,
				auth: new Headers(init?.headers).get('authorization'),
				body: JSON.parse(String(init?.body))
			});
			return Response.json({
				rows: [
					{ key: 'a', id: 'a', value: { rev: '2-a' }, doc: { _id: 'a', _rev: '2-a', v: 1 } },
					{ key: 'b', id: 'b', value: { rev: '3-b', deleted: true }, doc: null },
					{ key: 'c', error: 'not_found' }
				]
			});
		}) as typeof fetch;
		const events: string[] = [];
		const db = new CouchDatabase('http://x/db/c1_residents', server, hooks(events));
		const current = await db.current(['a', 'b', 'c']);
		expect(seen).toEqual([
			{
				url: 'http://x/db/c1_residents/_all_docs?include_docs=true',
				auth: 'Bearer tok',
				body: { keys: ['a', 'b', 'c'] }
			}
		]);
		expect([...current]).toEqual([
			['a', { _id: 'a', _rev: '2-a', v: 1 }],
			['b', { _id: 'b', _rev: '3-b', _deleted: true }],
			['c', null]
		]);
		expect(events).toEqual(['reachable']);
	});

	it('reports 401, a missing network and a missing token distinctly', async () => {
		const events: string[] = [];
		const down = new CouchDatabase(
			'http://x/db/a',
			(async () => {
				throw new TypeError('Failed to fetch');
			}) as typeof fetch,
			hooks(events)
		);
		await expect(down.info()).rejects.toBeInstanceOf(UnreachableError);
		const expired = new CouchDatabase(
			'http://x/db/a',
			(async () => new Response('{}', { status: 401 })) as typeof fetch,
			hooks(events)
		);
		await expect(expired.info()).rejects.toBeInstanceOf(UnauthorizedError);
		const signedOut = new CouchDatabase('http://x/db/a', fetch, {
			...hooks(events),
			token: () => null
		});
		await expect(signedOut.info()).rejects.toThrow(/no session token/);
		expect(events).toEqual(['unreachable', 'reachable', 'unauthorized', 'unauthorized']);
	});
});

describe('storage errors', () => {
	it('recognizes quota errors however Dexie wraps them', () => {
		const dom = Object.assign(new Error('x'), { name: 'QuotaExceededError' });
		expect(isQuotaError(dom)).toBe(true);
		expect(isQuotaError({ name: 'AbortError', inner: dom })).toBe(true);
		expect(isQuotaError(new Error('other'))).toBe(false);
		expect(new StorageFullError(dom).message).toMatch(/Bộ nhớ của máy đã đầy/);
	});
});

describe('heartbeatRecord', () => {
	it('is a valid heartbeat without the heartbeat collection in its pending counts', () => {
		const hb = heartbeatRecord({
			deviceId: 'device-12345678',
			user: {
				username: 'nguyenthilan',
				role: 'volunteer',
				commune: '25657',
				hamlets: ['ap-ben-cho'],
				displayName: 'Lan'
			},
			appVersion: '1700000000000',
			deviceName: 'SM-A125F · Android 12',
			times: { lastPullAt: null, lastPushAt: '2026-11-23T01:00:00.000Z', lastSyncAt: null },
			pending: { residents: 3, heartbeats: 1 },
			quarantined: 1,
			conflicts: 2,
			storage: { usage: 1234.4, quota: 10_000_000 },
			at: '2026-11-23T02:00:00.000Z'
		});
		expect(heartbeatSchema.safeParse(hb).success).toBe(true);
		expect(hb.pending).toEqual({ residents: 3 });
		expect(hb.id).toBe('hb-device-12345678:nguyenthilan');
	});
});
