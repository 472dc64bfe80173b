import { randomToken, type RxStorageInstance } from 'rxdb';
import { fromStorageToDexie } from 'rxdb/plugins/storage-dexie';
import type { StoredDoc } from './stored';

/**
 * What RxDB's Dexie storage instance holds (rxdb is pinned in package.json for this): its
 * `docs` table, the boolean index fields it stores as '0'/'1', and the subject its change
 * stream (and the other tabs) listen to.
 */
interface DexieInternals {
	dexieTable: { bulkAdd(rows: unknown[]): Promise<unknown> };
	booleanIndexes: string[];
}
interface DexieInstance {
	internals: Promise<DexieInternals>;
	changes$: { next(bulk: unknown): void };
	storage: { name: string };
}

type Instance = RxStorageInstance<Record<string, unknown>, unknown, unknown>;

function dexieOf(instance: Instance): DexieInstance | null {
	const d = instance as unknown as Partial<DexieInstance>;
	return d.storage?.name === 'dexie' && d.changes$ && d.internals instanceof Promise
		? (d as DexieInstance)
		: null;
}

/**
 * Adds records the store does not hold yet straight to RxDB's Dexie table, without the read
 * of every id RxDB makes before each write, then emits the change events RxDB would. Returns
 * the ids that were already there (left as they were), or null for another storage.
 */
export async function addNew(
	instance: Instance,
	docs: StoredDoc[],
	context: string
): Promise<Set<string> | null> {
	const dexie = dexieOf(instance);
	if (!dexie) return null;
	const { dexieTable, booleanIndexes } = await dexie.internals;
	const existing = new Set<string>();
	try {
		await dexieTable.bulkAdd(docs.map((d) => fromStorageToDexie(booleanIndexes, d)));
	} catch (err) {
		const failures = (err as { failuresByPos?: Record<number, { name?: string }> }).failuresByPos;
		if (!failures) throw err;
		for (const [pos, e] of Object.entries(failures)) {
			if (e.name !== 'ConstraintError') throw err;
			existing.add(String(docs[Number(pos)].id));
		}
	}
	const added = docs.filter((d) => !existing.has(String(d.id)));
	const last = added.at(-1);
	if (last) {
		dexie.changes$.next({
			id: randomToken(10),
			events: added.map((d) => ({
				documentId: String(d.id),
				isLocal: false,
				operation: 'INSERT',
				documentData: d,
				previousDocumentData: undefined
			})),
			checkpoint: { id: String(last.id), lwt: last._meta.lwt },
			context
		});
	}
	return existing;
}
