import { describe, expect, it } from 'vitest';
import { isQuotaError, StorageFullError } from '$lib/db/errors';
import { couchFetch, splitReason, type Refusal } from '$lib/sync/couch-fetch';
import { heartbeatRecord } from '$lib/sync/heartbeat';
import { heartbeatSchema } from '$lib/domain/heartbeat';

describe('couchFetch', () => {
	it('adds the bearer token and turns refused _bulk_docs rows into quarantine, keeping the others', async () => {
		const seen: string[] = [];
		const refusals: Refusal[] = [];
		const accepted: string[] = [];
		const server = (async (url: string, init?: RequestInit) => {
			seen.push(new Headers(init?.headers).get('authorization') ?? '');
			if (url.includes('/_all_docs')) {
				return Response.json({ rows: [{ id: 'b', doc: { _id: 'b', _rev: '1-x', v: 1 } }] });
			}
			return Response.json([
				{ id: 'a', ok: true, rev: '1-a' },
				{ id: 'b', error: 'forbidden', reason: 'hamlet: not yours | hamlet: không thuộc phạm vi' },
				{ id: 'c', error: 'conflict', reason: 'Document update conflict.' }
			]);
		}) as typeof fetch;
		const f = couchFetch(server, {
			token: () => 'tok',
			reachable: () => undefined,
			unreachable: () => undefined,
			unauthorized: () => undefined,
			refused: async (r) => void refusals.push(...r),
			accepted: async (ids) => void accepted.push(...ids)
		});
		await f('http://x/db/c1_residents/_all_docs?', { method: 'POST', body: '{}' });
		const res = await f('http://x/db/c1_residents/_bulk_docs?', {
			method: 'POST',
			body: JSON.stringify({ docs: [{ _id: 'a' }, { _id: 'b', fullName: 'Lê B' }, { _id: 'c' }] })
		});
		expect(seen).toEqual(['Bearer tok', 'Bearer tok']);
		expect(await res.json()).toEqual([
			{ id: 'a', ok: true, rev: '1-a' },
			{ ok: true, id: 'b', rev: '0-quarantined' },
			{ id: 'c', error: 'conflict', reason: 'Document update conflict.' }
		]);
		expect(refusals).toMatchObject([
			{
				id: 'b',
				reason: { en: 'hamlet: not yours', vi: 'hamlet: không thuộc phạm vi' },
				serverDoc: { v: 1 }
			}
		]);
		expect(accepted).toEqual(['a']);
	});

	it('reports 401 and missing network distinctly', async () => {
		const events: string[] = [];
		const hooks = {
			token: () => 'tok',
			reachable: () => void events.push('reachable'),
			unreachable: () => void events.push('unreachable'),
			unauthorized: () => void events.push('unauthorized'),
			refused: async () => undefined,
			accepted: async () => undefined
		};
		const down = couchFetch(
			(async () => {
				throw new TypeError('Failed to fetch');
			}) as typeof fetch,
			hooks
		);
		await expect(down('http://x/db/a/_changes')).rejects.toThrow();
		const expired = couchFetch(
			(async () => new Response('{}', { status: 401 })) as typeof fetch,
			hooks
		);
		await expect(expired('http://x/db/a/_changes')).rejects.toThrow(/expired/);
		expect(events).toEqual(['unreachable', 'reachable', 'unauthorized']);
	});

	it('keeps a reason without a Vietnamese half in both languages', () => {
		expect(splitReason('bad')).toEqual({ en: 'bad', vi: 'bad' });
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
