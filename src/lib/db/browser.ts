import { removeRxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openDatabase, type AppDatabase } from './database';
import { forRemoval } from './encryption';

/** RxDB database names allow `[a-z0-9_$-]`; usernames may also hold `.`. */
export function databaseNameFor(username: string): string {
	return `tramso_${username.replace(/[^a-z0-9-]/g, (c) => `$${c.charCodeAt(0).toString(16)}`)}`;
}

/** The volunteer's encrypted IndexedDB database (RxDB over Dexie). */
export function openBrowserDatabase(username: string, password: string): Promise<AppDatabase> {
	return openDatabase({ name: databaseNameFor(username), password, storage: getRxStorageDexie() });
}

/** Deletes every IndexedDB store of that volunteer's database. */
export async function removeBrowserDatabase(username: string): Promise<void> {
	const name = databaseNameFor(username);
	await removeRxDatabase(name, forRemoval(getRxStorageDexie()));
	// RxDB's Dexie storage empties its stores but leaves one IndexedDB database per store behind.
	const prefix = `rxdb-dexie-${name}--`;
	for (const info of await indexedDB.databases()) {
		if (info.name?.startsWith(prefix)) await deleteIndexedDb(info.name);
	}
}

function deleteIndexedDb(name: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.deleteDatabase(name);
		req.onsuccess = () => resolve();
		req.onerror = () => reject(req.error ?? new Error(`could not delete ${name}`));
		// Another tab still holds it open: the browser deletes it as soon as that tab lets go.
		req.onblocked = () => resolve();
	});
}
