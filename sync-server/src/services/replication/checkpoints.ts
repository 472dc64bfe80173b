import type { CouchDoc } from '../../storage/index.ts';
import { badRequest } from '../errors.ts';
import type { ReplicationContext } from './context.ts';

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
