import type { NextFunction, Request, Response } from 'express';
import { parseRemoteDbName, collectionSpec } from '../../../../src/lib/domain/index.ts';
import type { Directory, StoredUser } from '../../directory/directory.ts';
import type { Audit } from '../../services/audit.ts';
import type { Moves } from '../../services/moves.ts';
import type { ReadBudget } from '../../services/read-budget.ts';
import type { Auth } from '../../services/auth.ts';
import { toActor } from '../../services/auth.ts';
import {
	CouchError,
	badRequest,
	forbidden,
	notFound,
	unauthorized
} from '../../services/errors.ts';
import type { ReplicationContext } from '../../services/replication/index.ts';
import type { Storage } from '../../storage/index.ts';
import { endpointOf, handle } from './endpoints.ts';
import { forwardAdmin } from './forward.ts';

export interface CouchDeps {
	auth: Auth;
	directory: Directory;
	storage: Storage;
	audit: Audit;
	moves: Moves;
	reads: ReadBudget;
	now: () => Date;
	serverId: string;
	/** Longest a longpoll `_changes` waits, in ms. */
	maxLongpollMs: number;
	recordChecks?: ReplicationContext['recordChecks'];
	merges?: ReplicationContext['merges'];
	refusals?: ReplicationContext['refusals'];
}

/** CouchDB's rule for database names ('/' included, '.' never, so no path can climb out). */
const DB_NAME = /^[a-z][a-z0-9_$()+/-]{0,237}$/;

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
			// The root answers without credentials, as CouchDB's does: clients probe it first.
			if (segments(req).length === 0) return welcome(deps, req, res);
			const user = await deps.auth.actor(req.headers.authorization, req.ip ?? '');
			if (!user) throw unauthorized('authentication required');
			await route(deps, user, req, res);
		} catch (err) {
			next(err);
		}
	};
}

function welcome(deps: CouchDeps, req: Request, res: Response) {
	if (req.method !== 'GET' && req.method !== 'HEAD')
		throw new CouchError(405, 'method_not_allowed', 'Only GET allowed');
	res.json({
		couchdb: 'Welcome',
		version: '3.3.3',
		uuid: deps.serverId,
		vendor: { name: 'Trạm Số' }
	});
}

async function route(deps: CouchDeps, user: StoredUser, req: Request, res: Response) {
	const segs = segments(req);
	const isAdmin = user.role === 'admin';
	const forward = () => {
		if (!isAdmin) throw forbidden('You are not a server admin.');
		// With COUCHDB_URL the server's own databases sit next to the forwarded ones.
		if (deps.storage.mode === 'couchdb' && segs[0]?.startsWith('tramso_'))
			throw forbidden('reserved database');
		return forwardAdmin(deps, req, res, segs);
	};
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
	const found = endpointOf(rest);
	if (!found && rest[0] === '_local') throw notFound();
	if (!found) return forward();
	const ctx: ReplicationContext = {
		actor: toActor(user),
		audit: deps.audit,
		moves: deps.moves,
		reads: deps.reads,
		now: deps.now,
		recordChecks: deps.recordChecks,
		merges: deps.merges,
		refusals: deps.refusals,
		target: {
			db: deps.storage.db(dbName),
			name: dbName,
			commune: parsed.commune,
			collection: parsed.collection,
			spec: collectionSpec(parsed.collection)!,
			hamlets: await deps.directory.hamletIds(parsed.commune),
			mergedInto: await deps.directory.mergedInto(parsed.commune)
		}
	};
	await handle(found.endpoint, {
		ctx,
		req,
		res,
		id: found.id,
		name: found.name,
		isAdmin,
		maxLongpollMs: deps.maxLongpollMs
	});
}
