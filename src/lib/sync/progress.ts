export interface SyncProgress {
	direction: 'download' | 'upload';
	done: number;
	/** 0 when unknown. */
	total: number;
}

/** A bar only helps for big transfers: the first download or a large upload. */
const SHOW_FROM = 50;

/**
 * Turns transfer counts into the progress the UI shows: uploads from the outbox size,
 * downloads from the records received while replication is active.
 */
export class ProgressMeter {
	#pending = 0;
	#sentNotSettled = 0;
	#uploadTotal = 0;
	#received = 0;
	#active = false;

	constructor(private readonly show: (p: SyncProgress | null) => void) {}

	/** Records waiting in the outbox; shown with the next transfer, not while offline. */
	setPending(n: number): void {
		this.#pending = n;
	}

	/** Records the server took that the outbox does not reflect yet. */
	setSentNotSettled(n: number): void {
		this.#sentNotSettled = n;
		this.#update();
	}

	/** The outbox caught up with what was sent; shown with the next transfer. */
	settled(): void {
		this.#sentNotSettled = 0;
	}

	received(n = 1): void {
		this.#received += n;
		this.#update();
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
		const pending = Math.max(0, this.#pending - this.#sentNotSettled);
		if (pending > this.#uploadTotal) this.#uploadTotal = pending;
		if (this.#uploadTotal >= SHOW_FROM && pending > 0) {
			this.show({
				direction: 'upload',
				done: this.#uploadTotal - pending,
				total: this.#uploadTotal
			});
		} else if (this.#received >= SHOW_FROM && this.#active) {
			this.show({ direction: 'download', done: this.#received, total: 0 });
		}
	}
}
