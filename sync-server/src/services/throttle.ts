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
	private readonly logins: RateLimit;
	private readonly maxWait: number;

	constructor(
		private readonly opts: ThrottleOptions = defaultThrottle,
		private readonly now: () => number = Date.now
	) {
		this.maxWait = Math.min(opts.maxWaitMs, LONGEST_WAIT_MS);
		this.logins = new RateLimit(
			{ burst: opts.loginBurst, intervalMs: opts.loginRefillMs, maxEntries: opts.maxEntries },
			now
		);
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
			// Re-inserted as newest, so the bound forgets the stalest first.
			this.failures.delete(key);
			forgetOldest(this.failures, this.opts.maxEntries, () => this.pruneFailures(t));
			this.failures.set(key, e);
		}
	}

	/** The right password from this address: its own count starts again. */
	succeed(username: string, ip: string): void {
		this.failures.delete(this.keys(username, ip)[0].key);
	}

	/** Entries held, failures and sign-ins together. */
	get size(): number {
		return this.failures.size + this.logins.size;
	}

	/** Takes one sign-in of `username`; returns 0, or the seconds until one is available. */
	takeLogin(username: string): number {
		return Math.min(this.logins.take(username.toLowerCase().slice(0, 100)), this.maxWait / 1000);
	}

	private pruneFailures(t: number) {
		for (const [k, e] of this.failures) {
			if (t - e.lastAt > this.opts.windowMs && e.waitUntil < t) this.failures.delete(k);
		}
	}
}

/** Makes room for one more entry: first `prune`, then the oldest inserted go. */
function forgetOldest<V>(map: Map<string, V>, max: number, prune: () => void) {
	if (map.size < max) return;
	prune();
	while (map.size >= max) map.delete(map.keys().next().value!);
}

/**
 * A burst of `burst` actions per key, then one per `intervalMs` (generic cell rate algorithm:
 * each key's `due` time runs ahead of now by one interval per action, at most a burst's worth).
 */
export class RateLimit {
	private due = new Map<string, number>();

	constructor(
		private readonly opts: { burst: number; intervalMs: number; maxEntries: number },
		private readonly now: () => number = Date.now
	) {}

	get size(): number {
		return this.due.size;
	}

	/** Takes one action for `key`: 0, or the seconds until one is allowed (nothing taken then). */
	take(key: string): number {
		const t = this.now();
		const { burst, intervalMs } = this.opts;
		const due = Math.max(this.due.get(key) ?? t, t) + intervalMs;
		const over = due - t - burst * intervalMs;
		if (over > 0) return Math.ceil(over / 1000);
		this.due.delete(key);
		forgetOldest(this.due, this.opts.maxEntries, () => {
			for (const [k, d] of this.due) if (d <= t) this.due.delete(k);
		});
		this.due.set(key, due);
		return 0;
	}
}
