export interface SyncProgress {
	direction: 'download' | 'upload';
	done: number;
	/** 0 when unknown. */
	total: number;
}

/** A bar only helps for big transfers: the first download or a large upload. */
const SHOW_FROM = 50;

/**
 * Turns transfer counts into the progress the UI shows while replication is active: uploads
 * from the outbox size, downloads from the records received.
 */
export class ProgressMeter {
	#pending = 0;
	#uploadTotal = 0;
	#received = 0;
	#active = false;

	constructor(private readonly show: (p: SyncProgress | null) => void) {}

	/** Records waiting in the outbox; offline this shows nothing. */
	setPending(n: number): void {
		this.#pending = n;
		if (this.#active) this.#update();
	}

	received(n = 1): void {
		this.#received += n;
		if (this.#active) this.#update();
	}

	setActive(active: boolean): void {
		this.#active = active;
	}

	/** Everything in sync: the next transfer counts from zero. */
	idle(): void {
		this.#uploadTotal = 0;
		this.#received = 0;
		this.show(null);
	}

	#update(): void {
		const pending = this.#pending;
		if (pending > this.#uploadTotal) this.#uploadTotal = pending;
		if (this.#uploadTotal >= SHOW_FROM && pending > 0) {
			this.show({
				direction: 'upload',
				done: this.#uploadTotal - pending,
				total: this.#uploadTotal
			});
		} else if (this.#received >= SHOW_FROM) {
			this.show({ direction: 'download', done: this.#received, total: 0 });
		}
	}
}
