import type { Request, Response } from 'express';
import type { z } from 'zod';
import { CouchError, badRequest } from '../../services/errors.ts';
import * as replication from '../../services/replication/index.ts';
import type { GetQuery } from '../../storage/index.ts';
import { readBinary } from '../body.ts';
import { streamChanges } from './changes-feed.ts';
import { parseBody, parseQuery } from './parse.ts';
import * as s from './schemas.ts';

/** What every handler of a client database gets: parsed path, query, the scoped context. */
export interface Call<Q> {
	ctx: replication.ReplicationContext;
	req: Request;
	res: Response;
	query: Q;
	/** Document id (`doc`, `attachment`) or checkpoint id (`local`). */
	id: string;
	/** Attachment name, for `attachment`. */
	name: string;
	isAdmin: boolean;
	maxLongpollMs: number;
}

interface Handler<S extends z.ZodType> {
	query: S;
	handle(call: Call<z.output<S>>): Promise<void>;
}

const handler = <S extends z.ZodType>(
	query: S,
	handle: (call: Call<z.output<S>>) => Promise<void>
): Handler<z.ZodType> => ({ query, handle }) as Handler<z.ZodType>;

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
export type Endpoint =
	| 'db'
	| 'changes'
	| 'allDocs'
	| 'bulkGet'
	| 'revsDiff'
	| 'bulkDocs'
	| 'ensureFullCommit'
	| 'local'
	| 'doc'
	| 'attachment';

/** Endpoint of a path inside a client database: `[]`, `['_changes']`, `['doc-id']`, … */
export function endpointOf(
	rest: string[]
): { endpoint: Endpoint; id: string; name: string } | null {
	const [first, ...tail] = rest;
	const fixed: Record<string, Endpoint> = {
		_changes: 'changes',
		_all_docs: 'allDocs',
		_bulk_get: 'bulkGet',
		_revs_diff: 'revsDiff',
		_bulk_docs: 'bulkDocs',
		_ensure_full_commit: 'ensureFullCommit'
	};
	if (first === undefined) return { endpoint: 'db', id: '', name: '' };
	if (Object.hasOwn(fixed, first) && tail.length === 0) {
		return { endpoint: fixed[first], id: '', name: '' };
	}
	if (first === '_local') {
		return tail.length ? { endpoint: 'local', id: tail.join('/'), name: '' } : null;
	}
	if (first.startsWith('_')) return null;
	if (tail.length === 0) return { endpoint: 'doc', id: first, name: '' };
	return { endpoint: 'attachment', id: first, name: tail.join('/') };
}

const dbInfo = handler(s.noQuery, async ({ ctx, res, isAdmin }) => {
	const info = await ctx.target.db.info();
	// Document counts would tell a volunteer how much lies outside their scope.
	res.json(
		isAdmin
			? info
			: { db_name: info.db_name, update_seq: info.update_seq, instance_start_time: '0' }
	);
});

const changes = handler(s.changesQuery, async (call) => {
	const body =
		call.req.method === 'POST' ? await parseBody(s.changesBody, call.req) : { doc_ids: undefined };
	const q = call.query;
	const feed = q.feed ?? 'normal';
	if (feed === 'continuous' || feed === 'eventsource')
		throw badRequest(`feed=${feed} is not supported; use longpoll`);
	let docIds: string[] | undefined;
	if (q.filter === '_doc_ids') {
		docIds = body.doc_ids ?? q.doc_ids;
		if (!docIds) throw badRequest('filter=_doc_ids needs doc_ids');
	} else if (q.filter !== undefined) throw badRequest('only the _doc_ids filter is supported');
	if (q.view !== undefined) throw badRequest('view filters are not supported');
	const since = q.since ?? '0';
	await streamChanges(call, {
		since: since === 'now' ? 'now' : /^\d+$/.test(since) ? Number(since) : since,
		limit: q.limit || undefined,
		includeDocs: q.include_docs ?? false,
		style: q.style,
		conflicts: q.conflicts,
		descending: q.descending,
		docIds,
		longpoll: feed === 'longpoll',
		timeoutMs: Math.min(q.timeout ?? call.maxLongpollMs, call.maxLongpollMs),
		heartbeatMs:
			q.heartbeat === undefined ? 0 : q.heartbeat === 'true' ? 60_000 : Math.max(1000, q.heartbeat)
	});
});

const allDocs = handler(s.allDocsQuery, async ({ ctx, req, res, query: q }) => {
	const b = req.method === 'POST' ? await parseBody(s.allDocsBody, req) : {};
	if (q.group !== undefined || q.group_level !== undefined || q.reduce === true)
		throw badRequest('_all_docs has no reduce');
	const key = b.key ?? q.key;
	const result = await replication.allDocs(
		ctx,
		{
			keys: b.keys ?? q.keys,
			startkey: b.startkey ?? b.start_key ?? q.startkey ?? q.start_key ?? key,
			endkey: b.endkey ?? b.end_key ?? q.endkey ?? q.end_key ?? key,
			limit: b.limit ?? q.limit,
			skip: b.skip ?? q.skip,
			descending: b.descending ?? q.descending,
			inclusive_end: b.inclusive_end ?? q.inclusive_end,
			conflicts: b.conflicts ?? q.conflicts
		},
		(b.include_docs ?? q.include_docs) === true
	);
	res.json(result);
});

const bulkGet = handler(s.bulkGetQuery, async ({ ctx, req, res, query }) => {
	const body = await parseBody(s.bulkGetBody, req);
	res.json({ results: await replication.bulkGet(ctx, body.docs, query.revs ?? false) });
});

const revsDiff = handler(s.noQuery, async ({ ctx, req, res }) => {
	res.json(await replication.revsDiff(ctx, await parseBody(s.revsDiffBody, req)));
});

const bulkDocs = handler(s.noQuery, async ({ ctx, req, res }) => {
	const body = await parseBody(s.bulkDocsBody, req);
	res.status(201).json(await replication.writeDocs(ctx, body.docs, body.new_edits !== false));
});

const ensureFullCommit = handler(s.noQuery, async ({ res }) => {
	res.status(201).json({ ok: true, instance_start_time: '0' });
});

const localGet = handler(s.localGetQuery, async ({ ctx, res, id }) => {
	res.json(await replication.getLocal(ctx, id));
});
const localPut = handler(s.localPutQuery, async ({ ctx, req, res, id }) => {
	res.status(201).json(await replication.putLocal(ctx, id, await parseBody(s.objectBody, req)));
});
const localDelete = handler(s.localDeleteQuery, async ({ ctx, res, id, query }) => {
	res.json(await replication.deleteLocal(ctx, id, query.rev));
});

function getQuery(q: s.DocGetQuery): GetQuery {
	if (q.local_seq) throw badRequest('local_seq is not supported');
	const meta = q.meta === true;
	return {
		rev: q.rev,
		revs: q.revs,
		revs_info: q.revs_info || meta || undefined,
		conflicts: q.conflicts || meta || undefined,
		deleted_conflicts: q.deleted_conflicts || meta || undefined,
		latest: q.latest,
		open_revs: q.open_revs
	};
}

const docGet = handler(s.docGetQuery, async ({ ctx, res, id, query }) => {
	res.json(await replication.getDoc(ctx, id, getQuery(query)));
});

const docPut = handler(s.docPutQuery, async ({ ctx, req, res, id, query }) => {
	const body = await parseBody(s.objectBody, req);
	if (body._id !== undefined && body._id !== id) throw badRequest('_id does not match the URL');
	const doc = { ...body, _id: id, ...(query.rev ? { _rev: query.rev } : {}) };
	await writeOne(ctx, res, doc, query.new_edits ?? true);
});

const dbPost = handler(s.dbPostQuery, async ({ ctx, req, res }) => {
	const body = await parseBody(s.objectBody, req);
	const doc =
		body._id === undefined && typeof body.id === 'string' ? { ...body, _id: body.id } : body;
	await writeOne(ctx, res, doc, true);
});

const docDelete = handler(s.docDeleteQuery, async ({ ctx, res, id, query }) => {
	if (!query.rev) throw new CouchError(409, 'conflict', 'Document update conflict.');
	// The deletion is the server's own: stamped with who asked for it, and when.
	const by = { updatedBy: ctx.actor.username, updatedAt: ctx.now().toISOString() };
	await writeOne(ctx, res, { _id: id, _rev: query.rev, _deleted: true, ...by }, true, 200);
});

const attachmentGet = handler(s.attachmentQuery, async ({ ctx, res, id, name, query }) => {
	const att = await replication.getAttachment(ctx, id, name, query.rev);
	res.set('etag', JSON.stringify(att.digest.replace(/^md5-/, '')));
	res.type(att.contentType).send(att.data);
});

const attachmentPut = handler(s.attachmentQuery, async ({ ctx, req, res, id, name, query }) => {
	const type = String(req.headers['content-type'] ?? 'application/octet-stream');
	const read = (limit: number) => readBinary(req, limit);
	res.status(201).json(await replication.putAttachment(ctx, id, name, query.rev, type, read));
});

const attachmentDelete = handler(s.attachmentQuery, async ({ ctx, res, id, name, query }) => {
	res.json(await replication.deleteAttachment(ctx, id, name, query.rev));
});

/** One small handler per endpoint and method; a method not listed is a 405. */
export const endpoints: Record<Endpoint, Partial<Record<Method, Handler<z.ZodType>>>> = {
	db: { GET: dbInfo, HEAD: dbInfo, POST: dbPost },
	changes: { GET: changes, POST: changes },
	allDocs: { GET: allDocs, POST: allDocs },
	bulkGet: { POST: bulkGet },
	revsDiff: { POST: revsDiff },
	bulkDocs: { POST: bulkDocs },
	ensureFullCommit: { POST: ensureFullCommit },
	local: { GET: localGet, HEAD: localGet, PUT: localPut, DELETE: localDelete },
	doc: { GET: docGet, HEAD: docGet, PUT: docPut, DELETE: docDelete },
	attachment: {
		GET: attachmentGet,
		HEAD: attachmentGet,
		PUT: attachmentPut,
		DELETE: attachmentDelete
	}
};

export async function handle(
	endpoint: Endpoint,
	call: Omit<Call<unknown>, 'query'>
): Promise<void> {
	const methods = endpoints[endpoint];
	const h = methods[call.req.method as Method];
	if (!h) {
		const allowed = Object.keys(methods).join(',');
		throw new CouchError(405, 'method_not_allowed', `Only ${allowed} allowed`, { allow: allowed });
	}
	await h.handle({ ...call, query: parseQuery(h.query, call.req) });
}

async function writeOne(
	ctx: replication.ReplicationContext,
	res: Response,
	doc: Record<string, unknown>,
	newEdits: boolean,
	okStatus = 201
) {
	const [result] = await replication.writeDocs(ctx, [doc], newEdits);
	if ('ok' in result) {
		res.status(okStatus).json(result);
		return;
	}
	const status = result.error === 'forbidden' ? 403 : result.error === 'conflict' ? 409 : 400;
	throw new CouchError(status, result.error, result.reason);
}
