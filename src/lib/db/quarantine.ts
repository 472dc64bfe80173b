import type { Bilingual } from '$domain/rules';
import type { AppDatabase } from './database';
import { readLocal, updateLocal, watchLocal } from './local';

/** A document the server refused; it stays on the device until fixed and accepted. */
export interface QuarantineEntry {
	collection: string;
	id: string;
	label: string;
	reason: Bilingual;
	at: string;
}

const KEY = 'quarantine';
const key = (e: { collection: string; id: string }) => `${e.collection}/${e.id}`;

/** The record stays on the device, edited, with the server's version as its merge base. */
export function addToQuarantine(db: AppDatabase, entries: QuarantineEntry[]) {
	return updateLocal<Record<string, QuarantineEntry>>(db, KEY, {}, (q) => {
		const next = { ...q };
		for (const e of entries) next[key(e)] = e;
		return next;
	});
}

export function releaseFromQuarantine(db: AppDatabase, collection: string, ids: string[]) {
	return updateLocal<Record<string, QuarantineEntry>>(db, KEY, {}, (q) => {
		const keys = ids.map((id) => key({ collection, id })).filter((k) => k in q);
		if (keys.length === 0) return q;
		const next = { ...q };
		for (const k of keys) delete next[k];
		return next;
	});
}

export const readQuarantine = async (db: AppDatabase) =>
	Object.values(await readLocal<Record<string, QuarantineEntry>>(db, KEY, {}));
export const watchQuarantine = (db: AppDatabase, cb: (entries: QuarantineEntry[]) => void) =>
	watchLocal<Record<string, QuarantineEntry>>(db, KEY, {}, (q) => cb(Object.values(q)));
