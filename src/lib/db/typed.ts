import type { AddressPoint } from '$domain/address';
import type { Dossier } from '$domain/dossier';
import type { Heartbeat } from '$domain/heartbeat';
import type { Household } from '$domain/household';
import type { Resident } from '$domain/resident';
import type { AppDatabase, RecordDoc } from './database';
import { saveRecord, updateRecord } from './records';

/** The record type each collection holds, as its domain schema reads it. */
export interface RecordTypes {
	addresses: AddressPoint;
	dossiers: Dossier;
	heartbeats: Heartbeat;
	households: Household;
	residents: Resident;
}
export type RecordName = keyof RecordTypes;
export type RecordOf<N extends RecordName> = RecordTypes[N];

// Records were validated with their collection's schema on every write (`records.ts`), so what
// the store gives back is that collection's record type: the one place this is asserted.
const typed = <N extends RecordName>(doc: RecordDoc) => doc as unknown as RecordOf<N>;
const untyped = <N extends RecordName>(record: RecordOf<N>) => record as unknown as RecordDoc;

export async function getRecord<N extends RecordName>(
	db: AppDatabase,
	collection: N,
	id: string
): Promise<RecordOf<N> | null> {
	const doc = await db.collections[collection].findOne(id).exec();
	return doc ? typed<N>(doc.toMutableJSON()) : null;
}

/** Every record of the collection, or those matching a Mango `selector` on indexed fields. */
export async function findRecords<N extends RecordName>(
	db: AppDatabase,
	collection: N,
	selector: Record<string, unknown> = {}
): Promise<RecordOf<N>[]> {
	const docs = await db.collections[collection].find({ selector }).exec();
	return docs.map((d) => typed<N>(d.toMutableJSON()));
}

/** Calls `onChange` with every record of the collection now and after each change; returns stop. */
export function watchRecords<N extends RecordName>(
	db: AppDatabase,
	collection: N,
	onChange: (records: RecordOf<N>[]) => void
): () => void {
	const sub = db.collections[collection]
		.find()
		.$.subscribe((docs) => onChange(docs.map((d) => typed<N>(d.toJSON() as RecordDoc))));
	return () => sub.unsubscribe();
}

/** `saveRecord` with the collection's record type. */
export async function saveTyped<N extends RecordName>(
	db: AppDatabase,
	collection: N,
	record: RecordOf<N>
): Promise<RecordOf<N>> {
	return typed<N>(await saveRecord(db, collection, untyped<N>(record)));
}

/** `updateRecord` with the collection's record type. */
export async function updateTyped<N extends RecordName>(
	db: AppDatabase,
	collection: N,
	id: string,
	change: (current: RecordOf<N>) => RecordOf<N>
): Promise<RecordOf<N>> {
	return typed<N>(
		await updateRecord(db, collection, id, (current) => {
			const given = typed<N>(current);
			const next = change(given);
			// The same object back means "nothing to change" (`updateRecord`).
			return next === given ? current : untyped<N>(next);
		})
	);
}
