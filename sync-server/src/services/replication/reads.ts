import { randomUUID } from 'node:crypto';
import type {
	AllDocsQuery,
	AllDocsRow,
	BulkGetResult,
	CouchDoc,
	DocDb,
	GetQuery
} from '../../storage/index.ts';
import { currentById, MAX_ROWS, publicView, readable, type ReplicationContext } from './context.ts';

/**
 * Reads scoped to the actor. A record out of scope answers exactly as an id that was never
 * written: same status, same body, no revision, and no count that would tell it is there.
 */

/** Rows scanned per page when filtering leaves a range read short. */
const SCAN_PAGE = 500;

/** The current revision of each id (tombstones included), read once per request. */
const currentOf = (ctx: ReplicationContext, ids: readonly string[]) =>
	currentById(ctx.target.db, ids);

/** Runs one read request inside the actor's read budget: what it reads is held until it answers. */
function budgeted<T>(ctx: ReplicationContext, rows: number, read: () => Promise<T>): Promise<T> {
	return ctx.reads.run(ctx.actor.username, rows, read);
}

function hiddenIn(ctx: ReplicationContext, current: ReadonlyMap<string, CouchDoc | null>) {
	const canSee = readable(ctx);
	return (id: string) => {
		const doc = current.get(id);
		return !!doc && !canSee(doc);
	};
}

type Removal = (id: string, rev: string | undefined, revs: boolean) => Promise<CouchDoc | null>;

/**
 * A record moved out of a volunteer's hamlets reaches their device as a deletion at its
 * current revision (`changes.ts`); fetching that revision gives the same deletion, with its
 * history when asked, so PouchDB's replicator can apply it. Nothing of the record is shown.
 */
async function removals(
	ctx: ReplicationContext,
	current: ReadonlyMap<string, CouchDoc | null>
): Promise<Removal> {
	if (ctx.actor.role !== 'volunteer') return async () => null;
	const left = await ctx.moves.left(ctx.target.db.name);
	const canSee = readable(ctx);
	return async (id, rev, revs) => {
		const doc = current.get(id);
		if (!doc || doc._deleted || canSee(doc) || doc.commune !== ctx.actor.commune) return null;
		if (!left.get(id)?.some((h) => ctx.actor.hamlets.includes(h))) return null;
		if (rev !== undefined && rev !== doc._rev) return null;
		const removal: CouchDoc = { _id: id, _rev: doc._rev, _deleted: true };
		if (!revs) return removal;
		const full = (await ctx.target.db.get(id, { rev: doc._rev, revs: true })) as CouchDoc;
		return { ...removal, _revisions: full._revisions };
	};
}

/** What the store answers for an id nobody wrote, with the same options. */
function absent(db: DocDb, query: GetQuery) {
	return db.get(`tramso-absent-${randomUUID()}`, query);
}

export function getDoc(ctx: ReplicationContext, id: string, query: GetQuery) {
	return budgeted(ctx, 1, () => readDoc(ctx, id, query));
}

async function readDoc(ctx: ReplicationContext, id: string, query: GetQuery) {
	const { db } = ctx.target;
	const canSee = readable(ctx);
	const current = await currentOf(ctx, [id]);
	if (hiddenIn(ctx, current)(id)) {
		const removal = await (await removals(ctx, current))(id, undefined, query.revs === true);
		const open = query.open_revs;
		if (removal && open === undefined && (query.rev ?? removal._rev) === removal._rev) {
			return removal;
		}
		if (removal && (open === 'all' || open?.includes(String(removal._rev)))) {
			const asked = open === 'all' ? [String(removal._rev)] : open;
			return asked.map((r) => (r === removal._rev ? { ok: removal } : { missing: r }));
		}
		return absent(db, query);
	}
	const result = await db.get(id, query);
	if (Array.isArray(result)) {
		// A revision from before a move to this hamlet belongs to the old one.
		return (result as Record<string, unknown>[]).map((r) => {
			if (!('ok' in r)) return r;
			return canSee(r.ok) ? { ok: publicView(r.ok) } : { missing: (r.ok as CouchDoc)._rev };
		});
	}
	if (!canSee(result)) return absent(db, query);
	return publicView(result);
}

function missingEntry(id: string, rev: string | undefined) {
	return { error: { id, rev: rev ?? 'undefined', error: 'not_found', reason: 'missing' } };
}

export function bulkGet(
	ctx: ReplicationContext,
	docs: { id: string; rev?: string }[],
	revs: boolean
): Promise<BulkGetResult[]> {
	return budgeted(ctx, docs.length, () => readMany(ctx, docs, revs));
}

async function readMany(
	ctx: ReplicationContext,
	docs: { id: string; rev?: string }[],
	revs: boolean
): Promise<BulkGetResult[]> {
	const canSee = readable(ctx);
	const current = await currentOf(
		ctx,
		docs.map((d) => d.id)
	);
	const hidden = hiddenIn(ctx, current);
	const removal = await removals(ctx, current);
	const results = await ctx.target.db.bulkGet(docs, revs);
	return Promise.all(
		results.map(async (r, i) => {
			const asked = docs[i];
			if (hidden(asked.id)) {
				const gone = await removal(asked.id, asked.rev, revs);
				return { id: asked.id, docs: [gone ? { ok: gone } : missingEntry(asked.id, asked.rev)] };
			}
			return {
				id: r.id,
				docs: r.docs.map((d) => {
					if (!('ok' in d)) return d;
					return canSee(d.ok) ? { ok: publicView(d.ok) } : missingEntry(r.id, asked.rev);
				})
			};
		})
	);
}

export function revsDiff(ctx: ReplicationContext, body: Record<string, string[]>) {
	return budgeted(ctx, Object.keys(body).length, () => diffRevs(ctx, body));
}

async function diffRevs(ctx: ReplicationContext, body: Record<string, string[]>) {
	const ids = Object.keys(body);
	const hidden = hiddenIn(ctx, await currentOf(ctx, ids));
	const diff = await ctx.target.db.revsDiff(body);
	// Unknown ids answer "all missing" with no possible ancestors; so do hidden ones.
	for (const id of ids) if (hidden(id)) diff[id] = { missing: body[id] };
	return diff;
}

export interface AllDocsAnswer {
	total_rows: number;
	offset: number;
	rows: AllDocsRow[];
}

export function allDocs(
	ctx: ReplicationContext,
	query: AllDocsQuery,
	includeDocs: boolean
): Promise<AllDocsAnswer> {
	const rows = Math.min(query.keys?.length ?? query.limit ?? MAX_ROWS, MAX_ROWS);
	return budgeted(ctx, rows, () => listDocs(ctx, query, includeDocs));
}

async function listDocs(
	ctx: ReplicationContext,
	query: AllDocsQuery,
	includeDocs: boolean
): Promise<AllDocsAnswer> {
	const shown = (row: AllDocsRow): AllDocsRow =>
		row.error || row.value?.deleted || includeDocs
			? row
			: { id: row.id, key: row.key, value: row.value };
	if (ctx.actor.role === 'admin') {
		const limit = Math.min(query.limit ?? MAX_ROWS, MAX_ROWS);
		const res = await ctx.target.db.allDocs({ ...query, limit });
		return { ...res, rows: res.rows.map(shown) };
	}
	const rows = query.keys ? await keyed(ctx, query) : await range(ctx, query);
	const offset = query.skip ?? 0;
	// A count of the whole database would tell a volunteer how much lies outside their scope.
	return { total_rows: offset + rows.length, offset, rows: rows.map(shown) };
}

/** `keys`: one row per key, in order; out of scope is the same `not_found` row as missing. */
async function keyed(ctx: ReplicationContext, query: AllDocsQuery): Promise<AllDocsRow[]> {
	const keys = query.keys!.slice(0, MAX_ROWS);
	const current = await currentOf(ctx, keys);
	const canSee = readable(ctx);
	const rows = (query.descending ? [...keys].reverse() : keys).map((key): AllDocsRow => {
		const doc = current.get(key);
		if (!doc || !canSee(doc)) return { key, error: 'not_found' };
		const value = { rev: String(doc._rev), ...(doc._deleted ? { deleted: true } : {}) };
		return { id: key, key, value, doc: doc._deleted ? null : doc };
	});
	const skip = query.skip ?? 0;
	return rows.slice(skip, query.limit === undefined ? undefined : skip + query.limit);
}

/** A key range: skip and limit count visible rows only, so they cannot count hidden ones. */
async function range(ctx: ReplicationContext, query: AllDocsQuery): Promise<AllDocsRow[]> {
	const canSee = readable(ctx);
	const want = Math.min(query.limit ?? MAX_ROWS, MAX_ROWS);
	let toSkip = query.skip ?? 0;
	const out: AllDocsRow[] = [];
	let startkey = query.startkey;
	let after = false;
	while (out.length < want) {
		const page = await ctx.target.db.allDocs({
			startkey,
			endkey: query.endkey,
			descending: query.descending,
			inclusive_end: query.inclusive_end,
			conflicts: query.conflicts,
			// The row at the cursor was already read.
			skip: after ? 1 : 0,
			limit: SCAN_PAGE
		});
		for (const row of page.rows) {
			if (row.error || !canSee(row.doc)) continue;
			if (toSkip > 0) {
				toSkip--;
				continue;
			}
			out.push(row);
			if (out.length >= want) break;
		}
		if (page.rows.length < SCAN_PAGE) break;
		startkey = page.rows.at(-1)!.key;
		after = true;
	}
	return out;
}
