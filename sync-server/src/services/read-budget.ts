import type { ReadGate } from '../storage/index.ts';
import { CouchError } from './errors.ts';

export interface ReadBudgetOptions {
	/** Rows one user may have in flight at once (a single read larger than this still runs alone). */
	perUser: number;
	/** Rows all users together may have in flight. */
	total: number;
	/** Reads one user may have waiting; past it the read is refused with 429. */
	maxWaiting: number;
}

/** One full page per user at a time, two across the server: a few hundred MB at most. */
export const defaultReadBudget: ReadBudgetOptions = {
	perUser: 10_000,
	total: 20_000,
	maxWaiting: 100
};

interface Waiter {
	user: string;
	rows: number;
	start: () => void;
}

/**
 * Throttles reads by the rows they may return, per user and in total, so that one device (or a
 * hostile one) asking for many large pages at once waits its turn instead of filling memory.
 */
export class ReadBudget {
	private readonly inFlight = new Map<string, number>();
	private total = 0;
	private readonly waiting: Waiter[] = [];

	constructor(private readonly o: ReadBudgetOptions = defaultReadBudget) {}

	/** Runs `read` once its rows fit, then gives them back. */
	async run<T>(user: string, rows: number, read: () => Promise<T>): Promise<T> {
		const release = await this.acquire(user, rows);
		try {
			return await read();
		} finally {
			release();
		}
	}

	/**
	 * Waits until `rows` fit and takes them; the caller gives them back with the function
	 * returned. A caller must not acquire again while holding: that could wait forever.
	 */
	async acquire(user: string, rows: number): Promise<() => void> {
		const cost = Math.max(1, Math.min(rows, this.o.perUser));
		if (this.fits(user, cost)) this.take(user, cost);
		else {
			if (this.waiting.filter((w) => w.user === user).length >= this.o.maxWaiting) {
				throw new CouchError(429, 'too_many_requests', 'too many large reads at once; retry', {
					'retry-after': '1'
				});
			}
			// `wake` takes the rows on this read's behalf when they fit.
			await new Promise<void>((resolve) => this.waiting.push({ user, rows: cost, start: resolve }));
		}
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.give(user, cost);
			this.wake();
		};
	}

	/**
	 * A reservation of `rows` for a request that holds what it reads until it answers: taken by
	 * the first read that misses the cache, kept until `release` (reads after it are covered).
	 */
	hold(user: string, rows: number): { gate: ReadGate; release(): void } {
		let release: (() => void) | null = null;
		return {
			gate: async (_rows, read) => {
				release ??= await this.acquire(user, rows);
				return read();
			},
			release: () => {
				release?.();
				release = null;
			}
		};
	}

	private fits(user: string, rows: number): boolean {
		const mine = this.inFlight.get(user) ?? 0;
		return mine + rows <= this.o.perUser && this.total + rows <= this.o.total;
	}

	private take(user: string, rows: number): void {
		this.inFlight.set(user, (this.inFlight.get(user) ?? 0) + rows);
		this.total += rows;
	}

	private give(user: string, rows: number): void {
		const left = (this.inFlight.get(user) ?? 0) - rows;
		if (left > 0) this.inFlight.set(user, left);
		else this.inFlight.delete(user);
		this.total -= rows;
	}

	/** Starts every waiting read that now fits, in arrival order. */
	private wake(): void {
		for (let i = 0; i < this.waiting.length;) {
			const w = this.waiting[i];
			if (!this.fits(w.user, w.rows)) {
				i++;
				continue;
			}
			this.waiting.splice(i, 1);
			this.take(w.user, w.rows);
			w.start();
		}
	}
}
