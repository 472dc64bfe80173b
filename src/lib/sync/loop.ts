/**
 * A task run over and over: one pass, then an idle wait until something calls for the next.
 * `settled()` resolves after a pass that starts after the call; `fail()` rejects those waiting.
 */
export class PassLoop {
	#started = 0;
	#waiters: { after: number; resolve: () => void; reject: (err: unknown) => void }[] = [];
	#woken = false;
	#wake: (() => void) | null = null;

	/** Asks for another pass: now if idle, else right after the current one. */
	wake(): void {
		this.#woken = true;
		this.#wake?.();
	}

	settled(): Promise<void> {
		const after = this.#started + 1;
		const done = new Promise<void>((resolve, reject) =>
			this.#waiters.push({ after, resolve, reject })
		);
		this.wake();
		return done;
	}

	fail(err: unknown): void {
		for (const w of this.#waiters.splice(0)) w.reject(err);
	}

	/** Runs until `signal` aborts or a pass or wait throws. `idle` returns when it should pass again. */
	async run(
		signal: AbortSignal,
		pass: () => Promise<void>,
		idle: (woken: Promise<void>) => Promise<void>
	): Promise<void> {
		while (!signal.aborted) {
			this.#woken = false;
			const n = ++this.#started;
			await pass();
			const ready = this.#waiters.filter((w) => w.after <= n);
			this.#waiters = this.#waiters.filter((w) => w.after > n);
			for (const w of ready) w.resolve();
			if (this.#woken || signal.aborted) continue;
			let stop = () => {};
			const woken = new Promise<void>((resolve) => {
				this.#wake = stop = resolve;
				signal.addEventListener('abort', stop);
			});
			try {
				await idle(woken);
			} finally {
				this.#wake = null;
				signal.removeEventListener('abort', stop);
			}
		}
	}
}
