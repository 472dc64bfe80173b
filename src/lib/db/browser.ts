import { removeRxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openDatabase, type AppDatabase } from './database';

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
	await removeRxDatabase(databaseNameFor(username), getRxStorageDexie());
}
