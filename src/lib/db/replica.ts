import {
	createRevision,
	getHeightOfRevision,
	normalizeMangoQuery,
	now,
	prepareQuery,
	type BulkWriteRow,
	type MangoQuerySelector,
	type RxDocumentMeta
} from 'rxdb';
import type { CollectionSpec } from '$domain/collections';
import { sameRecord, type MergeDoc } from '$domain/merge';
import { migrateRecord } from '$domain/records';
import type { FieldIssue } from '$domain/validation';
import { resolveEdits } from './conflict';
import type { SealedInstance, StoredDoc, SyncedRow } from './encryption';
import { isQuotaError, StorageFullError } from './errors';
import { noMeter, type StageMeter } from './stages';
import { validateForVersion } from './validate';

/**
 * Sync bookkeeping in `_meta` of every stored record (RxDB allows extra `_meta` keys and copies
 * them on its own writes). Only the replicator sets `s`; the app's first edit drops it.
 */
type SyncMeta = RxDocumentMeta & {
	/** CouchDB revision of the server version this record last matched: the base of a merge. */
	r?: string;
	/** Local revision height at which the record matched that version. */
	s?: number;
	/** That server version, sealed, kept while the record has edits the server lacks. */
	b?: string;
};

/** A record as the server sends it, in CouchDB's shape. */
export type CouchDoc = { _id: string; _rev: string; _deleted?: boolean } & Record<string, unknown>;

/** A record with edits the server does not have yet, as found by `editsSince`. */
export interface LocalEdit {
	id: string;
	/** The record's fields and deletion flag. */
	record: MergeDoc;
	/** Revision on the server of the version it was edited from; none for a record made here. */
	serverRev: string | undefined;
	readonly plain: StoredDoc;
	readonly stored: StoredDoc;
}

/** Where `editsSince` stopped: last-write time and id of the last record it read. */
export interface PushCheckpoint {
	lwt: number;
	id: string;
}

/** A record that now matches the server, at this local revision. */
export interface Synced {
	id: string;
	rev: string;
}

export interface PullOutcome {
	written: number;
	/** Already held in that version, or edited here (the next push merges it). */
	unchanged: number;
	/** Invalid for this app version; not stored. */
	refused: { id: string; issues: FieldIssue[] }[];
}

/** The database as this module needs it (the RxDB database; not imported, to keep imports acyclic). */
interface Db {
	/** Stamped into the local revisions this device writes. */
	readonly token: string;
}

interface Replica {
	instance: SealedInstance;
	spec: CollectionSpec;
}

const replicas = new WeakMap<Db, ReadonlyMap<string, Replica>>();
const meters = new WeakMap<Db, StageMeter>();

/** Called by openDatabase with each record collection's storage and spec. */
export function registerReplicas(
	db: Db,
	collections: ReadonlyMap<string, Replica>,
	meter: StageMeter
): void {
	replicas.set(db, collections);
	meters.set(db, meter);
}

function replicaOf(db: Db, collection: string): Replica {
	const r = replicas.get(db)?.get(collection);
	if (!r) throw new Error(`unknown collection ${collection}`);
	return r;
}

const replica = (db: Db, collection: string) => replicaOf(db, collection).instance;
const specOf = (db: Db, collection: string) => replicaOf(db, collection).spec;

const metaOf = (doc: StoredDoc) => doc._meta as SyncMeta;
const isClean = (doc: StoredDoc) => metaOf(doc).s === getHeightOfRevision(doc._rev);

/** A stored document's fields and deletion flag, without RxDB's bookkeeping. */
function recordOf(doc: StoredDoc): MergeDoc {
	const { _rev: _r, _meta: _m, _attachments: _a, ...record } = doc;
	return { ...record, _deleted: !!doc._deleted };
}

/** A CouchDB document as a record of the current version (older versions arrive migrated). */
function fromCouch(spec: CollectionSpec, doc: CouchDoc): MergeDoc {
	const record: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_')) record[k] = v;
	record.id = doc._id;
	const old = typeof record.schemaVersion === 'number' && record.schemaVersion < spec.version;
	return {
		...(old && !doc._deleted ? migrateRecord(spec, record) : record),
		_deleted: !!doc._deleted
	};
}

function storedDoc(record: MergeDoc, rev: string, meta: SyncMeta): StoredDoc {
	return { ...record, _deleted: !!record._deleted, _attachments: {}, _rev: rev, _meta: meta };
}

async function writing<T>(write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (err) {
		if (isQuotaError(err)) throw new StorageFullError(err);
		throw err;
	}
}

/** Writes rows; returns the ids that met a newer local version (409) with that version. */
async function writeRows(inst: SealedInstance, rows: SyncedRow[]): Promise<Map<string, StoredDoc>> {
	const res = await writing(() => inst.writeSynced(rows));
	const newer = new Map<string, StoredDoc>();
	for (const e of res.error) {
		if (e.status === 409 && 'documentInDb' in e && e.documentInDb) {
			newer.set(e.documentId, e.documentInDb);
		} else {
			const err = new Error(`${inst.collectionName}/${e.documentId}: not stored (${e.status})`);
			throw isQuotaError(e) ? new StorageFullError(e) : err;
		}
	}
	return newer;
}

/**
 * The app's writes (through RxDB) keep the record's sync bookkeeping: the server revision it
 * came from and, on the first edit of a version that matched the server, that version as the
 * base a later merge needs. RxDB's upserts start `_meta` afresh, so it is carried over here.
 */
export async function carrySyncState(
	rows: BulkWriteRow<Record<string, unknown>>[],
	instance: SealedInstance
): Promise<BulkWriteRow<Record<string, unknown>>[]> {
	return Promise.all(
		rows.map(async (row) => {
			const prev = row.previous;
			if (!prev) return row;
			const before = metaOf(prev);
			const { s: _s, b: _b, r: _r, ...meta } = row.document._meta as SyncMeta;
			const next: SyncMeta = { ...meta };
			if (before.r) next.r = before.r;
			const base = isClean(prev) ? await instance.sealValue(recordOf(prev)) : before.b;
			if (base) next.b = base;
			return { previous: prev, document: { ...row.document, _meta: next } };
		})
	);
}

/** Current local revision height of each record that matches the server; Infinity if gone. */
export async function syncedHeights(
	db: Db,
	collection: string,
	ids: string[]
): Promise<Map<string, number>> {
	const found = await replica(db, collection).stored.findDocumentsById(ids, true);
	const out = new Map<string, number>(ids.map((id) => [id, Infinity]));
	for (const d of found) {
		if (isClean(d)) out.set(String(d.id), getHeightOfRevision(d._rev));
		else out.delete(String(d.id));
	}
	return out;
}

/**
 * The server's version of a record as this device last saw it: the merge base of an edited
 * record, the record itself when it matches the server, undefined for one the server never had.
 */
export async function serverVersion(
	db: Db,
	collection: string,
	id: string
): Promise<MergeDoc | undefined> {
	const inst = replica(db, collection);
	const [stored] = await inst.stored.findDocumentsById([id], true);
	if (!stored) return undefined;
	const meta = metaOf(stored);
	if (isClean(stored)) return meta.r ? recordOf(await inst.open(stored)) : undefined;
	return meta.b ? ((await inst.openValue(meta.b)) as MergeDoc) : undefined;
}

/** True when the collection holds no record at all, not even a deleted one. */
export async function isEmptyCollection(db: Db, collection: string): Promise<boolean> {
	const inst = replica(db, collection);
	const q = normalizeMangoQuery(inst.schema, { selector: {}, sort: [{ id: 'asc' }], limit: 1 });
	return (await inst.stored.query(prepareQuery(inst.schema, q))).documents.length === 0;
}

/** Pulled records decided, validated and sealed: the CPU and crypto half of storing them. */
export interface PreparedPull {
	readonly collection: string;
	readonly byId: ReadonlyMap<string, CouchDoc>;
	readonly local: Map<string, StoredDoc>;
	rows: SyncedRow[];
	readonly outcome: PullOutcome;
}

/**
 * Prepares records pulled from the server. A record already held in that version is skipped
 * without decrypting anything (echoes of our own pushes, repeated pages), and one edited on the
 * device is left for the push to merge. `fresh`: the collection was empty when the pull began,
 * so nothing is read first; a record written meanwhile is still found, as a write conflict.
 */
export async function preparePull(
	db: Db,
	collection: string,
	docs: CouchDoc[],
	fresh = false
): Promise<PreparedPull> {
	const inst = replica(db, collection);
	const byId = new Map(docs.map((d) => [d._id, d]));
	const local = fresh
		? new Map<string, StoredDoc>()
		: new Map(
				(await inst.stored.findDocumentsById([...byId.keys()], true)).map((d) => [String(d.id), d])
			);
	const prepared: PreparedPull = {
		collection,
		byId,
		local,
		rows: [],
		outcome: { written: 0, unchanged: 0, refused: [] }
	};
	prepared.rows = await decide(db, prepared, [...byId.values()]);
	return prepared;
}

async function decide(db: Db, p: PreparedPull, pending: CouchDoc[]): Promise<SyncedRow[]> {
	const inst = replica(db, p.collection);
	const spec = specOf(db, p.collection);
	const meter = meters.get(db) ?? noMeter;
	const rows: SyncedRow[] = [];
	const end = meter.begin('validate');
	meter.count('validate', pending.length);
	for (const remote of pending) {
		const held = p.local.get(remote._id);
		const known = held && metaOf(held).r === remote._rev;
		if ((!held && remote._deleted) || known || (held && !isClean(held))) {
			p.outcome.unchanged++;
			continue;
		}
		const record = fromCouch(spec, remote);
		if (!record._deleted) {
			const checked = validateForVersion(spec, spec.version, record);
			if (!checked.ok) {
				p.outcome.refused.push({ id: remote._id, issues: checked.issues });
				continue;
			}
		}
		const rev = createRevision(db.token, held);
		const meta: SyncMeta = { lwt: now(), r: remote._rev, s: getHeightOfRevision(rev) };
		rows.push({ previous: held, document: storedDoc(record, rev, meta) });
	}
	end();
	await Promise.all(rows.map(async (r) => (r.stored = await inst.sealDoc(r.document))));
	return rows;
}

/** Writes prepared records; one written meanwhile on the device is decided again. */
export async function writePull(db: Db, p: PreparedPull): Promise<PullOutcome> {
	const inst = replica(db, p.collection);
	while (p.rows.length) {
		const newer = await writeRows(inst, p.rows);
		p.outcome.written += p.rows.length - newer.size;
		for (const [id, doc] of newer) p.local.set(id, doc);
		p.rows = await decide(
			db,
			p,
			[...newer.keys()].map((id) => p.byId.get(id)!)
		);
	}
	return p.outcome;
}

/** Stores records pulled from the server (see `preparePull`). */
export async function storePulled(
	db: Db,
	collection: string,
	docs: CouchDoc[],
	fresh = false
): Promise<PullOutcome> {
	return writePull(db, await preparePull(db, collection, docs, fresh));
}

/**
 * Records written after `since` (by last-write time, then id) that the server lacks: a range
 * read of RxDB's `[_meta.lwt, id]` index, filtered on plaintext bookkeeping, so only edited
 * records are decrypted. RxDB's own scan re-reads every record sharing one write time per batch.
 */
export async function editsSince(
	db: Db,
	collection: string,
	since: PushCheckpoint | null,
	limit: number
): Promise<{ edits: LocalEdit[]; next: PushCheckpoint | null; scanned: number }> {
	const inst = replica(db, collection);
	const read = async (selector: MangoQuerySelector<StoredDoc>, n: number) => {
		const q = normalizeMangoQuery(inst.schema, {
			selector,
			sort: [{ '_meta.lwt': 'asc' }, { id: 'asc' }],
			index: ['_meta.lwt', 'id'],
			limit: n
		} as never);
		return (await inst.stored.query(prepareQuery(inst.schema, q))).documents;
	};
	const rows = since
		? await read({ '_meta.lwt': since.lwt, id: { $gt: since.id } } as never, limit)
		: [];
	if (rows.length < limit) {
		rows.push(
			...(await read(
				(since ? { '_meta.lwt': { $gt: since.lwt } } : {}) as never,
				limit - rows.length
			))
		);
	}
	const last = rows.at(-1);
	const next = last ? { lwt: last._meta.lwt, id: String(last.id) } : since;
	const edits = await Promise.all(
		rows
			.filter((d) => !isClean(d))
			.map(async (stored): Promise<LocalEdit> => {
				const plain = await inst.open(stored);
				return {
					id: String(stored.id),
					record: recordOf(plain),
					serverRev: metaOf(stored).r,
					plain,
					stored
				};
			})
	);
	return { edits, next, scanned: rows.length };
}

/**
 * The server took these edits as revision `rev` (none: it has nothing, as for a deletion of a
 * record it never got): they become its version, without re-encrypting anything.
 */
export async function markPushed(
	db: Db,
	collection: string,
	pushed: { edit: LocalEdit; rev: string | undefined }[]
): Promise<Synced[]> {
	const inst = replica(db, collection);
	const rows = pushed.map(({ edit, rev }): SyncedRow => {
		const next = createRevision(db.token, edit.plain);
		const meta: SyncMeta = { lwt: now(), s: getHeightOfRevision(next), ...(rev ? { r: rev } : {}) };
		return {
			previous: edit.plain,
			document: { ...edit.plain, _rev: next, _meta: meta },
			stored: { ...edit.stored, _rev: next, _meta: meta }
		};
	});
	const newer = await writeRows(inst, rows);
	const synced = rows.flatMap((r) => {
		const id = String(r.document.id);
		return newer.has(id) ? [] : [{ id, rev: r.document._rev }];
	});
	// Edited again while the push was on its way: the pushed version is now that edit's base.
	const byId = new Map(pushed.map((p) => [p.edit.id, p]));
	for (let docs = newer; docs.size;) {
		const again = await Promise.all(
			[...docs].map(async ([id, doc]): Promise<SyncedRow> => {
				const { edit, rev } = byId.get(id)!;
				const { s: _s, r: _r, ...meta } = metaOf(doc);
				const b = await inst.sealValue(edit.record);
				const synced: SyncMeta = { ...meta, lwt: now(), b, ...(rev ? { r: rev } : {}) };
				return {
					previous: doc,
					document: { ...doc, _rev: createRevision(db.token, doc), _meta: synced }
				};
			})
		);
		docs = await writeRows(inst, again);
	}
	return synced;
}

/**
 * After the server answered "conflict": merges each edit with the server's current version
 * (`remote`; null if the server no longer shows it, then the record is written again unchanged
 * to be pushed once more). Returns the ids now equal to the server's version, the ids merged
 * (to be pushed), and those whose merge is not a valid record (left as they are).
 */
export async function storeServerVersions(
	db: Db,
	collection: string,
	items: { edit: LocalEdit; remote: CouchDoc | null }[]
): Promise<{
	settled: Synced[];
	merged: string[];
	invalid: { id: string; issues: FieldIssue[] }[];
}> {
	const inst = replica(db, collection);
	const spec = specOf(db, collection);
	const out = {
		settled: [] as Synced[],
		merged: [] as string[],
		invalid: [] as { id: string; issues: FieldIssue[] }[]
	};
	let todo = items.map((i) => ({ remote: i.remote, doc: i.edit.plain }));
	while (todo.length) {
		const rows: SyncedRow[] = [];
		const kinds = new Map<string, 'settled' | 'merged'>();
		for (const { remote, doc } of todo) {
			const id = String(doc.id);
			const meta = metaOf(doc);
			const rev = createRevision(db.token, doc);
			if (!remote) {
				rows.push({
					previous: doc,
					document: { ...doc, _rev: rev, _meta: { ...meta, lwt: now() } }
				});
				kinds.set(id, 'merged');
				continue;
			}
			const theirs = fromCouch(spec, remote);
			const base = meta.b ? ((await inst.openValue(meta.b)) as MergeDoc) : undefined;
			const merged = resolveEdits(spec, base, recordOf(doc), theirs);
			if (sameRecord(merged, theirs)) {
				rows.push({
					previous: doc,
					document: storedDoc(theirs, rev, {
						lwt: now(),
						r: remote._rev,
						s: getHeightOfRevision(rev)
					})
				});
				kinds.set(id, 'settled');
				continue;
			}
			const checked = merged._deleted ? null : validateForVersion(spec, spec.version, merged);
			if (checked && !checked.ok) {
				out.invalid.push({ id, issues: checked.issues });
				continue;
			}
			const b = await inst.sealValue(theirs);
			rows.push({
				previous: doc,
				document: storedDoc({ ...merged, id }, rev, { lwt: now(), r: remote._rev, b })
			});
			kinds.set(id, 'merged');
		}
		if (!rows.length) break;
		const newer = await writeRows(inst, rows);
		for (const row of rows) {
			const id = String(row.document.id);
			if (newer.has(id)) continue;
			if (kinds.get(id) === 'settled') out.settled.push({ id, rev: row.document._rev });
			else out.merged.push(id);
		}
		const remotes = new Map(todo.map((t) => [String(t.doc.id), t.remote]));
		todo = [...newer].map(([id, doc]) => ({ remote: remotes.get(id) ?? null, doc }));
	}
	return out;
}
