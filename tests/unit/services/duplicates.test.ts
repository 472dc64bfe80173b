import { describe, expect, it } from 'vitest';
import {
	MIN_LOOKUP_INTERVAL_MS,
	ServerDuplicates,
	fetchServerDuplicates
} from '$lib/services/duplicates.svelte';

const found = [
	{ residentId: 'r-1', otherHamlet: 'ap-ben-cho', otherHamletName: 'Ấp Bến Chò' },
	{ residentId: 'r-1', otherHamlet: 'ap-thanh-hoa', otherHamletName: null },
	{ residentId: 'r-2', otherId: 'r-9', otherHamlet: 'ap-ben-cho', otherHamletName: 'Ấp Bến Chò' }
];

function memoryStore() {
	const m = new Map<string, string>();
	return {
		getItem: (k: string) => m.get(k) ?? null,
		setItem: (k: string, v: string) => void m.set(k, v)
	};
}

/** A clock the test moves; `later` callbacks run when it passes their time. */
function fakeClock() {
	let t = 0;
	let timers: { at: number; fn: () => void }[] = [];
	return {
		now: () => t,
		later(fn: () => void, ms: number) {
			const timer = { at: t + ms, fn };
			timers.push(timer);
			return () => void (timers = timers.filter((x) => x !== timer));
		},
		async advance(ms: number) {
			t += ms;
			const due = timers.filter((x) => x.at <= t);
			timers = timers.filter((x) => x.at > t);
			for (const x of due) x.fn();
			await new Promise((resolve) => setTimeout(resolve, 0));
		},
		pending: () => timers.length
	};
}

const answering =
	(status: number, body: unknown, headers: Record<string, string> = {}): typeof fetch =>
	async () =>
		new Response(JSON.stringify(body), { status, headers });

/** A fetch that records the token of each call. */
function recording(body: unknown) {
	const tokens: string[] = [];
	const fetchFn = (async (_url: string, init?: RequestInit) => {
		tokens.push(String((init?.headers as Record<string, string>).authorization));
		return new Response(JSON.stringify(body), { status: 200 });
	}) as typeof fetch;
	return { fetchFn, tokens };
}

const USER = { username: 'levanhung', commune: '25657' };

describe('server duplicate findings on the device', () => {
	it('groups the findings per resident and keeps them per user for offline use', async () => {
		const store = memoryStore();
		const dups = new ServerDuplicates(store, fakeClock());
		await dups.refresh(answering(200, { collisions: found }), 't', USER);
		expect(dups.byResident.get('r-1')).toHaveLength(2);
		expect(dups.byResident.get('r-2')?.[0].otherId).toBe('r-9');

		const reopened = new ServerDuplicates(store, fakeClock());
		reopened.use('levanhung');
		expect([...reopened.byResident.keys()]).toEqual(['r-1', 'r-2']);
		reopened.use('nguyenthilan');
		expect(reopened.byResident.size).toBe(0);
	});

	it('keeps the last answer when offline, refused, rate-limited or malformed', async () => {
		const clock = fakeClock();
		const dups = new ServerDuplicates(memoryStore(), clock);
		await dups.refresh(answering(200, { collisions: found }), 't', USER);
		const offline: typeof fetch = async () => {
			throw new TypeError('Failed to fetch');
		};
		for (const fetchFn of [
			answering(403, { error: 'forbidden' }),
			answering(429, { error: 'too_many_requests' }),
			answering(200, { collisions: [{ residentId: 1 }] }),
			offline
		]) {
			await clock.advance(MIN_LOOKUP_INTERVAL_MS);
			await dups.refresh(fetchFn, 't', USER);
		}
		expect(dups.byResident.size).toBe(2);
		expect(await fetchServerDuplicates(offline, 't', '25657')).toEqual({ ok: false });
		expect(
			await fetchServerDuplicates(answering(429, {}, { 'retry-after': '12' }), 't', '25657')
		).toEqual({ ok: false, retryAfterSeconds: 12 });
	});

	it('asks once for a burst of syncs, then once more with the newest session when allowed', async () => {
		const clock = fakeClock();
		const dups = new ServerDuplicates(memoryStore(), clock);
		const server = recording({ collisions: found });
		await dups.refresh(server.fetchFn, 'tok-1', USER);
		await dups.refresh(server.fetchFn, 'tok-2', USER);
		await dups.refresh(server.fetchFn, 'tok-3', USER);
		expect(server.tokens).toEqual(['Bearer tok-1']);
		await clock.advance(MIN_LOOKUP_INTERVAL_MS - 1);
		expect(server.tokens).toHaveLength(1);
		await clock.advance(1);
		expect(server.tokens).toEqual(['Bearer tok-1', 'Bearer tok-3']);
		await clock.advance(10 * MIN_LOOKUP_INTERVAL_MS);
		expect(server.tokens).toHaveLength(2);
	});

	it('waits as long as the server says, then asks again by itself', async () => {
		const clock = fakeClock();
		const dups = new ServerDuplicates(memoryStore(), clock);
		await dups.refresh(answering(429, {}, { 'retry-after': '40' }), 't', USER);
		const server = recording({ collisions: found });
		await clock.advance(20_000);
		await dups.refresh(server.fetchFn, 't2', USER);
		expect(server.tokens).toEqual([]);
		await clock.advance(20_000);
		expect(server.tokens).toEqual(['Bearer t2']);
		expect(dups.byResident.size).toBe(2);
	});

	it('drops a waiting lookup when another user signs in', async () => {
		const clock = fakeClock();
		const dups = new ServerDuplicates(memoryStore(), clock);
		const server = recording({ collisions: found });
		await dups.refresh(server.fetchFn, 't', USER);
		await dups.refresh(server.fetchFn, 't', USER);
		expect(clock.pending()).toBe(1);
		dups.use('nguyenthilan');
		expect(clock.pending()).toBe(0);
		await clock.advance(MIN_LOOKUP_INTERVAL_MS);
		expect(server.tokens).toHaveLength(1);
	});
});
