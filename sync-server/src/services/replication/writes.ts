import {
	canWrite,
	encodeReason,
	inlineAttachmentsRefusal,
	ruleTexts,
	tombstoneSchema,
	validateRecord,
	validateWith,
	type Actor,
	type FieldIssue,
	type RuleKey,
	type ScopedDoc
} from '../../../../src/lib/domain/index.ts';
import type { CouchDoc, WriteResult } from '../../storage/index.ts';
import type { AuditEntry } from '../audit.ts';
import { currentById, type ReplicationContext, type Target } from './context.ts';
import { checkRevisions } from './revisions.ts';

const ALLOWED_SPECIAL = new Set(['_id', '_rev', '_deleted', '_revisions', '_conflicts']);
/** All a deletion may carry (with `_revisions` and `_conflicts` when replicated). */
const TOMBSTONE_FIELDS = new Set(['_id', '_rev', '_deleted', 'updatedBy', 'updatedAt']);

function issue(path: string, rule: RuleKey): FieldIssue {
	return { path, rule, message: ruleTexts[rule] };
}

type Prepared =
	{ ok: true; doc: CouchDoc; prev: CouchDoc | null } | { ok: false; id: string; reason: string };

/**
 * Validates one incoming revision and checks the actor may store it over `prev`.
 * `newEdits` false: a replicated revision, stored under the `_rev` it brings.
 */
export function prepareWrite(
	ctx: ReplicationContext,
	raw: unknown,
	prev: CouchDoc | null,
	newEdits: boolean
): Prepared {
	const { target, actor } = ctx;
	const refuse = (id: string, ...issues: FieldIssue[]): Prepared => ({
		ok: false,
		id,
		reason: encodeReason(issues)
	});
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		return refuse('', issue('', 'doc.object'));
	}
	const input = raw as Record<string, unknown>;
	const id = input._id;
	if (typeof id !== 'string' || id.startsWith('_')) {
		return refuse(typeof id === 'string' ? id : '', issue('_id', 'id.reserved'));
	}
	const live = input._deleted !== true;
	// An erasure's tombstone is final: an offline phone's edit or an old handover file's
	// revision (a branch of its own with new_edits=false) would bring the resident back.
	if (live && prev?._deleted === true && prev.erasedAt !== undefined) {
		return refuse(id, issue('_id', 'record.erased'));
	}
	const special = Object.keys(input).find(
		(k) => k.startsWith('_') && !ALLOWED_SPECIAL.has(k) && !(k === '_attachments' && live)
	);
	if (special) return refuse(id, issue(special, 'field.reserved'));
	if (input._attachments !== undefined) {
		const refused = inlineAttachmentsRefusal(target.spec, input._attachments);
		if (refused) return refuse(id, issue(refused.path, refused.rule));
	}
	if (input.id !== undefined && input.id !== id) return refuse(id, issue('id', 'id.match'));
	const revisions = checkRevisions(input, newEdits, 'strict');
	if (revisions) return refuse(id, issue(revisions.path, revisions.rule));
	if (input._deleted !== undefined && typeof input._deleted !== 'boolean') {
		return refuse(id, issue('_deleted', 'delete.fields'));
	}
	// CouchDB computes _conflicts on reads and _deleted: false means nothing: neither is stored.
	const { _conflicts: _c, _deleted: _d, ...stored } = input;
	let doc: CouchDoc = stored as CouchDoc;
	if (input._deleted === true) {
		const extra = Object.keys(stored).find(
			(k) => !TOMBSTONE_FIELDS.has(k) && !(k === '_revisions' && !newEdits)
		);
		if (extra) return refuse(id, issue(extra, 'delete.fields'));
		const { updatedBy, updatedAt } = stored;
		const shape = validateWith(tombstoneSchema, { id, updatedBy, updatedAt });
		if (!shape.ok) return refuse(id, ...shape.issues);
		if (!prev || typeof prev.commune !== 'string' || typeof prev.hamlet !== 'string') {
			return refuse(id, issue('commune', 'delete.unknown'));
		}
		// Tombstones keep the scope fields of the record they delete, so reads can still be scoped.
		doc = {
			...stored,
			_id: id,
			_deleted: true,
			commune: prev.commune,
			hamlet: prev.hamlet,
			createdBy: prev.createdBy
		};
	} else {
		const body = Object.fromEntries(Object.entries(stored).filter(([k]) => !k.startsWith('_')));
		const v = validateRecord(target.collection, { ...body, id });
		if (!v.ok) return refuse(id, ...v.issues);
		// 'own' records (device heartbeats) are not filed under a real hamlet.
		if (target.spec.access === 'hamlet' && !target.hamlets.has(String(doc.hamlet))) {
			return refuse(id, issue('hamlet', 'hamlet.unknown'));
		}
	}
	if (doc.commune !== target.commune) return refuse(id, issue('commune', 'commune.database'));
	const decision = canWrite(
		withMergedHamlets(actor, target),
		prev as ScopedDoc | null,
		doc as ScopedDoc,
		target.spec
	);
	if (!decision.ok) return refuse(id, decision.issue);
	return { ok: true, doc, prev };
}

/**
 * A volunteer serves the hamlets merged into theirs too, for writing: a phone offline during a
 * merge still sends its records under the old hamlet, and they are moved on arrival.
 */
function withMergedHamlets(actor: Actor, target: Target): Actor {
	const merged = target.mergedInto;
	if (actor.role !== 'volunteer' || !merged?.size) return actor;
	const extra = [...merged].flatMap(([from, into]) => (actor.hamlets.includes(into) ? [from] : []));
	return extra.length ? { ...actor, hamlets: [...actor.hamlets, ...extra] } : actor;
}

/** The collection's check beyond the record itself, for a live revision that passed the rest. */
async function withRecordCheck(ctx: ReplicationContext, p: Prepared): Promise<Prepared> {
	const check = ctx.recordChecks?.[ctx.target.collection];
	if (!p.ok || !check || p.doc._deleted) return p;
	const issues = await check(p.doc);
	return issues.length ? { ok: false, id: p.doc._id, reason: encodeReason(issues) } : p;
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
	const current = await currentById(
		db,
		ids.filter((id) => !id.startsWith('_'))
	);
	const prepared = await Promise.all(
		docs.map((raw) =>
			withRecordCheck(
				ctx,
				prepareWrite(ctx, raw, current.get((raw as CouchDoc)?._id) ?? null, newEdits)
			)
		)
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
	const left = ctx.actor.role === 'volunteer' ? await ctx.moves.left(db.name) : null;
	for (const [i, p] of prepared.entries()) {
		if (!p.ok) {
			// A phone deleting its copy of a record moved out of its hamlets: already done.
			const prev = current.get(p.id);
			if (prev && left && (docs[i] as CouchDoc)?._deleted === true) {
				const from = left.get(p.id) ?? [];
				if (from.some((h) => ctx.actor.hamlets.includes(h))) {
					results.push({ ok: true, id: p.id, rev: String(prev._rev) });
					continue;
				}
			}
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
	if (ctx.refusals) {
		const by = ctx.actor.username;
		const refused = results.flatMap((r) =>
			'error' in r && r.error === 'forbidden' ? [{ collection, id: r.id, reason: r.reason }] : []
		);
		await ctx.refusals.record(commune, by, refused, at);
		await ctx.refusals.clear(
			commune,
			by,
			writes.map((w) => ({ collection, id: w.docId }))
		);
	}
	const merged = ctx.target.mergedInto;
	if (ctx.merges && merged?.size) {
		const arrived = accepted.flatMap((p) =>
			!p.doc._deleted && merged.has(String(p.doc.hamlet)) && 'ok' in (byDoc.get(p.doc) ?? {})
				? [p.doc._id]
				: []
		);
		await ctx.merges.moveArrived(commune, collection, arrived);
	}
	return results;
}
