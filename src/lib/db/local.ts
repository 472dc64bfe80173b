import { decryptString, encryptString } from 'rxdb/plugins/encryption-crypto-js';
import type { AppDatabase } from './database';

/**
 * Device-only bookkeeping (outbox, quarantine, sync times) in RxDB local
 * documents: stored with the database, never replicated, removed with it.
 */
const queues = new WeakMap<AppDatabase, Promise<unknown>>();

export async function readLocal<T>(db: AppDatabase, key: string, fallback: T): Promise<T> {
	const doc = await db.getLocal<{ value: T }>(key);
	return doc ? (doc.toJSON().data.value as T) : fallback;
}

/** Read-modify-write, serialized per database so concurrent saves do not lose entries. */
export function updateLocal<T>(
	db: AppDatabase,
	key: string,
	fallback: T,
	change: (v: T) => T
): Promise<T> {
	const prev = queues.get(db) ?? Promise.resolve();
	const next = prev
		.catch(() => undefined)
		.then(async () => {
			const value = change(await readLocal(db, key, fallback));
			await db.upsertLocal(key, { value });
			return value;
		});
	queues.set(db, next);
	return next;
}

/** Calls back with the current value and after every change; returns the unsubscribe function. */
export function watchLocal<T>(
	db: AppDatabase,
	key: string,
	fallback: T,
	onValue: (v: T) => void
): () => void {
	const sub = db.getLocal$<{ value: T }>(key).subscribe((doc) => {
		onValue(doc ? (doc.toJSON().data.value as T) : fallback);
	});
	return () => sub.unsubscribe();
}

/** Local documents are not covered by the encryption plugin; personal values go through this. */
export function sealLocal(db: AppDatabase, value: unknown): string {
	return encryptString(JSON.stringify(value), db.password as string);
}

export function openLocal<T>(db: AppDatabase, sealed: string): T {
	return JSON.parse(decryptString(sealed, db.password)) as T;
}
