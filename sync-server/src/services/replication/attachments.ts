import {
	attachmentRefusal,
	canWrite,
	encodeReason,
	ruleTexts,
	type ScopedDoc
} from '../../../../src/lib/domain/index.ts';
import type { StoredAttachment } from '../../storage/index.ts';
import { CouchError, notFound } from '../errors.ts';
import { readable, type ReplicationContext } from './context.ts';

/**
 * Attachments of client databases: none unless the collection's spec opts in. A record out of
 * scope, or one without the attachment, answers as a missing one; uploads are held to the
 * spec's types and size and to the same write scope as the record.
 */

export async function getAttachment(
	ctx: ReplicationContext,
	id: string,
	name: string,
	rev: string | undefined
): Promise<StoredAttachment> {
	if (!ctx.target.spec.attachments) throw notFound();
	const canSee = readable(ctx);
	const current = await ctx.target.db.getCurrent(id);
	if (!current || !canSee(current)) throw notFound();
	const att = await ctx.target.db.getAttachment(id, name, rev);
	if (!att || !canSee(att.doc)) throw notFound();
	return att;
}

function refuse(status: number, path: string, rule: keyof typeof ruleTexts): never {
	throw new CouchError(
		status,
		'forbidden',
		encodeReason([{ path, rule, message: ruleTexts[rule] }])
	);
}

/** The record an attachment change applies to, after the same checks as editing it. */
async function writableRecord(ctx: ReplicationContext, id: string, rev: string | undefined) {
	const current = await ctx.target.db.getCurrent(id);
	if (!current || current._deleted || !readable(ctx)(current)) throw notFound();
	if (rev !== current._rev) throw new CouchError(409, 'conflict', 'Document update conflict.');
	const next = { ...current, updatedBy: ctx.actor.username } as ScopedDoc;
	const decision = canWrite(ctx.actor, current as ScopedDoc, next, ctx.target.spec);
	if (!decision.ok) {
		throw new CouchError(403, 'forbidden', encodeReason([decision.issue]));
	}
	return current;
}

async function audited(ctx: ReplicationContext, docId: string, rev: string) {
	const { commune, collection } = ctx.target;
	await ctx.audit.append({
		commune,
		collection,
		by: ctx.actor.username,
		at: ctx.now().toISOString(),
		writes: [{ docId, rev, action: 'update' }]
	});
}

/** `read(limit)` reads the upload, at most the collection's size; nothing without an opt-in. */
export async function putAttachment(
	ctx: ReplicationContext,
	id: string,
	name: string,
	rev: string | undefined,
	contentType: string,
	read: (limit: number) => Promise<Buffer>
) {
	const rules = ctx.target.spec.attachments;
	if (!rules) refuse(403, '_attachments', 'attachments.notAllowed');
	const data = await read(rules.maxBytes);
	const refused = attachmentRefusal(ctx.target.spec, { name, contentType, bytes: data.length });
	if (refused) refuse(refused.rule === 'attachments.size' ? 413 : 403, refused.path, refused.rule);
	await writableRecord(ctx, id, rev);
	const res = await ctx.target.db.putAttachment(id, name, rev!, data, contentType);
	await audited(ctx, id, res.rev);
	return { ok: true, id: res.id, rev: res.rev };
}

export async function deleteAttachment(
	ctx: ReplicationContext,
	id: string,
	name: string,
	rev: string | undefined
) {
	if (!ctx.target.spec.attachments) refuse(403, '_attachments', 'attachments.notAllowed');
	const current = await writableRecord(ctx, id, rev);
	const atts = current._attachments as Record<string, unknown> | undefined;
	if (!atts || !Object.hasOwn(atts, name)) throw notFound();
	const res = await ctx.target.db.removeAttachment(id, name, rev!);
	await audited(ctx, id, res.rev);
	return { ok: true, id: res.id, rev: res.rev };
}
