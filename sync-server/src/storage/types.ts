import type { IncomingMessage, ServerResponse } from 'node:http';

/** `_changes` of a database reached by admins only, with the options CouchDB offers there. */
export interface RawChangesQuery extends ChangesQuery {
	include_docs?: boolean;
	attachments?: boolean;
	/** `_selector` filter: a Mango selector. */
	selector?: Record<string, unknown>;
	/** Only design documents (CouchDB's built-in `_design` filter). */
	designOnly?: boolean;
}

/** Runs a read of up to `rows` rows when a throttle allows it. */
export type ReadGate = <T>(rows: number, read: () => Promise<T>) => Promise<T>;

/** A stored CouchDB document as JSON. */
export type CouchDoc = { _id: string; _rev?: string; _deleted?: boolean } & Record<string, unknown>;
export type Seq = number | string;

export interface ChangeRow {
	id: string;
	seq: Seq;
	changes: { rev: string }[];
	deleted?: boolean;
	doc?: CouchDoc;
}

export interface ChangesQuery {
	since: Seq;
	limit?: number;
	style?: 'all_docs' | 'main_only';
	conflicts?: boolean;
	descending?: boolean;
	doc_ids?: string[];
}

export interface AllDocsRow {
	id?: string;
	key: string;
	value?: { rev: string; deleted?: boolean };
	doc?: CouchDoc | null;
	error?: string;
}

export interface AllDocsQuery {
	keys?: string[];
	startkey?: string;
	endkey?: string;
	limit?: number;
	skip?: number;
	descending?: boolean;
	inclusive_end?: boolean;
	conflicts?: boolean;
}

/** Options of a single-document read, as CouchDB names them. */
export interface GetQuery {
	rev?: string;
	revs?: boolean;
	revs_info?: boolean;
	conflicts?: boolean;
	deleted_conflicts?: boolean;
	latest?: boolean;
	open_revs?: 'all' | string[];
}

export type BulkGetResult = {
	id: string;
	docs: (
		{ ok: CouchDoc } | { error: { id: string; rev: string; error: string; reason: string } }
	)[];
};

export type WriteResult =
	| { ok: true; id: string; rev: string }
	| { id: string; error: string; reason: string; rev?: string };

/** One database, with the operations replication needs; always returns CouchDB-shaped JSON. */
export interface DocDb {
	readonly name: string;
	info(): Promise<{ db_name: string; update_seq: Seq; doc_count: number; doc_del_count: number }>;
	/**
	 * One page of `_changes`; identical queries share a cached page until the next write.
	 * `gate` wraps the actual read of a page not in the cache (cache hits cost nothing).
	 */
	changes(query: ChangesQuery, gate?: ReadGate): Promise<{ results: ChangeRow[]; last_seq: Seq }>;
	/** `_changes` straight from the store, uncached, for admins' raw databases. */
	rawChanges(query: RawChangesQuery): Promise<{ results: ChangeRow[]; last_seq: Seq }>;
	/** Calls `listener` on every later change; returns the unsubscribe function. */
	onChange(listener: () => void): () => void;
	allDocs(query: AllDocsQuery): Promise<{ total_rows: number; offset: number; rows: AllDocsRow[] }>;
	get(id: string, query: GetQuery): Promise<unknown>;
	bulkGet(docs: { id: string; rev?: string }[], revs: boolean): Promise<BulkGetResult[]>;
	revsDiff(body: Record<string, string[]>): Promise<Record<string, { missing: string[] }>>;
	bulkDocs(docs: CouchDoc[], newEdits: boolean): Promise<WriteResult[]>;
	put(doc: CouchDoc): Promise<{ id: string; rev: string }>;
	/** The winning revision, tombstones included (with their body); null when never written. */
	getCurrent(id: string): Promise<CouchDoc | null>;
	/** `getCurrent` of each id, in order, in as few store requests as the store allows. */
	getCurrentMany(ids: readonly string[]): Promise<(CouchDoc | null)[]>;
	/** An attachment with the revision of the document it belongs to; null when there is none. */
	getAttachment(id: string, name: string, rev?: string): Promise<StoredAttachment | null>;
	putAttachment(
		id: string,
		name: string,
		rev: string,
		data: Buffer,
		contentType: string
	): Promise<{ id: string; rev: string }>;
	removeAttachment(id: string, name: string, rev: string): Promise<{ id: string; rev: string }>;
	/** Returns null when the document does not exist or is deleted. */
	getOrNull(id: string): Promise<CouchDoc | null>;
	/**
	 * Drops the bodies and attachments of every revision that is not a leaf (CouchDB's
	 * `_compact`): after an erasure, no older revision still holds the resident's data.
	 */
	compact(): Promise<void>;
}

export interface Storage {
	readonly mode: 'embedded' | 'couchdb';
	/** A client database (`c{commune}_{collection}`); does not create it. */
	db(name: string): DocDb;
	/** A database of the server itself (directory, audit), never reachable over HTTP in embedded mode. */
	internalDb(name: string): Promise<DocDb>;
	createDb(name: string): Promise<void>;
	/**
	 * Finds documents no reader can load and moves them into the quarantine database, keeping
	 * every other document at its sequence. Embedded store only, with no server running.
	 */
	repair(name: string, at: Date): Promise<RepairReport>;
	/**
	 * A database an admin reaches raw, as express-pouchdb names it on disk; null when it does
	 * not exist. Embedded store only: through CouchDB, raw requests are forwarded as they are.
	 */
	rawDb(name: string): Promise<DocDb | null>;
	/**
	 * Hands a raw CouchDB request (path relative to the CouchDB root) to the store; `json` is
	 * its body when the gateway has already read and checked it.
	 */
	forward(req: IncomingMessage, res: ServerResponse, path: string, json?: unknown): void;
	close(): Promise<void>;
}

export interface StoredAttachment {
	data: Buffer;
	contentType: string;
	digest: string;
	/** The document revision holding it, for the scope check. */
	doc: CouchDoc;
}

export interface RepairReport {
	/** Documents examined. */
	checked: number;
	quarantined: { id: string; rev: string; reason: string }[];
}

/** Error carrying the CouchDB status and error name of a failed storage call. */
export interface StorageError {
	status: number;
	name: string;
	message: string;
}

export function isStorageError(err: unknown): err is StorageError {
	return (
		typeof err === 'object' &&
		err !== null &&
		typeof (err as { status?: unknown }).status === 'number' &&
		typeof (err as { name?: unknown }).name === 'string'
	);
}
