import { getHeightOfRevision } from 'rxdb';
import { clockOf, type AppDatabase } from './database';
import { readLocal, updateLocal, watchLocal } from './local';
import { syncedHeights } from './replica';

/** Records written on this device and not yet accepted by the server, by collection and id. */
export type Outbox = Record<string, Record<string, OutboxEntry>>;
export interface OutboxEntry {
	/** What a person recognizes the record by (name, house number), for the logout warning. */
	label: string;
	updatedAt: string;
	/** When it was written on this device (ms). */
	at?: number;
	/** Local revision of the version written; a synced later version settles the entry. */
	rev?: string;
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
				at,
				...(typeof d._rev === 'string' ? { rev: d._rev } : {})
			};
		}
		return { ...box, [collection]: c };
	});
}

const height = (e: OutboxEntry) => (e.rev ? getHeightOfRevision(e.rev) : 0);

/** Drops the entries of versions the server now has: `rev` is the local revision that matched it. */
export function removeFromOutbox(
	db: AppDatabase,
	collection: string,
	synced: { id: string; rev: string }[]
) {
	return updateLocal<Outbox>(db, KEY, {}, (box) => {
		const c = { ...box[collection] };
		const gone = synced.filter(({ id, rev }) => c[id] && height(c[id]) <= getHeightOfRevision(rev));
		if (gone.length === 0) return box;
		for (const { id } of gone) delete c[id];
		return { ...box, [collection]: c };
	});
}

/**
 * Drops every entry whose record now matches the server (or is gone): what a push settled
 * even if the entry was written after the push took that version.
 */
export async function settleOutbox(db: AppDatabase): Promise<void> {
	for (const [collection, entries] of Object.entries(await readOutbox(db))) {
		const ids = Object.keys(entries);
		if (ids.length === 0 || !db.collections[collection]) continue;
		const synced = await syncedHeights(db, collection, ids);
		if (synced.size === 0) continue;
		await updateLocal<Outbox>(db, KEY, {}, (box) => {
			const c = { ...box[collection] };
			const gone = ids.filter((id) => c[id] && height(c[id]) <= (synced.get(id) ?? -1));
			if (gone.length === 0) return box;
			for (const id of gone) delete c[id];
			return { ...box, [collection]: c };
		});
	}
}

export const readOutbox = (db: AppDatabase) => readLocal<Outbox>(db, KEY, {});
export const watchOutbox = (db: AppDatabase, cb: (box: Outbox) => void) =>
	watchLocal<Outbox>(db, KEY, {}, cb);
