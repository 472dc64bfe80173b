import { removeRxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openDatabase, type AppDatabase } from './database';
import { forRemoval } from './encryption';

/** RxDB database names allow `[a-z0-9_$-]`; usernames may also hold `.`. */
export function databaseNameFor(username: string): string {
	return `tramso_${username.replace(/[^a-z0-9-]/g, (c) => `$${c.charCodeAt(0).toString(16)}`)}`;
}

/** The first line of the sales notice RxDB's free Dexie storage prints on its first write. */
const PREMIUM_NOTICE = '-------------- RxDB Open Core RxStorage';
type QuietWarn = typeof console.warn & { rxdbNoticeFiltered?: true };

/**
 * Production builds drop that one notice from the console (nothing else):
 * it is advertising, not a fault, and it is the first thing a technician
 * debugging a volunteer's phone would read. Behaviour and limits are unchanged.
 */
function filterPremiumNotice(): void {
	if (!import.meta.env.PROD || (console.warn as QuietWarn).rxdbNoticeFiltered) return;
	const warn = console.warn.bind(console);
	const filtered: QuietWarn = (...args: unknown[]) => {
		if (typeof args[0] === 'string' && args[0].startsWith(PREMIUM_NOTICE)) return;
		warn(...args);
	};
	filtered.rxdbNoticeFiltered = true;
	console.warn = filtered;
}

/** The volunteer's encrypted IndexedDB database (RxDB over Dexie). */
export function openBrowserDatabase(username: string, password: string): Promise<AppDatabase> {
	filterPremiumNotice();
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
