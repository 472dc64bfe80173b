export interface ThrottleOptions {
	/** Failures allowed per username before it is locked. */
	userFailures: number;
	/** Failures allowed per client address before it is locked. */
	ipFailures: number;
	/** Failures older than this are forgotten. */
	windowMs: number;
	/** First lock; doubles with each further failure, up to `maxLockMs`. */
	lockMs: number;
	maxLockMs: number;
}

export const defaultThrottle: ThrottleOptions = {
	userFailures: 5,
	ipFailures: 30,
	windowMs: 15 * 60_000,
	lockMs: 30_000,
	maxLockMs: 15 * 60_000
};

interface Entry {
	failures: number;
	lastAt: number;
	lockedUntil: number;
}

/** Counts failed logins per username and per address; in memory, per gateway instance. */
export class Throttle {
	private entries = new Map<string, Entry>();

	constructor(
		private readonly opts: ThrottleOptions = defaultThrottle,
		private readonly now: () => number = Date.now
	) {}

	private keys(username: string, ip: string) {
		return [
			{ key: `u:${username.toLowerCase()}`, limit: this.opts.userFailures },
			{ key: `ip:${ip}`, limit: this.opts.ipFailures }
		];
	}

	/** Seconds to wait before trying again; 0 when allowed. */
	retryAfter(username: string, ip: string): number {
		const t = this.now();
		let wait = 0;
		for (const { key } of this.keys(username, ip)) {
			const e = this.entries.get(key);
			if (e && e.lockedUntil > t) wait = Math.max(wait, Math.ceil((e.lockedUntil - t) / 1000));
		}
		return wait;
	}

	fail(username: string, ip: string) {
		const t = this.now();
		if (this.entries.size > 100_000) this.prune(t);
		for (const { key, limit } of this.keys(username, ip)) {
			const prev = this.entries.get(key);
			const e =
				prev && t - prev.lastAt < this.opts.windowMs
					? prev
					: { failures: 0, lastAt: t, lockedUntil: 0 };
			e.failures += 1;
			e.lastAt = t;
			if (e.failures >= limit) {
				const lock = Math.min(this.opts.lockMs * 2 ** (e.failures - limit), this.opts.maxLockMs);
				e.lockedUntil = t + lock;
			}
			this.entries.set(key, e);
		}
	}

	succeed(username: string) {
		this.entries.delete(`u:${username.toLowerCase()}`);
	}

	private prune(t: number) {
		for (const [k, e] of this.entries) {
			if (t - e.lastAt > this.opts.windowMs && e.lockedUntil < t) this.entries.delete(k);
		}
	}
}
