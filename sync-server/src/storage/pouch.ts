import type {
	AllDocsRow,
	ChangesQuery,
	CouchDoc,
	DocDb,
	GetQuery,
	RawChangesQuery,
	ReadGate,
	WriteResult,
	BulkGetResult
} from './types.ts';
import { isStorageError } from './types.ts';
import { PageCache } from './page-cache.ts';
import { BAD_DOCUMENT } from './safe-leveldb.ts';

type Pouch = PouchDB.Database<Record<string, unknown>>;

export type ChangesPage = Awaited<ReturnType<DocDb['changes']>>;

/**
 * Over HTTP PouchDB fetches `_changes` in requests of 25 rows unless told otherwise: a page of
 * 2,000 was 80 round trips to CouchDB. One request per page; without a limit, pages of 1,000.
 */
const batchOf = (limit: number | undefined) => limit ?? 1_000;

const WATCH_BATCH = 5_000;

/** Wraps a PouchDB database (LevelDB on disk or HTTP to a CouchDB) as a DocDb. */
export class PouchDocDb implements DocDb {
	private listeners = new Set<() => void>();
	private feed: PouchDB.Core.Changes<Record<string, unknown>> | null = null;
	constructor(
		readonly name: string,
		private readonly pouch: Pouch,
		/** Identical `_changes` reads share one page until the next change: live clients wake together. */
		private readonly pages: PageCache<ChangesPage>,
		/** LevelDB answers point reads far faster than a keyed range query (one iterator per key). */
		private readonly fastKeys = false
	) {}

	async info() {
		const info = (await this.pouch.info()) as PouchDB.Core.DatabaseInfo & {
			doc_del_count?: number;
		};
		return {
			db_name: this.name,
			update_seq: info.update_seq,
			doc_count: info.doc_count,
			doc_del_count: info.doc_del_count ?? 0
		};
	}

	changes(query: ChangesQuery, gate: ReadGate = (_rows, read) => read()) {
		this.watch();
		return this.pages.get(this.name, JSON.stringify(query), () =>
			gate(query.limit ?? 1, () => this.readChanges(query))
		);
	}

	private async readChanges(query: ChangesQuery) {
		const res = await this.pouch.changes({
			since: query.since,
			limit: query.limit,
			batch_size: batchOf(query.limit),
			include_docs: true,
			style: query.style,
			conflicts: query.conflicts,
			descending: query.descending,
			doc_ids: query.doc_ids
		} as PouchDB.Core.ChangesOptions);
		const page = res as unknown as Awaited<ReturnType<DocDb['changes']>>;
		// Rows the LevelDB guard could not read are reported there; no reader receives them.
		return { ...page, results: page.results.filter((r) => !(BAD_DOCUMENT in r)) };
	}

	async rawChanges(query: RawChangesQuery) {
		const res = await this.pouch.changes({
			since: query.since,
			limit: query.limit,
			batch_size: batchOf(query.limit),
			include_docs: query.include_docs,
			attachments: query.attachments,
			style: query.style,
			conflicts: query.conflicts,
			descending: query.descending,
			doc_ids: query.doc_ids,
			selector: query.selector,
			...(query.designOnly ? { filter: (doc: CouchDoc) => doc._id.startsWith('_design/') } : {})
		} as PouchDB.Core.ChangesOptions);
		const page = res as unknown as Awaited<ReturnType<DocDb['changes']>>;
		return { ...page, results: page.results.filter((r) => !(BAD_DOCUMENT in r)) };
	}

	onChange(listener: () => void) {
		this.watch();
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** One live feed per database, kept open: 200 waiting clients share it. */
	private watch() {
		this.feed ??= this.pouch
			// Over HTTP the live feed otherwise catches up on a burst of writes 25 rows per request.
			.changes({ live: true, since: 'now', batch_size: WATCH_BATCH })
			.on('change', () => {
				this.pages.clear(this.name);
				this.listeners.forEach((l) => l());
			})
			.on('error', () => {
				this.feed = null;
				this.pages.clear(this.name);
			});
	}

	async allDocs(query: Parameters<DocDb['allDocs']>[0]) {
		if (this.fastKeys && query.keys && !query.conflicts) {
			const keys = query.descending ? [...query.keys].reverse() : query.keys;
			const rows = await Promise.all(
				keys.map(async (key): Promise<AllDocsRow> => {
					const doc = await this.getCurrent(key);
					if (!doc) return { key, error: 'not_found' };
					const value = { rev: String(doc._rev), ...(doc._deleted ? { deleted: true } : {}) };
					return { id: key, key, value, doc: doc._deleted ? null : doc };
				})
			);
			const info = await this.pouch.info();
			return {
				total_rows: info.doc_count,
				offset: 0,
				rows: rows.slice(
					query.skip ?? 0,
					query.limit === undefined ? undefined : (query.skip ?? 0) + query.limit
				)
			};
		}
		const res = await this.pouch.allDocs({
			...query,
			include_docs: true
		} as PouchDB.Core.AllDocsOptions);
		return res as unknown as Awaited<ReturnType<DocDb['allDocs']>>;
	}

	get(id: string, query: GetQuery) {
		return this.pouch.get(id, query as PouchDB.Core.GetOptions) as Promise<unknown>;
	}

	async getCurrent(id: string): Promise<CouchDoc | null> {
		try {
			return (await this.pouch.get(id)) as unknown as CouchDoc;
		} catch (err) {
			if ((err as { status?: number }).status !== 404) throw err;
			// Local LevelDB says which 404 is a tombstone; a remote store may not (express-pouchdb
			// answers "missing" for both), so there the keyed read below decides.
			const deleted =
				(err as { reason?: string }).reason === 'deleted' ||
				(err as { message?: string }).message === 'deleted';
			if (this.fastKeys && !deleted) return null;
		}
		const res = await this.pouch.allDocs({ keys: [id] });
		const row = res.rows[0] as { value?: { rev: string } } | undefined;
		if (!row?.value) return null;
		return (await this.pouch.get(id, { rev: row.value.rev })) as unknown as CouchDoc;
	}

	/**
	 * On LevelDB a point read per id is fastest; over HTTP (CouchDB) one per id would be a
	 * request each, so the live ones come from one keyed `_all_docs` and tombstones, whose body
	 * scoping needs, from one `_bulk_get`.
	 */
	async getCurrentMany(ids: readonly string[]): Promise<(CouchDoc | null)[]> {
		if (this.fastKeys || ids.length < 2) return Promise.all(ids.map((id) => this.getCurrent(id)));
		const res = await this.pouch.allDocs({ keys: [...ids], include_docs: true });
		const out = new Map<string, CouchDoc>();
		const tombstones: { id: string; rev: string }[] = [];
		for (const row of res.rows as {
			key: string;
			value?: { rev: string; deleted?: boolean };
			doc?: unknown;
		}[]) {
			if (row.value?.deleted) tombstones.push({ id: row.key, rev: row.value.rev });
			else if (row.doc) out.set(row.key, row.doc as CouchDoc);
		}
		if (tombstones.length) {
			const got = await this.pouch.bulkGet({ docs: tombstones } as PouchDB.Core.BulkGetOptions);
			for (const r of got.results as unknown as BulkGetResult[]) {
				const ok = r.docs[0] && 'ok' in r.docs[0] ? r.docs[0].ok : null;
				if (ok) out.set(r.id, ok as CouchDoc);
			}
		}
		return ids.map((id) => out.get(id) ?? null);
	}

	async getAttachment(id: string, name: string, rev?: string) {
		let doc: CouchDoc;
		try {
			doc = (await this.pouch.get(id, rev ? { rev } : {})) as unknown as CouchDoc;
		} catch (err) {
			if (isStorageError(err) && err.status === 404) return null;
			throw err;
		}
		const info = (doc._attachments as Record<string, { content_type: string; digest: string }>)?.[
			name
		];
		if (!info) return null;
		const data = (await this.pouch.getAttachment(id, name, rev ? { rev } : {})) as Buffer;
		return { data, contentType: info.content_type, digest: info.digest, doc };
	}

	async putAttachment(id: string, name: string, rev: string, data: Buffer, contentType: string) {
		const r = await this.wrote(this.pouch.putAttachment(id, name, rev, data, contentType));
		return { id: r.id, rev: r.rev };
	}

	async removeAttachment(id: string, name: string, rev: string) {
		const r = await this.wrote(this.pouch.removeAttachment(id, name, rev));
		return { id: r.id, rev: r.rev };
	}

	async getOrNull(id: string): Promise<CouchDoc | null> {
		try {
			return (await this.pouch.get(id)) as unknown as CouchDoc;
		} catch (err) {
			if ((err as { status?: number }).status === 404) return null;
			throw err;
		}
	}

	/** One result per requested entry, in order, each a document or CouchDB's error shape. */
	async bulkGet(docs: { id: string; rev?: string }[], revs: boolean): Promise<BulkGetResult[]> {
		if (!this.fastKeys) {
			const res = await this.pouch.bulkGet({ docs, revs } as PouchDB.Core.BulkGetOptions);
			return res.results as unknown as BulkGetResult[];
		}
		// PouchDB's own bulkGet groups by id and puts stack traces in its errors.
		return Promise.all(
			docs.map(async ({ id, rev }): Promise<BulkGetResult> => {
				try {
					const doc = (await this.pouch.get(id, rev ? { rev, revs } : { revs })) as CouchDoc;
					return { id, docs: [{ ok: doc }] };
				} catch (err) {
					if (!isStorageError(err) || err.status !== 404) throw err;
					const reason = (err as { reason?: string }).reason ?? 'missing';
					return {
						id,
						docs: [{ error: { id, rev: rev ?? 'undefined', error: 'not_found', reason } }]
					};
				}
			})
		);
	}

	revsDiff(body: Record<string, string[]>) {
		return this.pouch.revsDiff(body) as Promise<Record<string, { missing: string[] }>>;
	}

	async bulkDocs(docs: CouchDoc[], newEdits: boolean) {
		const res = await this.wrote(
			this.pouch.bulkDocs(docs as PouchDB.Core.PutDocument<Record<string, unknown>>[], {
				new_edits: newEdits
			})
		);
		return res.map((r) =>
			'ok' in r && r.ok
				? { ok: true as const, id: r.id, rev: r.rev }
				: {
						id: (r as PouchDB.Core.Error).id ?? '',
						error: (r as PouchDB.Core.Error).name ?? 'error',
						reason: (r as PouchDB.Core.Error).message ?? ''
					}
		) as WriteResult[];
	}

	async compact() {
		await this.pouch.compact();
	}

	async put(doc: CouchDoc) {
		const r = await this.wrote(
			this.pouch.put(doc as PouchDB.Core.PutDocument<Record<string, unknown>>)
		);
		return { id: r.id, rev: r.rev };
	}

	/**
	 * Drops this database's cached pages once a write through it has settled. The live feed
	 * clears them too, but a moment later: a client told "stored" could otherwise read a page
	 * cached before the write and miss its own (or a colleague's) change.
	 */
	private async wrote<T>(write: Promise<T>): Promise<T> {
		try {
			return await write;
		} finally {
			this.pages.clear(this.name);
		}
	}

	close() {
		this.feed?.cancel();
		this.feed = null;
		this.listeners.clear();
	}
}
