import { callbackify, promisify } from 'node:util';

/**
 * Guards for PouchDB's LevelDB adapter. A document whose winning revision has
 * no body (a malformed history once accepted from a client) makes the adapter
 * throw inside a LevelDB callback: the process ends, or the database's read
 * queue stays locked for good. So do `latest` reads of an unknown revision.
 * These wrappers keep such reads from ever reaching the throwing code: the
 * bad document is skipped or answered as an error row, and reported.
 */

type Callback<T> = (err: unknown, res?: T) => void;

/** A node of PouchDB's revision tree: hash, status, children. */
type RevPath = [string, unknown, RevPath[]];

interface RevNode {
	pos: number;
	ids: RevPath;
}

interface Metadata {
	id: string;
	winningRev?: string;
	rev_tree: RevNode[];
}

interface AllDocsRow {
	id: string;
	key: string;
	value: { rev: string; deleted?: boolean };
	doc?: unknown;
	error?: string;
}

/** The adapter hooks PouchDB's core calls (the documented adapter contract). */
interface LevelApi {
	_changes(opts: ChangesOpts): unknown;
	_allDocs(opts: Record<string, unknown>, callback: Callback<{ rows: AllDocsRow[] }>): unknown;
	_get(id: string, opts: Record<string, unknown>, callback: Callback<unknown>): unknown;
	_getRevisionTree(id: string, callback: Callback<RevNode[]>): void;
	get(id: string, opts: Record<string, unknown>): Promise<unknown>;
	name: string;
}

interface ChangesOpts {
	processChange: (doc: unknown, metadata: Metadata, opts: unknown) => unknown;
	[key: string]: unknown;
}

/** Marks a change row whose document could not be read; `PouchDocDb` drops and reports it. */
export const BAD_DOCUMENT = '_bad_document';

/** Called for every bad document a reader meets: database name, document id, what failed. */
export type BadDocumentReport = (db: string, id: string, what: string) => void;

export function guardLevelDb(db: LevelApi, report: BadDocumentReport): void {
	const changes = db._changes.bind(db);
	db._changes = (opts) => {
		const process = opts.processChange;
		opts.processChange = (doc, metadata, o) => {
			if (doc) return process(doc, metadata, o);
			report(db.name, metadata.id, 'its winning revision has no body (_changes)');
			return {
				id: metadata.id,
				changes: [{ rev: String(metadata.winningRev ?? '') }],
				doc: { _id: metadata.id },
				[BAD_DOCUMENT]: true
			};
		};
		return changes(opts);
	};

	const allDocs = db._allDocs.bind(db);
	const rangeWithoutDocs = promisify(
		(o: Record<string, unknown>, cb: Callback<{ rows: AllDocsRow[] }>) => void allDocs(o, cb)
	);
	const rangeWithDocs = callbackify(async (opts: Record<string, unknown>) => {
		const res = (await rangeWithoutDocs({ ...opts, include_docs: false }))!;
		const rows = await Promise.all(
			res.rows.map(async (row): Promise<AllDocsRow> => {
				if (row.value?.deleted) return { ...row, doc: null };
				try {
					const doc = await db.get(row.id, {
						rev: row.value.rev,
						conflicts: opts.conflicts,
						attachments: opts.attachments,
						binary: opts.binary
					});
					return { ...row, doc };
				} catch {
					report(db.name, row.id, 'its winning revision cannot be read (_all_docs)');
					return { id: row.id, key: row.key, value: row.value, error: 'bad_document' };
				}
			})
		);
		return { ...res, rows };
	});
	db._allDocs = (opts, callback) => {
		// Keyed queries come back here one key at a time.
		if ('keys' in opts || !opts.include_docs) return allDocs(opts, callback);
		rangeWithDocs(opts, callback);
	};

	const get = db._get.bind(db);
	db._get = (id, opts, callback) => {
		if (!opts.latest || typeof opts.rev !== 'string') return get(id, opts, callback);
		const rev = opts.rev;
		db._getRevisionTree(id, (err, tree) => {
			const leaf = !err && tree ? latestLeaf(tree, rev) : null;
			if (!leaf) {
				callback(Object.assign(new Error('missing'), { status: 404, name: 'not_found' }));
				return;
			}
			get(id, { ...opts, rev: leaf, latest: false }, callback);
		});
	};
}

/** The leaf revision whose history contains `rev`, as CouchDB's `latest=true` resolves it. */
export function latestLeaf(tree: RevNode[], rev: string): string | null {
	const toVisit: { pos: number; ids: RevPath; history: string[] }[] = tree.map((n) => ({
		pos: n.pos,
		ids: n.ids,
		history: []
	}));
	for (let node = toVisit.pop(); node; node = toVisit.pop()) {
		const [hash, , branches] = node.ids;
		const history = [...node.history, `${node.pos}-${hash}`];
		if (branches.length === 0 && history.includes(rev)) return `${node.pos}-${hash}`;
		for (const b of branches) toVisit.push({ pos: node.pos + 1, ids: b, history });
	}
	return null;
}
