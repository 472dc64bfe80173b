/**
 * Shared `_changes` pages of every database, bounded by the JSON size of what they hold: live
 * clients waking on the same change read one page, while distinct reads, hostile or not, cannot
 * pile pages up in memory. The least recently used pages go first; a page larger than
 * `maxEntryBytes` is not kept. One cache serves all databases, so the bound is the server's.
 */
export class PageCache<T extends { results: readonly unknown[] }> {
	private readonly entries = new Map<string, { db: string; page: Promise<T>; bytes: number }>();
	private total = 0;

	constructor(
		private readonly maxBytes: number,
		private readonly maxEntryBytes: number
	) {}

	/** Bytes held by resolved pages. */
	get bytes(): number {
		return this.total;
	}

	get(db: string, query: string, load: () => Promise<T>): Promise<T> {
		const key = `${db}\n${query}`;
		const hit = this.entries.get(key);
		if (hit) {
			this.entries.delete(key);
			this.entries.set(key, hit);
			return hit.page;
		}
		const entry = { db, page: load(), bytes: 0 };
		this.entries.set(key, entry);
		entry.page
			.then((value) => this.weigh(key, entry, value))
			.catch(() => {
				if (this.entries.get(key) === entry) this.entries.delete(key);
			});
		return entry.page;
	}

	/** Records the size of a page once read; returns whether it is kept. */
	private weigh(key: string, entry: { bytes: number }, value: T): boolean {
		if (this.entries.get(key) !== entry) return false;
		const bytes = estimateBytes(value.results);
		if (bytes > this.maxEntryBytes) {
			this.entries.delete(key);
			return false;
		}
		entry.bytes = bytes;
		this.total += bytes;
		this.evict();
		return true;
	}

	/** Drops the pages of one database (after a write to it). */
	clear(db: string): void {
		for (const [key, e] of this.entries) {
			if (e.db !== db) continue;
			this.entries.delete(key);
			this.total -= e.bytes;
		}
	}

	private evict(): void {
		for (const [key, e] of this.entries) {
			if (this.total <= this.maxBytes) return;
			this.entries.delete(key);
			this.total -= e.bytes;
		}
	}
}

/** Rows measured per page: serializing a whole page just to weigh it would cost as much as sending it. */
const SAMPLE = 16;

/** JSON size of the rows, from an even sample of them. */
export function estimateBytes(rows: readonly unknown[]): number {
	if (rows.length === 0) return 0;
	const step = Math.max(1, Math.floor(rows.length / SAMPLE));
	let bytes = 0;
	let n = 0;
	for (let i = 0; i < rows.length; i += step) {
		bytes += Buffer.byteLength(JSON.stringify(rows[i]) ?? '');
		n++;
	}
	return Math.ceil((bytes / n) * rows.length);
}
