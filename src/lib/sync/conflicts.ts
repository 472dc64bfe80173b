import type { Conflict } from '$domain/envelope';
import { followRecords, recordLabel, type AppDatabase, type RecordDoc } from '$lib/db';

export interface ConflictingRecord {
	collection: string;
	id: string;
	label: string;
	fields: string[];
	/** The open conflicts, each with the value that lost. */
	entries: Conflict[];
	/** The record's current value of each conflicting field. */
	current: Record<string, unknown>;
}

/**
 * Keeps the list of records with open conflicts: one scan per collection at start, then
 * kept current from change events (`conflicts` is encrypted at rest, so it cannot be queried).
 */
export class ConflictTracker {
	readonly #byCollection = new Map<string, Map<string, ConflictingRecord>>();
	readonly #stops: (() => void)[] = [];

	constructor(private readonly publish: (list: ConflictingRecord[]) => void) {}

	follow(db: AppDatabase, collections: readonly string[]): void {
		for (const name of collections) {
			this.#stops.push(
				followRecords(db, name, (states, initial) => {
					let changed = initial;
					for (const s of states) changed = this.track(name, s.doc, s.deleted) || changed;
					if (changed) this.publish(this.list);
				})
			);
		}
	}

	/** Records one state of a record; true if the list changed. */
	track(collection: string, data: RecordDoc, deleted: boolean): boolean {
		let byId = this.#byCollection.get(collection);
		if (!byId) this.#byCollection.set(collection, (byId = new Map()));
		const c = Array.isArray(data.conflicts) ? (data.conflicts as Conflict[]) : [];
		const had = byId.has(data.id);
		if (c.length && !deleted) {
			const fields = [...new Set(c.map((x) => x.field))];
			byId.set(data.id, {
				collection,
				id: data.id,
				label: recordLabel(data),
				fields,
				entries: c,
				current: Object.fromEntries(fields.map((f) => [f, data[f]]))
			});
			return true;
		}
		byId.delete(data.id);
		return had;
	}

	get list(): ConflictingRecord[] {
		return [...this.#byCollection.values()].flatMap((m) => [...m.values()]);
	}

	stop(): void {
		for (const s of this.#stops.splice(0)) s();
	}
}
