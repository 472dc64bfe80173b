import { z } from 'zod';
import { jsonBytes } from '../../../../src/lib/domain/index.ts';
import type { CouchDoc } from '../../storage/index.ts';
import { CouchError, badRequest } from '../errors.ts';
import type { ReplicationContext } from './context.ts';

/** A replication checkpoint is a few sequences; anything larger is not one. */
const MAX_LOCAL_BYTES = 16 * 1024;

const seq = z.union([z.number().int().min(0), z.string().max(2000)]);
const primitive = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);
/** A local document's revision: `0-N`, counted by the store. */
export const localRevSchema = z.string().regex(/^0-\d{1,15}$/, 'must be a local revision like 0-3');

/**
 * `_local` documents hold replication checkpoints only: PouchDB's (session_id, last_seq,
 * history of {last_seq, session_id}) and CouchDB's replicator's; any other field is refused.
 */
const localDocSchema = z.strictObject({
	_id: z.string().max(300).optional(),
	_rev: localRevSchema.optional(),
	session_id: z.string().max(200).optional(),
	last_seq: seq.optional(),
	replicator: z.string().max(100).optional(),
	version: z.number().int().min(0).max(1000).optional(),
	source_last_seq: seq.optional(),
	replication_id_version: z.number().int().min(0).max(1000).optional(),
	history: z
		.array(z.record(z.string().max(100), primitive))
		.max(50)
		.optional()
});

/** Checkpoints are kept per user, so one user's client cannot read or reset another's. */
const localKey = (ctx: ReplicationContext, id: string) => `_local/u:${ctx.actor.username}:${id}`;

function checkId(id: string) {
	if (id.length > 200) throw badRequest('local document id longer than 200 characters');
}

export async function getLocal(ctx: ReplicationContext, id: string) {
	checkId(id);
	const doc = (await ctx.target.db.get(localKey(ctx, id), {})) as CouchDoc;
	return { ...doc, _id: `_local/${id}` };
}

export async function putLocal(ctx: ReplicationContext, id: string, body: unknown) {
	checkId(id);
	if (jsonBytes(body) > MAX_LOCAL_BYTES) {
		throw new CouchError(413, 'too_large', `a local document is at most ${MAX_LOCAL_BYTES} bytes`);
	}
	const parsed = localDocSchema.safeParse(body);
	if (!parsed.success) {
		const i = parsed.error.issues[0];
		const where = i.code === 'unrecognized_keys' ? i.keys.join(', ') : i.path.join('.');
		throw badRequest(`not a replication checkpoint: ${where}: ${i.message}`);
	}
	const res = await ctx.target.db.put({ ...parsed.data, _id: localKey(ctx, id) });
	return { ok: true, id: `_local/${id}`, rev: res.rev };
}

export async function deleteLocal(ctx: ReplicationContext, id: string, rev: string | undefined) {
	checkId(id);
	const res = await ctx.target.db.put({ _id: localKey(ctx, id), _rev: rev, _deleted: true });
	return { ok: true, id: `_local/${id}`, rev: res.rev };
}
