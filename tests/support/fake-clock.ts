import type { Clock } from '../../src/lib/sync/clock';

/** A clock that moves only when the test says so; due timers run in time order. */
export class FakeClock implements Clock {
	#now: number;
	#timers: { at: number; seq: number; fn: () => void }[] = [];
	#seq = 0;

	constructor(start = Date.parse('2026-11-20T01:00:00.000Z')) {
		this.#now = start;
	}

	now(): number {
		return this.#now;
	}

	after(ms: number, fn: () => void): () => void {
		const timer = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
		this.#timers.push(timer);
		return () => {
			this.#timers = this.#timers.filter((t) => t !== timer);
		};
	}

	/** Delays of the timers still waiting, from now, soonest first. */
	get pending(): number[] {
		return this.#timers.map((t) => t.at - this.#now).sort((a, b) => a - b);
	}

	/** Moves time forward, running each timer that falls due and letting its promises settle. */
	async advance(ms: number): Promise<void> {
		const end = this.#now + ms;
		for (;;) {
			const next = this.#timers
				.filter((t) => t.at <= end)
				.sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
			if (!next) break;
			this.#timers = this.#timers.filter((t) => t !== next);
			this.#now = next.at;
			next.fn();
			await settle();
		}
		this.#now = end;
		await settle();
	}
}

/** Lets pending promise callbacks and I/O callbacks run. */
export async function settle(rounds = 5): Promise<void> {
	for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}
