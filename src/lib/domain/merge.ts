import type { Conflict } from './envelope';

/** A record as replication sees it: any synced record, plus CouchDB's deletion flag. */
export type MergeDoc = Record<string, unknown> & { _deleted?: boolean };

/** Fields every edit changes; they follow the newer side instead of producing conflicts. */
const TOUCH_FIELDS = new Set(['updatedAt', 'updatedBy']);
/** Fields the merge never treats as data: storage bookkeeping and the conflict list itself. */
const SKIP_FIELDS = new Set(['conflicts', '_rev', '_meta', '_attachments', ...TOUCH_FIELDS]);

/** Deep equality for JSON values; key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
		return false;
	}
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a)) {
		const bb = b as unknown[];
		return a.length === bb.length && a.every((v, i) => sameValue(v, bb[i]));
	}
	const ao = a as Record<string, unknown>;
	const bo = b as Record<string, unknown>;
	const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
	const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
	return ak.length === bk.length && ak.every((k) => sameValue(ao[k], bo[k]));
}

/** Equality as replication needs it: storage bookkeeping (`_meta`, `_rev`, …) is ignored. */
export function sameRecord(a: MergeDoc, b: MergeDoc): boolean {
	const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
	for (const k of keys) {
		if (k === '_rev' || k === '_meta' || k === '_attachments') continue;
		const av = k === '_deleted' ? !!a[k] : a[k];
		const bv = k === '_deleted' ? !!b[k] : b[k];
		if (!sameValue(av, bv)) return false;
	}
	return true;
}

function conflictKey(c: Conflict): string {
	return JSON.stringify([c.field, c.by, c.at, canonical(c.value)]);
}

function canonical(v: unknown): unknown {
	if (v === null || typeof v !== 'object') return v;
	if (Array.isArray(v)) return v.map(canonical);
	const o = v as Record<string, unknown>;
	return Object.keys(o)
		.filter((k) => o[k] !== undefined)
		.sort()
		.map((k) => [k, canonical(o[k])]);
}

function conflictsOf(doc: MergeDoc | undefined): Conflict[] {
	const c = doc?.conflicts;
	return Array.isArray(c) ? (c as Conflict[]) : [];
}

/** Union of conflict lists in order of first appearance, without duplicates. */
export function unionConflicts(...lists: Conflict[][]): Conflict[] {
	const seen = new Set<string>();
	const out: Conflict[] = [];
	for (const list of lists) {
		for (const c of list) {
			const key = conflictKey(c);
			if (seen.has(key)) continue;
			seen.add(key);
			out.push(c);
		}
	}
	return out;
}

function changed(base: MergeDoc | undefined, side: MergeDoc, field: string): boolean {
	if (!base) return true;
	return !sameValue(base[field], side[field]);
}

function stringOr(v: unknown, fallback: string): string {
	return typeof v === 'string' && v ? v : fallback;
}

/**
 * Three-way merge of a record edited on the device (`local`) and on the
 * server (`remote`) since their common ancestor (`base`, RxDB's assumed
 * master state; undefined when both created the same id independently).
 *
 * A field changed on one side only takes that side's value. A field changed
 * on both sides to different values keeps the server's value and the
 * device's value is appended to `conflicts`, so nothing typed is lost.
 * Conflicts already recorded on either side are kept (deduplicated).
 */
export function mergeRecords(
	base: MergeDoc | undefined,
	local: MergeDoc,
	remote: MergeDoc
): MergeDoc & { conflicts?: Conflict[] } {
	const out: MergeDoc = {};
	const lost: Conflict[] = [];
	const localBy = stringOr(local.updatedBy, 'unknown');
	const localAt = stringOr(local.updatedAt, new Date(0).toISOString());
	const fields = new Set([...Object.keys(remote), ...Object.keys(local)]);
	for (const field of fields) {
		if (SKIP_FIELDS.has(field)) continue;
		const l = local[field];
		const r = remote[field];
		if (field === '_deleted') {
			// A deletion on either side wins: a deleted record must not come back by itself.
			out._deleted = !!l || !!r;
			continue;
		}
		const localChanged = changed(base, local, field);
		const remoteChanged = changed(base, remote, field);
		let value: unknown;
		if (!localChanged) value = r;
		else if (!remoteChanged) value = l;
		else {
			value = r;
			if (!sameValue(l, r) && l !== undefined) {
				lost.push({ field, value: l, by: localBy, at: localAt });
			}
		}
		if (value !== undefined) out[field] = value;
	}
	const localNewer = localAt > stringOr(remote.updatedAt, '');
	for (const field of TOUCH_FIELDS) {
		const v = localNewer ? local[field] : remote[field];
		if (v !== undefined) out[field] = v;
	}
	const conflicts = unionConflicts(conflictsOf(remote), conflictsOf(local), lost);
	if (conflicts.length > 0 || 'conflicts' in remote || 'conflicts' in local) {
		out.conflicts = conflicts;
	}
	return out;
}

/**
 * A person's decision on one recorded conflict: keep the current value, or
 * take the losing one. Either way that conflict entry is closed; the other
 * entries for the same field stay until decided too.
 */
export function resolveConflict<T extends MergeDoc>(
	record: T,
	conflict: Conflict,
	choice: 'keepCurrent' | 'useConflicting'
): T {
	const key = conflictKey(conflict);
	const rest = conflictsOf(record).filter((c) => conflictKey(c) !== key);
	const next: MergeDoc = { ...record, conflicts: rest };
	if (choice === 'useConflicting') next[conflict.field] = conflict.value;
	return next as T;
}
