import { describe, expect, it } from 'vitest';
import {
	RateLimit,
	Throttle,
	defaultThrottle
} from '../../../sync-server/src/services/throttle.ts';

function clock() {
	let t = 1_000_000;
	return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** Fails as soon as allowed, `n` times; returns the wait announced after each failure. */
function failRepeatedly(throttle: Throttle, c: ReturnType<typeof clock>, n: number, ip = 'a') {
	const waits: number[] = [];
	for (let i = 0; i < n; i++) {
		c.advance(throttle.retryAfter('lan', ip) * 1000);
		expect(throttle.retryAfter('lan', ip)).toBe(0);
		throttle.fail('lan', ip);
		waits.push(throttle.retryAfter('lan', ip));
	}
	return waits;
}

describe('login throttle', () => {
	it('backs off exponentially per (user, address) and never beyond a minute', () => {
		const c = clock();
		const t = new Throttle(defaultThrottle, c.now);
		expect(failRepeatedly(t, c, 12)).toEqual([0, 0, 5, 10, 20, 40, 60, 60, 60, 60, 60, 60]);
	});

	it('caps a configured longer wait at a minute', () => {
		const c = clock();
		const t = new Throttle({ ...defaultThrottle, maxWaitMs: 3_600_000 }, c.now);
		expect(Math.max(...failRepeatedly(t, c, 15))).toBe(60);
	});

	it('holds back only the address that failed: the same user elsewhere, and others here, go on', () => {
		const c = clock();
		const t = new Throttle(defaultThrottle, c.now);
		failRepeatedly(t, c, 6, 'attacker');
		expect(t.retryAfter('lan', 'attacker')).toBeGreaterThan(0);
		expect(t.retryAfter('lan', 'phone')).toBe(0);
		expect(t.retryAfter('LAN', 'attacker')).toBeGreaterThan(0);
		expect(t.retryAfter('hung', 'attacker')).toBe(0);
	});

	it('a success clears the count of its own address only', () => {
		const c = clock();
		const t = new Throttle(defaultThrottle, c.now);
		failRepeatedly(t, c, 3, 'a');
		failRepeatedly(t, c, 3, 'b');
		c.advance(60_000);
		t.succeed('lan', 'a');
		t.fail('lan', 'a');
		expect(t.retryAfter('lan', 'a')).toBe(0);
		t.fail('lan', 'b');
		expect(t.retryAfter('lan', 'b')).toBe(10);
	});

	it('slows an address that tries many usernames, and forgets after the window', () => {
		const c = clock();
		const t = new Throttle(defaultThrottle, c.now);
		for (let i = 0; i < 20; i++) t.fail(`user${i}`, 'spray');
		expect(t.retryAfter('someone', 'spray')).toBe(5);
		expect(t.retryAfter('someone', 'other')).toBe(0);
		c.advance(defaultThrottle.windowMs + 1);
		t.fail('user0', 'spray');
		expect(t.retryAfter('someone', 'spray')).toBe(0);
	});

	it('allows a burst of sign-ins, then one per refill period, waiting at most that long', () => {
		const c = clock();
		const t = new Throttle(defaultThrottle, c.now);
		for (let i = 0; i < defaultThrottle.loginBurst; i++) expect(t.takeLogin('lan')).toBe(0);
		expect(t.takeLogin('lan')).toBe(30);
		expect(t.takeLogin('hung')).toBe(0);
		c.advance(10_000);
		expect(t.takeLogin('lan')).toBe(20);
		c.advance(20_000);
		expect(t.takeLogin('lan')).toBe(0);
		expect(t.takeLogin('lan')).toBe(30);
	});

	it('stays within maxEntries', () => {
		const c = clock();
		const t = new Throttle({ ...defaultThrottle, maxEntries: 100 }, c.now);
		for (let i = 0; i < 1_000; i++) {
			t.fail(`u${i}`, `ip${i}`);
			t.takeLogin(`u${i}`);
		}
		expect(t.size).toBeLessThanOrEqual(200);
		// The newest are kept.
		expect(t.retryAfter('u999', 'ip999')).toBe(0);
	});

	it('a rate limit per key: burst, then one per interval, bounded in entries', () => {
		const c = clock();
		const r = new RateLimit({ burst: 3, intervalMs: 15_000, maxEntries: 10 }, c.now);
		expect([r.take('a'), r.take('a'), r.take('a'), r.take('a')]).toEqual([0, 0, 0, 15]);
		expect(r.take('b')).toBe(0);
		c.advance(15_000);
		expect([r.take('a'), r.take('a')]).toEqual([0, 15]);
		for (let i = 0; i < 50; i++) r.take(`k${i}`);
		expect(r.size).toBeLessThanOrEqual(10);
	});
});
