/** Deterministic pseudo-random numbers (mulberry32): the same seed gives the same data. */
export interface Rng {
	/** Uniform in [0, 1). */
	next(): number;
	/** Integer in [min, max], both included. */
	int(min: number, max: number): number;
	chance(p: number): boolean;
	pick<T>(items: readonly T[]): T;
	/** Picks by weight; weights need not sum to 1. */
	weighted<T>(items: readonly (readonly [T, number])[]): T;
	digits(n: number): string;
	/** A fresh generator derived from this one, so nested factories do not shift each other's draws. */
	fork(): Rng;
}

export function createRng(seed: number): Rng {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const rng: Rng = {
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		chance: (p) => next() < p,
		pick: (items) => items[Math.floor(next() * items.length)],
		weighted: (items) => {
			const total = items.reduce((s, [, w]) => s + w, 0);
			let x = next() * total;
			for (const [item, w] of items) {
				x -= w;
				if (x < 0) return item;
			}
			return items[items.length - 1][0];
		},
		digits: (n) => Array.from({ length: n }, () => String(Math.floor(next() * 10))).join(''),
		fork: () => createRng(Math.floor(next() * 2 ** 32))
	};
	return rng;
}

/** `2026-11-20` plus `days` (may be negative). */
export function addDays(isoDate: string, days: number): string {
	const d = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}
