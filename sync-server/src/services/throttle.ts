export interface ThrottleOptions {
	/** Wrong passwords per (username, address) before any wait: typing mistakes. */
	freeFailures: number;
	/** Wrong passwords per address, all usernames together, before waits start there. */
	freeAddressFailures: number;
	/** Wait after the first failure past the free ones; doubles with each further one. */
	baseWaitMs: number;
	/** Longest wait; never above a minute, whatever is configured. */
	maxWaitMs: number;
	/** Failures older than this are forgotten. */
	windowMs: number;
	/** Successful sign-ins per user: a burst of this many, then one per `loginRefillMs`. */
	loginBurst: number;
	loginRefillMs: number;
	/** Entries kept at most (keys are bounded: username ≤ 100 characters, address ≤ 64). */
	maxEntries: number;
}

export const defaultThrottle: ThrottleOptions = {
	freeFailures: 3,
	freeAddressFailures: 20,
	baseWaitMs: 5_000,
	maxWaitMs: 60_000,
	windowMs: 15 * 60_000,
	loginBurst: 10,
	loginRefillMs: 30_000,
	maxEntries: 50_000
};

/** The correct password is never held back longer than this. */
const LONGEST_WAIT_MS = 60_000;

interface Failures {
	count: number;
	lastAt: number;
	waitUntil: number;
}

/**
 * Login throttling, in memory per gateway. Wrong passwords slow down the (username, address)
 * that sent them, with exponential backoff, and an address that sprays many usernames; never
 * the username everywhere, so nobody can lock another person out, and no wait exceeds a minute.
 * Successful sign-ins per user are rate-limited too (each mints a session).
 */
export class Throttle {
	private failures = new Map<string, Failures>();
	/** When each user's sign-ins are paid off (generic cell rate algorithm). */
	private logins = new Map<string, number>();
	private readonly maxWait: number;

	constructor(
		private readonly opts: ThrottleOptions = defaultThrottle,
		private readonly now: () => number = Date.now
	) {
		this.maxWait = Math.min(opts.maxWaitMs, LONGEST_WAIT_MS);
	}

	private keys(username: string, ip: string) {
		const user = username.toLowerCase().slice(0, 100);
		const address = ip.slice(0, 64);
		return [
			{ key: `${user}\0${address}`, free: this.opts.freeFailures },
			{ key: `\0${address}`, free: this.opts.freeAddressFailures }
		];
	}

	/** Seconds to wait before this password may be checked; 0 when it may. */
	retryAfter(username: string, ip: string): number {
		const t = this.now();
		let wait = 0;
		for (const { key } of this.keys(username, ip)) {
			const e = this.failures.get(key);
			if (e && e.waitUntil > t) wait = Math.max(wait, e.waitUntil - t);
		}
		return Math.ceil(wait / 1000);
	}

	fail(username: string, ip: string): void {
		const t = this.now();
		for (const { key, free } of this.keys(username, ip)) {
			const prev = this.failures.get(key);
			const e =
				prev && t - prev.lastAt < this.opts.windowMs ? prev : { count: 0, lastAt: t, waitUntil: 0 };
			e.count += 1;
			e.lastAt = t;
			if (e.count >= free) {
				const wait = this.opts.baseWaitMs * 2 ** Math.min(e.count - free, 20);
				e.waitUntil = t + Math.min(wait, this.maxWait);
			}
			this.remember(this.failures, key, e, t);
		}
	}

	/** The right password from this address: its own count starts again. */
	succeed(username: string, ip: string): void {
		this.failures.delete(this.keys(username, ip)[0].key);
	}

	/** Takes one sign-in of `username`; returns 0, or the seconds until one is available. */
	takeLogin(username: string): number {
		const t = this.now();
		const key = username.toLowerCase().slice(0, 100);
		const { loginBurst: burst, loginRefillMs: refill } = this.opts;
		// Generic cell rate: `due` runs ahead of now by one refill per sign-in, at most a burst's worth.
		const due = Math.max(this.logins.get(key) ?? t, t) + refill;
		const over = due - t - burst * refill;
		if (over > 0) return Math.ceil(Math.min(over, this.maxWait) / 1000);
		this.remember(this.logins, key, due, t);
		return 0;
	}

	/** Inserts as newest; past the bound, forgets what expired, then the oldest. */
	private remember<V>(map: Map<string, V>, key: string, value: V, t: number) {
		map.delete(key);
		if (map.size >= this.opts.maxEntries) this.prune(t);
		while (map.size >= this.opts.maxEntries) map.delete(map.keys().next().value!);
		map.set(key, value);
	}

	private prune(t: number) {
		for (const [k, e] of this.failures) {
			if (t - e.lastAt > this.opts.windowMs && e.waitUntil < t) this.failures.delete(k);
		}
		for (const [k, due] of this.logins) if (due <= t) this.logins.delete(k);
	}
}
