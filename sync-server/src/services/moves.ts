import type { CouchDoc, DocDb } from '../storage/index.ts';

/** Other gateways may record moves too; a short cache keeps every `_changes` from reading them. */
const CACHE_MS = 5_000;

/**
 * The hamlets each record has left, per client database. A volunteer's `_changes` filters out
 * records of other hamlets, so without this a record moved away would stay on their phone
 * forever; with it, they receive a removal instead.
 */
export class Moves {
	private cache = new Map<string, { at: number; left: Promise<ReadonlyMap<string, string[]>> }>();

	constructor(private readonly db: DocDb) {}

	async record(dbName: string, moves: { docId: string; from: string }[], retry = 3): Promise<void> {
		if (moves.length === 0) return;
		const ids = [...new Set(moves.map((m) => `${dbName}:${m.docId}`))];
		const existing = await this.db.allDocs({ keys: ids });
		const byId = new Map<string, CouchDoc>();
		for (const row of existing.rows) if (row.doc) byId.set(row.key, row.doc);
		const docs = ids.map((_id) => {
			const prev = byId.get(_id);
			const left = new Set(Array.isArray(prev?.left) ? (prev.left as string[]) : []);
			for (const m of moves) if (`${dbName}:${m.docId}` === _id) left.add(m.from);
			return { ...(prev ?? { _id }), left: [...left] } as CouchDoc;
		});
		const results = await this.db.bulkDocs(docs, true);
		this.cache.delete(dbName);
		// Another gateway recorded a move of the same record at the same moment: merge again.
		if (results.some((r) => 'error' in r) && retry > 0) await this.record(dbName, moves, retry - 1);
	}

	/** Record id → hamlets it has left. */
	left(dbName: string): Promise<ReadonlyMap<string, string[]>> {
		const hit = this.cache.get(dbName);
		if (hit && Date.now() - hit.at < CACHE_MS) return hit.left;
		const left = this.load(dbName);
		this.cache.set(dbName, { at: Date.now(), left });
		left.catch(() => this.cache.delete(dbName));
		return left;
	}

	private async load(dbName: string): Promise<ReadonlyMap<string, string[]>> {
		const prefix = `${dbName}:`;
		const res = await this.db.allDocs({ startkey: prefix, endkey: `${prefix}\uffff` });
		const out = new Map<string, string[]>();
		for (const row of res.rows) {
			if (row.doc && Array.isArray(row.doc.left)) {
				out.set(row.key.slice(prefix.length), row.doc.left as string[]);
			}
		}
		return out;
	}
}
