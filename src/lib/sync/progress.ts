import type { Seq } from './couch';

export interface SyncProgress {
	direction: 'download' | 'upload';
	done: number;
	/** 0 when unknown. A download's total is an estimate: see `ProgressMeter`. */
	total: number;
	/** Estimated seconds to the end; null until the rate is known. */
	secondsLeft: number | null;
}

/** Where one collection's download stands in the server's feed, as `_changes` sequence numbers. */
export interface FeedPosition {
	from: Seq;
	at: Seq;
	/** The feed's end when the download began; null when the server did not say. */
	to: Seq | null;
}

/** A bar only helps for big transfers: the first download or a large upload. */
const SHOW_FROM = 50;
/** Before this much time a rate says little, so no time left is shown. */
const RATE_AFTER_MS = 1_500;

/**
 * CouchDB sequences are numbers on the embedded store and "N-opaque" strings on a cluster,
 * where N sums the shards' positions: either way N counts changes closely enough for an estimate.
 */
export function seqNumber(seq: Seq | null): number | null {
	if (typeof seq === 'number') return Number.isFinite(seq) ? seq : null;
	const m = /^(\d+)/.exec(seq ?? '');
	return m ? Number(m[1]) : null;
}

/**
 * Turns transfer counts into the progress the UI shows while replication is active: uploads
 * from the outbox size, downloads from the records received and how far each collection's feed
 * has been read. A volunteer sees only their hamlets, so the records still to come are estimated
 * from the share of the feed that was theirs so far; the time left from the rate since the start.
 */
export class ProgressMeter {
	#pending = 0;
	#uploadTotal = 0;
	#uploadStart: number | null = null;
	#received = 0;
	#downloadStart: number | null = null;
	readonly #feeds = new Map<string, { from: number; at: number; to: number | null }>();
	#active = false;

	constructor(
		private readonly show: (p: SyncProgress | null) => void,
		private readonly now: () => number = Date.now
	) {}

	/** Records waiting in the outbox; offline this shows nothing. */
	setPending(n: number): void {
		this.#pending = n;
		if (this.#active) this.#update();
	}

	received(n = 1, feed?: { collection: string; position: FeedPosition }): void {
		this.#received += n;
		this.#downloadStart ??= this.now();
		if (feed) this.#place(feed.collection, feed.position);
		if (this.#active) this.#update();
	}

	setActive(active: boolean): void {
		this.#active = active;
	}

	/** Everything in sync: the next transfer counts from zero. */
	idle(): void {
		this.#uploadTotal = 0;
		this.#uploadStart = null;
		this.#received = 0;
		this.#downloadStart = null;
		this.#feeds.clear();
		this.show(null);
	}

	#place(collection: string, p: FeedPosition): void {
		const from = seqNumber(p.from);
		const at = seqNumber(p.at);
		if (from === null || at === null) return;
		const to = seqNumber(p.to);
		const known = this.#feeds.get(collection);
		this.#feeds.set(collection, {
			from: known?.from ?? from,
			at,
			to: to ?? known?.to ?? null
		});
	}

	#update(): void {
		const pending = this.#pending;
		if (pending > this.#uploadTotal) this.#uploadTotal = pending;
		if (this.#uploadTotal >= SHOW_FROM && pending > 0) {
			this.#uploadStart ??= this.now();
			const done = this.#uploadTotal - pending;
			this.show({
				direction: 'upload',
				done,
				total: this.#uploadTotal,
				secondsLeft: this.#secondsLeft(this.#uploadStart, done, pending)
			});
		} else if (this.#received >= SHOW_FROM) {
			this.show({ direction: 'download', ...this.#downloadEstimate() });
		}
	}

	#downloadEstimate(): { done: number; total: number; secondsLeft: number | null } {
		const done = this.#received;
		let read = 0;
		let left = 0;
		for (const f of this.#feeds.values()) {
			read += Math.max(0, f.at - f.from);
			if (f.to !== null) left += Math.max(0, f.to - f.at);
		}
		if (read === 0 || left === 0) return { done, total: 0, secondsLeft: null };
		// Records per feed position so far: 1 for an official, the hamlets' share for a volunteer.
		const total = done + Math.round((done / read) * left);
		return {
			done,
			total,
			secondsLeft: this.#secondsLeft(this.#downloadStart, read, left)
		};
	}

	#secondsLeft(start: number | null, done: number, left: number): number | null {
		if (start === null || done <= 0) return null;
		const elapsed = this.now() - start;
		if (elapsed < RATE_AFTER_MS) return null;
		return Math.ceil((left / done) * (elapsed / 1000));
	}
}
