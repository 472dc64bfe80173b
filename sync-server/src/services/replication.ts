import {
	canRead,
	canWrite,
	formatIssues,
	validateRecord,
	type Actor,
	type CollectionSpec,
	type FieldIssue,
	type ScopedDoc
} from '../../../src/lib/domain/index.ts';
import type {
	AllDocsQuery,
	AllDocsRow,
	ChangeRow,
	CouchDoc,
	DocDb,
	Seq,
	WriteResult
} from '../storage/index.ts';
import type { Audit, AuditEntry } from './audit.ts';
import type { Moves } from './moves.ts';
import { badRequest, notFound } from './errors.ts';

/** One client database as the gateway sees it. */
export interface Target {
	db: DocDb;
	name: string;
	commune: string;
	collection: string;
	spec: CollectionSpec;
	/** Hamlet ids of the commune: records must name one of them. */
	hamlets: ReadonlySet<string>;
}

export interface ReplicationContext {
	actor: Actor;
	target: Target;
	audit: Audit;
	moves: Moves;
	now: () => Date;
}

/** Scans upstream in pages of this size when filtering leaves a page empty. */
const SCAN_PAGE = 500;
/** Re-checks a waiting longpoll this often even without a change event. */
const RECHECK_MS = 5_000;

const readable = (ctx: ReplicationContext) => (doc: unknown) =>
	typeof doc === 'object' && doc !== null && canRead(ctx.actor, doc as ScopedDoc, ctx.target.spec);

export interface ChangesParams {
	since: Seq | 'now';
	limit?: number;
	includeDocs: boolean;
	style?: 'all_docs' | 'main_only';
	conflicts?: boolean;
	descending?: boolean;
	docIds?: string[];
	longpoll: boolean;
	timeoutMs: number;
}

/**
 * `_changes` limited to what the actor may read. Pages whose rows are all out of scope are
 * skipped (a client stops pulling on an empty page); a longpoll with nothing in scope waits
 * for the next change until its timeout instead of returning early.
 */
export async function changes(
	ctx: ReplicationContext,
	p: ChangesParams,
	signal: AbortSignal
): Promise<{ results: ChangeRow[]; last_seq: Seq }> {
	const { db } = ctx.target;
	const canSee = readable(ctx);
	let since: Seq = p.since === 'now' ? (await db.info()).update_seq : p.since;
	const deadline = Date.now() + p.timeoutMs;
	const rows: ChangeRow[] = [];
	let pages = 0;
	// One abort listener per request: a longpoll re-checks many times and must not add one each time.
	const stop = aborted(signal);
	for (;;) {
		let wake = () => {};
		const changed = new Promise<void>((resolve) => (wake = resolve));
		const unsubscribe = p.longpoll ? db.onChange(wake) : () => {};
		try {
			const wanted = p.limit ? p.limit - rows.length : SCAN_PAGE;
			// After a sparse first page, scan in big pages so `limit=1` cannot mean one read per row.
			const pageSize = pages++ === 0 ? wanted : Math.max(wanted, SCAN_PAGE);
			const page = await db.changes({
				since,
				limit: pageSize,
				style: p.style,
				conflicts: p.conflicts,
				descending: p.descending,
				doc_ids: p.docIds
			});
			since = page.last_seq;
			// Only volunteers can lose records from their scope; moves are cached, read per page.
			const left = ctx.actor.role === 'volunteer' ? await ctx.moves.left(db.name) : null;
			for (let row of page.results) {
				if (!canSee(row.doc)) {
					const removal = left && removalFor(ctx.actor, row, left);
					if (!removal) continue;
					row = removal;
				}
				// Pages are shared between requests: copy rather than strip in place.
				rows.push(p.includeDocs ? row : withoutDoc(row));
				if (p.limit && rows.length >= p.limit) {
					since = row.seq;
					break;
				}
			}
			const exhausted = page.results.length < pageSize || p.descending;
			if (p.limit && rows.length >= p.limit) break;
			if (!exhausted) continue;
			if (rows.length > 0 || !p.longpoll || signal.aborted || Date.now() >= deadline) break;
			await Promise.race([changed, sleep(Math.min(RECHECK_MS, deadline - Date.now())), stop]);
		} finally {
			unsubscribe();
		}
	}
	return { results: rows, last_seq: since };
}

/**
 * A record that left the volunteer's hamlets (moved by an official) reaches their device as a
 * deletion, so the phone stops holding another hamlet's record. Its content is never sent.
 */
function removalFor(
	actor: Actor,
	row: ChangeRow,
	left: ReadonlyMap<string, string[]>
): ChangeRow | null {
	if (row.doc?.commune !== actor.commune) return null;
	const from = left.get(row.id);
	if (!from?.some((h) => actor.hamlets.includes(h))) return null;
	const rev = row.changes[0]?.rev ?? String(row.doc?._rev);
	return {
		id: row.id,
		seq: row.seq,
		changes: [{ rev }],
		deleted: true,
		doc: { _id: row.id, _rev: rev, _deleted: true }
	};
}

function withoutDoc(row: ChangeRow): ChangeRow {
	const { id, seq, changes, deleted } = row;
	return { id, seq, changes, ...(deleted ? { deleted } : {}) };
}

function sleep(ms: number) {
	return new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());
}

function aborted(signal: AbortSignal) {
	return new Promise<void>((resolve) =>
		signal.addEventListener('abort', () => resolve(), { once: true })
	);
}

/** Reads a tombstone's body, which keeps the scope fields of the record it deleted. */
async function tombstone(db: DocDb, id: string, rev: string): Promise<CouchDoc | null> {
	try {
		return (await db.get(id, { rev })) as CouchDoc;
	} catch {
		return null;
	}
}

export async function allDocs(
	ctx: ReplicationContext,
	query: AllDocsQuery,
	includeDocs: boolean
): Promise<{ total_rows: number; offset: number; rows: AllDocsRow[] }> {
	const { db } = ctx.target;
	const canSee = readable(ctx);
	const res = await db.allDocs(query);
	const rows: AllDocsRow[] = [];
	for (const row of res.rows) {
		if (row.error || !row.id) {
			rows.push({ key: row.key, error: row.error ?? 'not_found' });
			continue;
		}
		const doc = row.value?.deleted ? await tombstone(db, row.id, row.value.rev) : row.doc;
		if (!canSee(doc)) {
			// Out of scope looks exactly like missing.
			if (query.keys) rows.push({ key: row.key, error: 'not_found' });
			continue;
		}
		if (row.value?.deleted) rows.push({ ...row, doc: null });
		else rows.push(includeDocs ? row : { id: row.id, key: row.key, value: row.value });
	}
	return { total_rows: rows.length, offset: res.offset ?? 0, rows };
}

export async function getDoc(ctx: ReplicationContext, id: string, query: Record<string, unknown>) {
	const canSee = readable(ctx);
	const result = await ctx.target.db.get(id, query);
	if (Array.isArray(result)) {
		const visible = (result as Record<string, unknown>[]).map((r) =>
			'ok' in r && !canSee(r.ok) ? { missing: (r.ok as CouchDoc)._rev } : r
		);
		if (visible.every((r) => 'missing' in r) && result.some((r) => 'ok' in r)) throw notFound();
		return visible;
	}
	if (!canSee(result)) throw notFound();
	return result;
}

export async function bulkGet(
	ctx: ReplicationContext,
	docs: { id: string; rev?: string }[],
	revs: boolean
) {
	const canSee = readable(ctx);
	const results = await ctx.target.db.bulkGet(docs, revs);
	return results.map((r) => ({
		id: r.id,
		docs: r.docs.map((d) =>
			'ok' in d && !canSee(d.ok)
				? {
						error: {
							id: r.id,
							rev: d.ok._rev ?? 'undefined',
							error: 'not_found',
							reason: 'missing'
						}
					}
				: d
		)
	}));
}

const ALLOWED_SPECIAL = new Set(['_id', '_rev', '_deleted', '_revisions', '_conflicts']);

/** A refusal reason naming field and rule, in English then Vietnamese. */
export function refusalReason(issues: FieldIssue[]): string {
	const en = issues.map((i) => `${i.path || '(record)'}: ${i.message.en} [${i.rule}]`).join('; ');
	return `${en} | ${formatIssues(issues, 'vi')}`;
}

function issue(path: string, rule: string, en: string, vi: string): FieldIssue {
	return { path, rule, message: { en, vi } };
}

type Prepared =
	{ ok: true; doc: CouchDoc; prev: CouchDoc | null } | { ok: false; id: string; reason: string };

/** Validates one incoming revision and checks the actor may store it over `prev`. */
export function prepareWrite(
	ctx: ReplicationContext,
	raw: unknown,
	prev: CouchDoc | null
): Prepared {
	const { target, actor } = ctx;
	const refuse = (id: string, ...issues: FieldIssue[]): Prepared => ({
		ok: false,
		id,
		reason: refusalReason(issues)
	});
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		return refuse(
			'',
			issue('', 'doc.object', 'document must be a JSON object', 'tài liệu phải là đối tượng JSON')
		);
	}
	const input = raw as Record<string, unknown>;
	const id = input._id;
	if (typeof id !== 'string' || id.startsWith('_')) {
		return refuse(
			typeof id === 'string' ? id : '',
			issue(
				'_id',
				'id.format',
				'must be a record id (design and local documents are not accepted)',
				'phải là mã hồ sơ hợp lệ'
			)
		);
	}
	const special = Object.keys(input).find((k) => k.startsWith('_') && !ALLOWED_SPECIAL.has(k));
	if (special) {
		return refuse(
			id,
			issue(special, 'field.reserved', 'field is not accepted', 'trường này không được chấp nhận')
		);
	}
	if (input.id !== undefined && input.id !== id) {
		return refuse(id, issue('id', 'id.match', 'must equal _id', 'phải trùng với _id'));
	}
	let doc: CouchDoc = input as CouchDoc;
	if (input._deleted === true) {
		// Tombstones keep the scope fields of the record they delete, so reads can still be scoped.
		doc = {
			commune: prev?.commune,
			hamlet: prev?.hamlet,
			createdBy: prev?.createdBy,
			...input,
			_id: id
		};
		if (typeof doc.commune !== 'string' || typeof doc.hamlet !== 'string') {
			return refuse(
				id,
				issue(
					'commune',
					'delete.unknown',
					'cannot delete a record the server does not have',
					'không thể xóa hồ sơ mà máy chủ không có'
				)
			);
		}
	} else {
		const body = Object.fromEntries(Object.entries(input).filter(([k]) => !k.startsWith('_')));
		const v = validateRecord(target.collection, { ...body, id });
		if (!v.ok) return refuse(id, ...v.issues);
		// 'own' records (device heartbeats) are not filed under a real hamlet.
		if (target.spec.access === 'hamlet' && !target.hamlets.has(String(doc.hamlet))) {
			return refuse(
				id,
				issue(
					'hamlet',
					'hamlet.unknown',
					`is not a hamlet of commune ${target.commune}`,
					`không phải ấp/thôn của xã ${target.commune}`
				)
			);
		}
	}
	if (doc.commune !== target.commune) {
		return refuse(
			id,
			issue(
				'commune',
				'commune.database',
				`must be ${target.commune}, the commune of this database`,
				`phải là ${target.commune}, mã xã của cơ sở dữ liệu này`
			)
		);
	}
	const prevScope = prev?._deleted ? { ...prev, createdBy: doc.createdBy } : prev;
	const decision = canWrite(actor, prevScope as ScopedDoc | null, doc as ScopedDoc, target.spec);
	if (!decision.ok) return refuse(id, decision.issue);
	return { ok: true, doc, prev };
}

/** The current revision of each id, tombstones included (with their body). */
async function currentRevisions(db: DocDb, ids: string[]): Promise<Map<string, CouchDoc>> {
	const docs = await Promise.all(ids.map((id) => db.getCurrent(id)));
	return new Map(docs.flatMap((d, i) => (d ? [[ids[i], d] as const] : [])));
}

/**
 * `_bulk_docs`: each document is validated and authorized on its own; refused ones get
 * `{id, error: 'forbidden', reason}` and the others are stored and audited.
 */
export async function writeDocs(
	ctx: ReplicationContext,
	docs: unknown[],
	newEdits: boolean
): Promise<WriteResult[]> {
	const { db } = ctx.target;
	const ids = [
		...new Set(
			docs.flatMap((d) => (typeof (d as CouchDoc)?._id === 'string' ? [(d as CouchDoc)._id] : []))
		)
	];
	const current = await currentRevisions(
		db,
		ids.filter((id) => !id.startsWith('_'))
	);
	const prepared = docs.map((raw) =>
		prepareWrite(ctx, raw, current.get((raw as CouchDoc)?._id) ?? null)
	);
	const accepted = prepared.flatMap((p) => (p.ok ? [p] : []));
	// Recorded before the write: a waiting longpoll wakes on the write and must already know.
	await ctx.moves.record(
		ctx.target.name,
		accepted.flatMap((p) => {
			const from = p.prev && !p.prev._deleted ? p.prev.hamlet : undefined;
			return typeof from === 'string' && from !== p.doc.hamlet ? [{ docId: p.doc._id, from }] : [];
		})
	);
	const stored = accepted.length
		? await db.bulkDocs(
				accepted.map((p) => p.doc),
				newEdits
			)
		: [];
	const byDoc = new Map<CouchDoc, WriteResult>();
	if (stored.length === accepted.length) accepted.forEach((p, i) => byDoc.set(p.doc, stored[i]));
	const at = ctx.now().toISOString();
	const writes: { docId: string; rev: string; action: AuditEntry['action'] }[] = [];
	const results: WriteResult[] = [];
	for (const p of prepared) {
		if (!p.ok) {
			results.push({ id: p.id, error: 'forbidden', reason: p.reason });
			continue;
		}
		const r = byDoc.get(p.doc) ?? {
			ok: true as const,
			id: p.doc._id,
			rev: String(p.doc._rev ?? '')
		};
		results.push(r);
		if ('ok' in r) {
			const action = p.doc._deleted ? 'delete' : p.prev && !p.prev._deleted ? 'update' : 'create';
			writes.push({ docId: r.id, rev: r.rev, action });
		}
	}
	const { commune, collection } = ctx.target;
	await ctx.audit.append({ commune, collection, by: ctx.actor.username, at, writes });
	return results;
}

export async function revsDiff(ctx: ReplicationContext, body: unknown) {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw badRequest('body must be an object');
	for (const revs of Object.values(body)) {
		if (!Array.isArray(revs) || revs.some((r) => typeof r !== 'string')) {
			throw badRequest('each value must be an array of revisions');
		}
	}
	const diff = await ctx.target.db.revsDiff(body as Record<string, string[]>);
	// Out-of-scope ids answer "all missing", as if unknown; a push of them is then refused.
	const canSee = readable(ctx);
	const ids = Object.keys(body).filter((id) => !diff[id]);
	const current = await Promise.all(ids.map((id) => ctx.target.db.getCurrent(id)));
	current.forEach((doc, i) => {
		if (doc && !canSee(doc)) diff[ids[i]] = { missing: (body as Record<string, string[]>)[ids[i]] };
	});
	return diff;
}

/** Checkpoints are kept per user, so one user's client cannot read or reset another's. */
const localKey = (ctx: ReplicationContext, id: string) => `_local/u:${ctx.actor.username}:${id}`;

export async function getLocal(ctx: ReplicationContext, id: string) {
	const doc = (await ctx.target.db.get(localKey(ctx, id), {})) as CouchDoc;
	return { ...doc, _id: `_local/${id}` };
}

export async function putLocal(ctx: ReplicationContext, id: string, body: unknown) {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw badRequest('body must be an object');
	const res = await ctx.target.db.put({
		...(body as Record<string, unknown>),
		_id: localKey(ctx, id)
	});
	return { ok: true, id: `_local/${id}`, rev: res.rev };
}

export async function deleteLocal(ctx: ReplicationContext, id: string, rev: string | undefined) {
	const res = await ctx.target.db.put({ _id: localKey(ctx, id), _rev: rev, _deleted: true });
	return { ok: true, id: `_local/${id}`, rev: res.rev };
}
