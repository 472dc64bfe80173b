import type { RxConflictHandler } from 'rxdb';
import type { CollectionSpec } from '$domain/collections';
import { reviewShape } from '$domain/envelope';
import { mergeRecords, sameRecord, type MergeDoc } from '$domain/merge';
import { migrateRecord } from '$domain/records';
import type { AppDatabase, RecordDoc } from './database';
import { quarantinedServerState } from './quarantine';
import { validateForVersion } from './validate';

function current(spec: CollectionSpec, doc: MergeDoc | undefined): MergeDoc | undefined {
	if (!doc || doc._deleted) return doc;
	const v = doc.schemaVersion;
	return typeof v === 'number' && v < spec.version
		? { ...migrateRecord(spec, doc), _deleted: false }
		: doc;
}

/**
 * Replaces RxDB's default handler (server wins, offline edit dropped) with the
 * three-way merge of `merge.ts`. If the merged record breaks a cross-field
 * rule, every locally changed field goes to `conflicts` instead, so the
 * result is valid and still loses nothing.
 */
export function mergingConflictHandler(
	db: AppDatabase,
	spec: CollectionSpec
): RxConflictHandler<RecordDoc> {
	// Collections without the envelope's conflict list (device heartbeats, whose `conflicts` is a
	// count) have one writer per record: the newer version wins, there is no list to keep a loser.
	const hasConflictList = spec.schema.shape.conflicts === reviewShape.conflicts;
	return {
		isEqual: (a, b) => sameRecord(a as MergeDoc, b as MergeDoc),
		async resolve(input) {
			if (!hasConflictList) {
				const l = String(input.newDocumentState.updatedAt ?? '');
				const r = String(input.realMasterState.updatedAt ?? '');
				return l > r ? input.newDocumentState : input.realMasterState;
			}
			const local = current(spec, input.newDocumentState as MergeDoc) as MergeDoc;
			const remote = current(spec, input.realMasterState as MergeDoc) as MergeDoc;
			// A quarantined document's assumed master is the refused version, not what the server holds.
			const quarantineBase = await quarantinedServerState(db, spec.name, String(local.id));
			const base = current(
				spec,
				(quarantineBase as MergeDoc | undefined) ??
					(input.assumedMasterState as MergeDoc | undefined)
			);
			let merged = mergeRecords(base, local, remote);
			if (!merged._deleted && !validateForVersion(spec, spec.version, merged).ok) {
				merged = mergeRecords(undefined, local, remote);
			}
			// A merge that differs from the server's version is this device's write: the server
			// accepts it only in the name of the device's user, who made the local edit.
			if (!sameRecord(merged, remote) && typeof local.updatedBy === 'string') {
				merged = { ...merged, updatedBy: local.updatedBy };
			}
			return merged as typeof input.realMasterState;
		}
	};
}
