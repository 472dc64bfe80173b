import type { Request } from 'express';
import { CouchError, badRequest, forbidden } from '../../services/errors.ts';
import { rawQuery } from './parse.ts';

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
export function checkForwardable(req: Request, segs: string[]) {
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
	const feed = rawQuery(req).feed;
	if (feed !== undefined && feed !== 'normal')
		throw badRequest(`feed=${feed} is not available here`);
	if (!['GET', 'HEAD', 'PUT', 'POST', 'DELETE'].includes(req.method)) {
		throw new CouchError(405, 'method_not_allowed', 'method not allowed');
	}
}
