import { specOf, type AppDatabase, type RecordDoc } from './database';
import { validateForVersion } from './validate';
import { addToOutbox } from './outbox';
import { isQuotaError, RecordValidationError, StorageFullError } from './errors';

function validate(db: AppDatabase, collection: string, record: Record<string, unknown>) {
	const spec = specOf(db, collection);
	return validateForVersion(spec, spec.version, record);
}

function collectionOf(db: AppDatabase, name: string) {
	const c = db.collections[name];
	if (!c) throw new Error(`unknown collection ${name}`);
	return c;
}

async function storing<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (err) {
		if (isQuotaError(err)) throw new StorageFullError(err);
		throw err;
	}
}

/**
 * Inserts or replaces a whole record after validating it with its zod schema.
 * This is how features write: an invalid record throws a RecordValidationError
 * naming each field, a full disk throws a StorageFullError; nothing half-written.
 */
export async function saveRecord(
	db: AppDatabase,
	collection: string,
	record: RecordDoc
): Promise<RecordDoc> {
	const checked = validate(db, collection, record);
	if (!checked.ok) throw new RecordValidationError(collection, record.id, checked.issues);
	const doc = await storing(() =>
		collectionOf(db, collection).incrementalUpsert(checked.value as RecordDoc)
	);
	const saved = doc.toMutableJSON() as RecordDoc;
	await storing(() => addToOutbox(db, collection, [{ ...saved, _rev: doc.revision }]));
	return saved;
}

/**
 * Applies `change` to the stored record and saves the result under the same rules as saveRecord.
 * A `change` that returns the record it was given means "nothing to change": nothing is written,
 * since any RxDB write is a new revision in this device's name that would then sync.
 */
export async function updateRecord(
	db: AppDatabase,
	collection: string,
	id: string,
	change: (current: RecordDoc) => RecordDoc
): Promise<RecordDoc> {
	const doc = await collectionOf(db, collection).findOne(id).exec();
	if (!doc) throw new Error(`${collection}/${id} not found`);
	type Outcome =
		| { kind: 'unchanged' }
		| { kind: 'refused'; error: RecordValidationError }
		| { kind: 'changed'; value: RecordDoc };
	const apply = (current: RecordDoc): Outcome => {
		const given = structuredClone(current);
		const next = change(given);
		if (next === given) return { kind: 'unchanged' };
		const checked = validate(db, collection, next);
		if (!checked.ok)
			return { kind: 'refused', error: new RecordValidationError(collection, id, checked.issues) };
		return { kind: 'changed', value: checked.value as RecordDoc };
	};
	// Decided on the record as read, so a refused or empty change never reaches the write queue.
	const first = apply(doc.toMutableJSON() as RecordDoc);
	if (first.kind === 'unchanged') return doc.toMutableJSON() as RecordDoc;
	if (first.kind === 'refused') throw first.error;
	let refused: RecordValidationError | undefined;
	const saved = await storing(() =>
		// Applied again to the newest state: another tab or a pull may have written in between.
		doc.incrementalModify((current) => {
			// The common case: nothing wrote in between, so the checked result stands.
			const r = current._rev === doc.revision ? first : apply(current as RecordDoc);
			if (r.kind === 'changed') return r.value;
			if (r.kind === 'refused') refused = r.error;
			return current;
		})
	);
	if (refused) throw refused;
	const out = saved.toMutableJSON() as RecordDoc;
	await storing(() => addToOutbox(db, collection, [{ ...out, _rev: saved.revision }]));
	return out;
}

/** Marks a record deleted; the deletion replicates like any other change. */
export async function removeRecord(db: AppDatabase, collection: string, id: string): Promise<void> {
	const doc = await collectionOf(db, collection).findOne(id).exec();
	if (!doc) return;
	const removed = await storing(() => doc.remove());
	await addToOutbox(db, collection, [{ ...doc.toMutableJSON(), _rev: removed.revision }]);
}

/** Saves many records of one collection in one write (imports, tests); each is validated first. */
export async function saveRecords(
	db: AppDatabase,
	collection: string,
	records: RecordDoc[]
): Promise<void> {
	const values: RecordDoc[] = [];
	for (const r of records) {
		const checked = validate(db, collection, r);
		if (!checked.ok) throw new RecordValidationError(collection, r.id, checked.issues);
		values.push(checked.value as RecordDoc);
	}
	const res = await storing(() => collectionOf(db, collection).bulkUpsert(values));
	if (res.error.length > 0) throw new Error(`${collection}: ${res.error.length} records not saved`);
	const saved = res.success.map((d) => ({ ...d.toMutableJSON(), _rev: d.revision }));
	await storing(() => addToOutbox(db, collection, saved));
}
