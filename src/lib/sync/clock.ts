/** Time and timers as the sync engine sees them; tests pass a fake clock they advance themselves. */
export interface Clock {
	/** Epoch milliseconds. */
	now(): number;
	/** Calls `fn` once after `ms`; returns the function that cancels it. */
	after(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	after(ms, fn) {
		const t = setTimeout(fn, ms);
		return () => clearTimeout(t);
	}
};

export const isoAt = (clock: Clock): string => new Date(clock.now()).toISOString();
