import { specOf, type AppDatabase, type RecordDoc } from './database';
import { SYNC_WRITE_CONTEXT } from './encryption';

/** One state of a record as a watcher sees it. */
export interface RecordState {
	doc: RecordDoc;
	deleted: boolean;
}

/**
 * Calls `onStates` once with every stored record (a decrypting scan), then with each batch of
 * changes. Cheaper than a live query, which rescans the collection on every pulled batch.
 */
export function followRecords(
	db: AppDatabase,
	collection: string,
	onStates: (states: RecordState[], initial: boolean) => void
): () => void {
	specOf(db, collection);
	const c = db.collections[collection];
	let stopped = false;
	const sub = c.eventBulks$.subscribe((bulk) => {
		onStates(
			bulk.events.map((ev) => ({
				doc: ev.documentData as unknown as RecordDoc,
				deleted: ev.operation === 'DELETE'
			})),
			false
		);
	});
	void c
		.find()
		.exec()
		.then((docs) => {
			if (!stopped)
				onStates(
					docs.map((d) => ({ doc: d.toJSON() as RecordDoc, deleted: false })),
					true
				);
			return undefined;
		});
	return () => {
		stopped = true;
		sub.unsubscribe();
	};
}

/** Calls `onWrite` after each write to the collection that did not come from the replicator. */
export function followLocalWrites(
	db: AppDatabase,
	collection: string,
	onWrite: () => void
): () => void {
	const sub = db.collections[collection].eventBulks$.subscribe((bulk) => {
		if (bulk.context !== SYNC_WRITE_CONTEXT) onWrite();
	});
	return () => sub.unsubscribe();
}

/** Resolves once this tab may replicate: only one tab per database does. */
export function waitForLeadership(db: AppDatabase): Promise<boolean> {
	return db.multiInstance ? db.waitForLeadership() : Promise.resolve(true);
}
