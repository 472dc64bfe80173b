import { clockOf, type AppDatabase } from './database';
import { readLocal, updateLocal, watchLocal } from './local';

/** Records written on this device and not yet accepted by the server, by collection and id. */
export type Outbox = Record<string, Record<string, OutboxEntry>>;
export interface OutboxEntry {
	/** What a person recognizes the record by (name, house number), for the logout warning. */
	label: string;
	updatedAt: string;
	/** When it was written on this device (ms); a sync that started later has sent it. */
	at?: number;
}

const KEY = 'outbox';

/** A short human label for any record: name, then house number and street, then id. */
export function recordLabel(doc: Record<string, unknown>): string {
	for (const k of ['fullName', 'name', 'title']) {
		if (typeof doc[k] === 'string' && doc[k]) return doc[k] as string;
	}
	const address = [doc.houseNumber, doc.street]
		.filter((x) => typeof x === 'string' && x)
		.join(', ');
	return address || String(doc.id);
}

export function addToOutbox(db: AppDatabase, collection: string, docs: Record<string, unknown>[]) {
	const at = clockOf(db)();
	return updateLocal<Outbox>(db, KEY, {}, (box) => {
		const c = { ...(box[collection] ?? {}) };
		for (const d of docs) {
			c[String(d.id)] = {
				label: recordLabel(d),
				updatedAt: String(d.updatedAt ?? ''),
				at
			};
		}
		return { ...box, [collection]: c };
	});
}

export function removeFromOutbox(db: AppDatabase, collection: string, ids: string[]) {
	return updateLocal<Outbox>(db, KEY, {}, (box) => {
		if (!box[collection] || !ids.some((id) => id in box[collection])) return box;
		const c = { ...box[collection] };
		for (const id of ids) delete c[id];
		return { ...box, [collection]: c };
	});
}

/**
 * Drops entries written before `before` (ms). Called once replication reported
 * everything in sync after that moment: those writes were pushed, or merged
 * into the server's version, even if no "sent" event named them.
 */
export function clearOutboxBefore(
	db: AppDatabase,
	before: number,
	keep: (collection: string, id: string) => boolean
) {
	return updateLocal<Outbox>(db, KEY, {}, (box) => {
		const next: Outbox = {};
		for (const [collection, entries] of Object.entries(box)) {
			next[collection] = Object.fromEntries(
				Object.entries(entries).filter(([id, e]) => (e.at ?? 0) >= before || keep(collection, id))
			);
		}
		return next;
	});
}

export const readOutbox = (db: AppDatabase) => readLocal<Outbox>(db, KEY, {});
export const watchOutbox = (db: AppDatabase, cb: (box: Outbox) => void) =>
	watchLocal<Outbox>(db, KEY, {}, cb);
