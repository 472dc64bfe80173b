import type { Page } from '@playwright/test';

/** Every value in every IndexedDB object store of the origin, as one string. */
export async function rawIndexedDb(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const out: string[] = [];
		for (const info of await indexedDB.databases()) {
			if (!info.name) continue;
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const req = indexedDB.open(info.name!);
				req.onsuccess = () => resolve(req.result);
				req.onerror = () => reject(req.error);
			});
			for (const store of Array.from(db.objectStoreNames)) {
				const values = await new Promise<unknown[]>((resolve, reject) => {
					const req = db.transaction(store).objectStore(store).getAll();
					req.onsuccess = () => resolve(req.result);
					req.onerror = () => reject(req.error);
				});
				out.push(JSON.stringify(values));
			}
			db.close();
		}
		return out.join('\n');
	});
}
