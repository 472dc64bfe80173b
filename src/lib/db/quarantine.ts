import type { Bilingual } from '$domain/rules';
import type { AppDatabase } from './database';
import { openLocal, readLocal, sealLocal, updateLocal, watchLocal } from './local';

/** A document the server refused; it stays on the device until fixed and accepted. */
export interface QuarantineEntry {
	collection: string;
	id: string;
	label: string;
	reason: Bilingual;
	at: string;
	/** The server's version when it refused ours (sealed), the base for merging the fix. */
	serverState: string | null;
}

const KEY = 'quarantine';
const key = (e: { collection: string; id: string }) => `${e.collection}/${e.id}`;

export function addToQuarantine(
	db: AppDatabase,
	entries: Omit<QuarantineEntry, 'serverState'>[],
	serverStates: Map<string, unknown>
) {
	return updateLocal<Record<string, QuarantineEntry>>(db, KEY, {}, (q) => {
		const next = { ...q };
		for (const e of entries) {
			const server = serverStates.get(key(e));
			next[key(e)] = { ...e, serverState: server ? sealLocal(db, server) : null };
		}
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

export async function quarantinedServerState(
	db: AppDatabase,
	collection: string,
	id: string
): Promise<Record<string, unknown> | undefined> {
	const q = await readLocal<Record<string, QuarantineEntry>>(db, KEY, {});
	const e = q[key({ collection, id })];
	if (!e) return undefined;
	return e.serverState ? openLocal<Record<string, unknown>>(db, e.serverState) : undefined;
}

export const readQuarantine = async (db: AppDatabase) =>
	Object.values(await readLocal<Record<string, QuarantineEntry>>(db, KEY, {}));
export const watchQuarantine = (db: AppDatabase, cb: (entries: QuarantineEntry[]) => void) =>
	watchLocal<Record<string, QuarantineEntry>>(db, KEY, {}, (q) => cb(Object.values(q)));
