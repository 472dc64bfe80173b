import type { Request, Response } from 'express';
import type { RawChangesQuery, Storage } from '../../storage/index.ts';
import { checkRevisions } from '../../services/replication/revisions.ts';
import { CouchError, badRequest, forbidden, notFound } from '../../services/errors.ts';
import { MAX_BODY_BYTES, readJson } from '../body.ts';
import { parseBody, parseQuery } from './parse.ts';
import * as s from './schemas.ts';

/**
 * Raw CouchDB requests of admins to databases that are not client databases (a gateway or a
 * tool using this server as its CouchDB), handed to the store as CouchDB would answer them.
 *
 * Design documents are refused on every database: their filter, view and validation functions
 * would run as JavaScript inside the gateway (CouchDB sandboxes them in couchjs), and Trạm Số
 * uses none. Multipart bodies are refused: express-pouchdb's multipart parser throws on a bad
 * part inside a stream callback, which would end the process; PouchDB never sends them.
 */

export interface ForwardDeps {
	storage: Storage;
	maxLongpollMs: number;
}

/** Database-level endpoints handed on, with the methods CouchDB takes there. */
const DB_ENDPOINTS: Record<string, readonly string[]> = {
	_all_docs: ['GET', 'HEAD', 'POST'],
	_bulk_docs: ['POST'],
	_bulk_get: ['POST'],
	_revs_diff: ['POST'],
	_ensure_full_commit: ['POST'],
	_compact: ['POST'],
	_changes: ['GET', 'POST'],
	_local: ['GET', 'HEAD', 'PUT', 'DELETE']
};

const DESIGN_REFUSED =
	'design documents are not accepted here: their functions would run inside the gateway';

function refuseDesign(req: Request): never {
	// None can exist, so reading one is simply not finding it.
	if (req.method === 'GET' || req.method === 'HEAD') throw notFound();
	throw forbidden(DESIGN_REFUSED);
}

const isDesignId = (id: unknown) => typeof id === 'string' && id.startsWith('_design/');

/** A document body as an admin may write it: no design id, revisions CouchDB can store. */
function checkDoc(doc: unknown, newEdits: boolean): void {
	if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
		throw badRequest('Document must be a JSON object');
	}
	const d = doc as Record<string, unknown>;
	if (isDesignId(d._id)) throw forbidden(DESIGN_REFUSED);
	const problem = checkRevisions(d, newEdits, 'couchdb');
	if (problem) throw badRequest(`Invalid ${problem.path} [${problem.rule}]`);
}

export async function forwardAdmin(
	deps: ForwardDeps,
	req: Request,
	res: Response,
	segs: string[]
): Promise<void> {
	const path = req.originalUrl.replace(/^\/db/, '') || '/';
	const type = String(req.headers['content-type'] ?? '');
	if (/^multipart\//i.test(type)) {
		throw new CouchError(415, 'bad_content_type', 'multipart bodies are not accepted here');
	}
	if (!['GET', 'HEAD', 'PUT', 'POST', 'DELETE'].includes(req.method)) {
		throw new CouchError(405, 'method_not_allowed', 'method not allowed');
	}
	const [db, sub, ...rest] = segs;
	if (segs.length === 1 && db === '_all_dbs' && req.method === 'GET') {
		return deps.storage.forward(req, res, path);
	}
	if (db.startsWith('_')) throw forbidden('not available through this server');
	if (sub === undefined) return forwardDb(deps, req, res, path);
	if (sub === '_design') refuseDesign(req);
	if (sub.startsWith('_')) {
		const methods = DB_ENDPOINTS[sub];
		if (!methods) throw forbidden('not available through this server');
		if (!methods.includes(req.method)) {
			throw new CouchError(405, 'method_not_allowed', `Only ${methods.join(',')} allowed`);
		}
		if ((sub === '_local') !== rest.length > 0) throw notFound();
		if (sub === '_changes') return changes(deps, req, res, db, path);
		if (sub === '_bulk_docs') {
			const body = await readJson(req);
			const parsed = s.bulkDocsBody.safeParse(body);
			if (!parsed.success) throw badRequest('docs must be an array of documents');
			for (const doc of parsed.data.docs) checkDoc(doc, parsed.data.new_edits !== false);
			return deps.storage.forward(req, res, path, body);
		}
		return deps.storage.forward(req, res, path);
	}
	if (rest.length === 0) return forwardDoc(deps, req, res, path, sub);
	// An attachment: its body is any type, held in memory by express-pouchdb, so it is bounded.
	if (req.method === 'PUT') {
		const length = Number(req.headers['content-length']);
		if (!Number.isFinite(length)) {
			throw new CouchError(411, 'length_required', 'an attachment needs a Content-Length');
		}
		if (length > MAX_BODY_BYTES) {
			throw new CouchError(413, 'too_large', `attachment exceeds ${MAX_BODY_BYTES} bytes`);
		}
	}
	if (req.method === 'POST') throw new CouchError(405, 'method_not_allowed', 'method not allowed');
	return deps.storage.forward(req, res, path);
}

async function forwardDb(deps: ForwardDeps, req: Request, res: Response, path: string) {
	if (req.method !== 'POST') return deps.storage.forward(req, res, path);
	const body = await readJson(req);
	checkDoc(body, true);
	deps.storage.forward(req, res, path, body);
}

async function forwardDoc(
	deps: ForwardDeps,
	req: Request,
	res: Response,
	path: string,
	id: string
) {
	if (req.method === 'POST') throw new CouchError(405, 'method_not_allowed', 'method not allowed');
	if (req.method !== 'PUT') return deps.storage.forward(req, res, path);
	const body = await readJson(req);
	checkDoc({ ...(body as object), _id: id }, parseQuery(s.docPutQuery, req).new_edits !== false);
	deps.storage.forward(req, res, path, body);
}

/**
 * `_changes` of a raw database. Through a CouchDB store, CouchDB answers; in the embedded
 * store express-pouchdb would hold a longpoll open for ever, so the gateway answers itself,
 * with the built-in `_doc_ids`, `_selector` and `_design` filters and its own longpoll timeout.
 */
async function changes(deps: ForwardDeps, req: Request, res: Response, db: string, path: string) {
	if (deps.storage.mode === 'couchdb') return deps.storage.forward(req, res, path);
	const q = parseQuery(s.changesQuery, req);
	const body = req.method === 'POST' ? await parseBody(s.changesBody, req) : {};
	const store = await deps.storage.rawDb(db);
	if (!store) throw notFound();
	const feed = q.feed ?? 'normal';
	if (feed === 'continuous' || feed === 'eventsource') {
		throw badRequest(`feed=${feed} is not supported; use longpoll`);
	}
	const query: RawChangesQuery = {
		since: q.since === undefined ? 0 : /^\d+$/.test(q.since) ? Number(q.since) : q.since,
		limit: q.limit || undefined,
		include_docs: q.include_docs,
		attachments: q.attachments,
		style: q.style,
		conflicts: q.conflicts,
		descending: q.descending
	};
	if (q.filter === '_doc_ids') {
		query.doc_ids = body.doc_ids ?? q.doc_ids;
		if (!query.doc_ids) throw badRequest('filter=_doc_ids needs doc_ids');
	} else if (q.filter === '_selector') {
		if (!body.selector) throw badRequest('filter=_selector needs a selector in the body');
		query.selector = body.selector;
	} else if (q.filter === '_design') query.designOnly = true;
	else if (q.filter !== undefined) throw badRequest(`filter ${q.filter} is not supported here`);
	const info = query.since === 'now' ? await store.info() : null;
	if (info) query.since = info.update_seq;
	const timeoutMs = Math.min(q.timeout ?? deps.maxLongpollMs, deps.maxLongpollMs);
	let page = await store.rawChanges(query);
	if (feed === 'longpoll' && page.results.length === 0 && timeoutMs > 0) {
		res.status(200).type('application/json');
		res.flushHeaders();
		const beat =
			q.heartbeat === undefined
				? undefined
				: setInterval(
						() => res.write('\n'),
						q.heartbeat === 'true' ? 30_000 : Math.max(1000, q.heartbeat)
					);
		try {
			await untilChange(store, timeoutMs, res);
			page = await store.rawChanges(query);
		} finally {
			clearInterval(beat);
		}
		res.end(JSON.stringify(page));
		return;
	}
	res.json(page);
}

/** Resolves on the database's next change, at the timeout, or when the client goes away. */
function untilChange(
	store: { onChange(listener: () => void): () => void },
	timeoutMs: number,
	res: Response
): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			unsubscribe();
			res.off('close', done);
			resolve();
		};
		const timer = setTimeout(done, timeoutMs);
		const unsubscribe = store.onChange(done);
		res.on('close', done);
	});
}
