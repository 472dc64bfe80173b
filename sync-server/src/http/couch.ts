import type { NextFunction, Request, Response } from 'express';
import { parseRemoteDbName, collectionSpec } from '../../../src/lib/domain/index.ts';
import type { Directory, StoredUser } from '../directory/directory.ts';
import type { Audit } from '../services/audit.ts';
import type { Moves } from '../services/moves.ts';
import type { Auth } from '../services/auth.ts';
import { toActor } from '../services/auth.ts';
import { CouchError, badRequest, forbidden, notFound, unauthorized } from '../services/errors.ts';
import * as replication from '../services/replication.ts';
import type { Seq, Storage } from '../storage/index.ts';
import { isObject, readJson } from './body.ts';
import { Query } from './query.ts';

export interface CouchDeps {
	auth: Auth;
	directory: Directory;
	storage: Storage;
	audit: Audit;
	moves: Moves;
	now: () => Date;
	serverId: string;
	/** Longest a longpoll `_changes` waits, in ms. */
	maxLongpollMs: number;
}

const DB_NAME = /^[a-z][a-z0-9_$()+-]{0,127}$/;

/** Splits `/db/...` into decoded segments; refuses dot segments and undecodable escapes. */
function segments(req: Request): string[] {
	const path = req.originalUrl.split('?')[0].replace(/^\/db/, '');
	const parts = path.split('/').slice(1);
	if (parts.at(-1) === '') parts.pop();
	return parts.map((p) => {
		let s: string;
		try {
			s = decodeURIComponent(p);
		} catch {
			throw badRequest('invalid percent-encoding in path');
		}
		if (s === '' || s === '.' || s === '..' || s.includes('\0')) throw badRequest('invalid path');
		return s;
	});
}

/** The CouchDB API under `/db`: authenticated, scoped per user, express-pouchdb reached only for admin work. */
export function couchHandler(deps: CouchDeps) {
	return async (req: Request, res: Response, next: NextFunction) => {
		try {
			const user = await deps.auth.actor(req.headers.authorization, req.ip ?? '');
			if (!user) throw unauthorized('authentication required');
			await route(deps, user, req, res);
		} catch (err) {
			next(err);
		}
	};
}

async function route(deps: CouchDeps, user: StoredUser, req: Request, res: Response) {
	const segs = segments(req);
	const isAdmin = user.role === 'admin';
	const forward = () => {
		if (!isAdmin) throw forbidden('You are not a server admin.');
		// With COUCHDB_URL the server's own databases sit next to the forwarded ones.
		if (deps.storage.mode === 'couchdb' && segs[0]?.startsWith('tramso_'))
			throw forbidden('reserved database');
		checkForwardable(req, segs);
		deps.storage.forward(req, res, req.originalUrl.replace(/^\/db/, '') || '/');
	};
	if (segs.length === 0) {
		if (req.method !== 'GET' && req.method !== 'HEAD')
			throw new CouchError(405, 'method_not_allowed', 'Only GET allowed');
		res.json({
			couchdb: 'Welcome',
			version: '3.3.3',
			uuid: deps.serverId,
			vendor: { name: 'Trạm Số' }
		});
		return;
	}
	const [dbName, ...rest] = segs;
	if (dbName.startsWith('_')) return forward();
	if (!DB_NAME.test(dbName)) throw badRequest('illegal database name');
	const parsed = parseRemoteDbName(dbName);
	if (!parsed) return forward();
	if (!isAdmin && user.commune !== parsed.commune) throw forbidden('database of another commune');
	if (!(await deps.directory.commune(parsed.commune))) throw notFound();
	if (rest.length === 0 && (req.method === 'PUT' || req.method === 'DELETE')) {
		throw forbidden('client databases are created and kept by the server (add a commune instead)');
	}
	const ctx: replication.ReplicationContext = {
		actor: toActor(user),
		audit: deps.audit,
		moves: deps.moves,
		now: deps.now,
		target: {
			db: deps.storage.db(dbName),
			name: dbName,
			commune: parsed.commune,
			collection: parsed.collection,
			spec: collectionSpec(parsed.collection)!,
			hamlets: await deps.directory.hamletIds(parsed.commune)
		}
	};
	const q = new Query(req);
	const method = req.method;
	const allow = (...methods: string[]) => {
		if (!methods.includes(method))
			throw new CouchError(405, 'method_not_allowed', `Only ${methods.join(',')} allowed`);
	};
	const [first, ...tail] = rest;
	switch (first) {
		case undefined:
			if (method === 'POST')
				return writeOne(ctx, res, await readJson(req), q.bool('new_edits') ?? true);
			allow('GET', 'HEAD');
			{
				const info = await ctx.target.db.info();
				// Document counts would tell a volunteer how much lies outside their scope.
				res.json(
					isAdmin
						? info
						: { db_name: info.db_name, update_seq: info.update_seq, instance_start_time: '0' }
				);
			}
			return;
		case '_changes':
			allow('GET', 'POST');
			return changes(deps, ctx, q, req, res);
		case '_all_docs': {
			allow('GET', 'POST');
			const body = method === 'POST' ? await readJson(req) : {};
			if (!isObject(body)) throw badRequest('body must be an object');
			const keys = body.keys ?? q.json('keys');
			if (keys !== undefined && (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string'))) {
				throw badRequest('keys must be an array of strings');
			}
			const key = (name: string) => {
				const v = body[name] ?? q.json(name);
				if (v !== undefined && typeof v !== 'string') throw badRequest(`${name} must be a string`);
				return v as string | undefined;
			};
			const num = (name: string) => {
				const v = body[name] ?? q.int(name);
				if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0))
					throw badRequest(`${name} must be an integer`);
				return v as number | undefined;
			};
			const result = await replication.allDocs(
				ctx,
				{
					keys: keys as string[] | undefined,
					startkey: key('startkey') ?? key('start_key') ?? key('key'),
					endkey: key('endkey') ?? key('end_key') ?? key('key'),
					limit: num('limit'),
					skip: num('skip'),
					descending: body.descending === true || q.bool('descending'),
					conflicts: body.conflicts === true || q.bool('conflicts')
				},
				body.include_docs === true || q.bool('include_docs') === true
			);
			res.json(result);
			return;
		}
		case '_bulk_get': {
			allow('POST');
			const body = await readJson(req);
			if (!isObject(body) || !Array.isArray(body.docs)) throw badRequest('docs must be an array');
			const docs = body.docs.map((d) => {
				if (
					!isObject(d) ||
					typeof d.id !== 'string' ||
					(d.rev !== undefined && typeof d.rev !== 'string')
				) {
					throw badRequest('each entry needs a string id');
				}
				return { id: d.id, rev: d.rev as string | undefined };
			});
			res.json({ results: await replication.bulkGet(ctx, docs, q.bool('revs') ?? false) });
			return;
		}
		case '_revs_diff':
			allow('POST');
			res.json(await replication.revsDiff(ctx, await readJson(req)));
			return;
		case '_bulk_docs': {
			allow('POST');
			const body = await readJson(req);
			if (!isObject(body) || !Array.isArray(body.docs)) throw badRequest('docs must be an array');
			if (body.new_edits !== undefined && typeof body.new_edits !== 'boolean')
				throw badRequest('new_edits must be a boolean');
			res.status(201).json(await replication.writeDocs(ctx, body.docs, body.new_edits !== false));
			return;
		}
		case '_ensure_full_commit':
			allow('POST');
			res.status(201).json({ ok: true, instance_start_time: '0' });
			return;
		case '_local': {
			if (tail.length === 0) throw notFound();
			const id = tail.join('/');
			if (method === 'GET' || method === 'HEAD') res.json(await replication.getLocal(ctx, id));
			else if (method === 'PUT')
				res.status(201).json(await replication.putLocal(ctx, id, await readJson(req)));
			else if (method === 'DELETE') res.json(await replication.deleteLocal(ctx, id, q.str('rev')));
			else allow('GET', 'PUT', 'DELETE');
			return;
		}
	}
	if (first.startsWith('_')) return forward();
	if (tail.length > 0) throw forbidden('attachments are not supported');
	const id = first;
	if (method === 'GET' || method === 'HEAD') {
		res.json(await replication.getDoc(ctx, id, docQuery(q)));
	} else if (method === 'PUT') {
		const body = await readJson(req);
		if (!isObject(body)) throw badRequest('body must be an object');
		if (body._id !== undefined && body._id !== id) throw badRequest('_id does not match the URL');
		const rev = q.str('rev');
		await writeOne(
			ctx,
			res,
			{ ...body, _id: id, ...(rev ? { _rev: rev } : {}) },
			q.bool('new_edits') ?? true
		);
	} else if (method === 'DELETE') {
		const rev = q.str('rev');
		if (!rev) throw new CouchError(409, 'conflict', 'Document update conflict.');
		await writeOne(ctx, res, { _id: id, _rev: rev, _deleted: true }, true, 200);
	} else allow('GET', 'HEAD', 'PUT', 'DELETE');
}

const FORWARD_DB_PATHS = new Set([
	'_all_docs',
	'_changes',
	'_bulk_docs',
	'_bulk_get',
	'_revs_diff',
	'_local',
	'_ensure_full_commit'
]);

/**
 * The only raw CouchDB requests (admins only) handed to the store: database create/delete/info,
 * `_all_dbs`, and the replication endpoints of non-client databases (a gateway using this server
 * as its CouchDB). JSON only: express-pouchdb's multipart attachment parser can crash the process.
 */
function checkForwardable(req: Request, segs: string[]) {
	const type = String(req.headers['content-type'] ?? '');
	if (type && !/^application\/json\b/i.test(type)) {
		throw new CouchError(415, 'bad_content_type', 'Content-Type must be application/json');
	}
	const [db, sub, ...rest] = segs;
	const ok =
		(segs.length === 1 && db === '_all_dbs' && req.method === 'GET') ||
		(db !== undefined && !db.startsWith('_') && segs.length === 1) ||
		(db !== undefined &&
			!db.startsWith('_') &&
			sub !== undefined &&
			FORWARD_DB_PATHS.has(sub) &&
			(sub === '_local' ? rest.length >= 1 : rest.length === 0)) ||
		(db !== undefined &&
			!db.startsWith('_') &&
			sub !== undefined &&
			!sub.startsWith('_') &&
			rest.length === 0);
	if (!ok) throw forbidden('not available through this server');
	// express-pouchdb ignores the longpoll timeout, so raw feeds are normal only.
	const feed = new Query(req).str('feed');
	if (feed !== undefined && feed !== 'normal')
		throw badRequest(`feed=${feed} is not available here`);
	if (!['GET', 'HEAD', 'PUT', 'POST', 'DELETE'].includes(req.method)) {
		throw new CouchError(405, 'method_not_allowed', 'method not allowed');
	}
}

function docQuery(q: Query): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const flag of ['revs', 'revs_info', 'conflicts', 'deleted_conflicts', 'latest'] as const) {
		const v = q.bool(flag);
		if (v !== undefined) out[flag] = v;
	}
	const rev = q.str('rev');
	if (rev !== undefined) out.rev = rev;
	const openRevs = q.str('open_revs');
	if (openRevs !== undefined) {
		const parsed = openRevs === 'all' ? 'all' : q.json('open_revs');
		if (parsed !== 'all' && (!Array.isArray(parsed) || parsed.some((r) => typeof r !== 'string'))) {
			throw badRequest('open_revs must be "all" or an array of revisions');
		}
		out.open_revs = parsed;
	}
	return out;
}

async function writeOne(
	ctx: replication.ReplicationContext,
	res: Response,
	doc: unknown,
	newEdits: boolean,
	okStatus = 201
) {
	if (!isObject(doc)) throw badRequest('body must be an object');
	const body = doc._id === undefined && typeof doc.id === 'string' ? { ...doc, _id: doc.id } : doc;
	const [result] = await replication.writeDocs(ctx, [body], newEdits);
	if ('ok' in result) {
		res.status(okStatus).json(result);
		return;
	}
	const status = result.error === 'forbidden' ? 403 : result.error === 'conflict' ? 409 : 400;
	throw new CouchError(status, result.error, result.reason);
}

async function changes(
	deps: CouchDeps,
	ctx: replication.ReplicationContext,
	q: Query,
	req: Request,
	res: Response
) {
	const body = req.method === 'POST' ? await readJson(req) : {};
	if (!isObject(body)) throw badRequest('body must be an object');
	const feed = q.str('feed') ?? 'normal';
	if (feed === 'continuous' || feed === 'eventsource')
		throw badRequest(`feed=${feed} is not supported; use longpoll`);
	if (feed !== 'normal' && feed !== 'longpoll') throw badRequest('unknown feed');
	const filter = q.str('filter');
	let docIds: string[] | undefined;
	if (filter === '_doc_ids') {
		const ids = body.doc_ids ?? q.json('doc_ids');
		if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string'))
			throw badRequest('doc_ids must be an array of strings');
		docIds = ids as string[];
	} else if (filter !== undefined) throw badRequest('only the _doc_ids filter is supported');
	const sinceRaw = q.str('since') ?? '0';
	const since: Seq | 'now' =
		sinceRaw === 'now' ? 'now' : /^\d{1,15}$/.test(sinceRaw) ? Number(sinceRaw) : sinceRaw;
	const style = q.str('style');
	if (style !== undefined && style !== 'all_docs' && style !== 'main_only')
		throw badRequest('unknown style');
	const longpoll = feed === 'longpoll';
	const timeoutMs = Math.min(q.int('timeout') ?? deps.maxLongpollMs, deps.maxLongpollMs);
	const hbRaw = q.str('heartbeat');
	const heartbeatMs =
		hbRaw === undefined ? 0 : hbRaw === 'true' ? 60_000 : Math.max(1000, q.int('heartbeat') ?? 0);

	const abort = new AbortController();
	res.on('close', () => abort.abort());
	let beat: NodeJS.Timeout | undefined;
	if (longpoll && heartbeatMs > 0) {
		// Headers go out now; newlines keep proxies from closing an idle connection.
		res.status(200).type('application/json');
		res.flushHeaders();
		beat = setInterval(() => res.write('\n'), Math.min(heartbeatMs, 30_000));
	}
	try {
		const result = await replication.changes(
			ctx,
			{
				since,
				limit: q.int('limit', 10_000) || undefined,
				includeDocs: q.bool('include_docs') ?? false,
				style,
				conflicts: q.bool('conflicts'),
				descending: q.bool('descending'),
				docIds,
				longpoll,
				timeoutMs
			},
			abort.signal
		);
		if (res.headersSent) res.end(JSON.stringify(result));
		else res.json(result);
	} catch (err) {
		if (!res.headersSent) throw err;
		const e =
			err instanceof CouchError ? err : { error: 'bad_request', reason: 'changes feed failed' };
		res.end(JSON.stringify({ error: e.error, reason: (e as CouchError).reason }));
	} finally {
		clearInterval(beat);
	}
}
