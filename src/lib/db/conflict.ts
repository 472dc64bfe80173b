import type { CollectionSpec } from '$domain/collections';
import { reviewShape } from '$domain/envelope';
import { mergeRecords, sameRecord, type MergeDoc } from '$domain/merge';
import { migrateRecord } from '$domain/records';
import { validateForVersion } from './validate';

function current(spec: CollectionSpec, doc: MergeDoc | undefined): MergeDoc | undefined {
	if (!doc || doc._deleted) return doc;
	const v = doc.schemaVersion;
	return typeof v === 'number' && v < spec.version
		? { ...migrateRecord(spec, doc), _deleted: false }
		: doc;
}

/**
 * What a record edited on the device (`local`) and on the server (`remote`) becomes: the
 * three-way merge of `merge.ts` against the version both started from (`base`). If the merged
 * record breaks a cross-field rule, every locally changed field goes to `conflicts` instead, so
 * the result is valid and still loses nothing.
 */
export function resolveEdits(
	spec: CollectionSpec,
	base: MergeDoc | undefined,
	local: MergeDoc,
	remote: MergeDoc
): MergeDoc {
	// Collections without the envelope's conflict list (device heartbeats, whose `conflicts` is a
	// count) have one writer per record: the newer version wins, there is no list to keep a loser.
	if (spec.schema.shape.conflicts !== reviewShape.conflicts) {
		return String(local.updatedAt ?? '') > String(remote.updatedAt ?? '') ? local : remote;
	}
	const l = current(spec, local)!;
	const r = current(spec, remote)!;
	let merged = mergeRecords(current(spec, base), l, r);
	if (!merged._deleted && !validateForVersion(spec, spec.version, merged).ok) {
		merged = mergeRecords(undefined, l, r);
	}
	// A merge that differs from the server's version is this device's write: the server
	// accepts it only in the name of the device's user, who made the local edit.
	if (!sameRecord(merged, r) && typeof l.updatedBy === 'string') {
		merged = { ...merged, updatedBy: l.updatedBy };
	}
	return merged;
}
