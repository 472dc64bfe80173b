// svelte-check reaches this file only through test imports, so it needs the ambient module named here.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./express-pouchdb.d.ts" />
import { existsSync, mkdirSync } from 'node:fs';
import { basename } from 'node:path';
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join, resolve } from 'node:path';
import PouchDB from 'pouchdb-node';
import expressPouchDB from 'express-pouchdb';
import cleanFilename from 'express-pouchdb/lib/clean-filename.js';
import { PageCache } from './page-cache.ts';
import { PouchDocDb, type ChangesPage } from './pouch.ts';
import { repairEmbedded } from './repair.ts';
import { guardLevelDb } from './safe-leveldb.ts';
import type { DocDb, Storage } from './types.ts';

export type * from './types.ts';
export { isStorageError } from './types.ts';

export interface StorageOptions {
	dataDir: string;
	/** Apache CouchDB base URL, credentials included (`http://admin:pw@host:5984`). */
	couchdbUrl?: string;
	/** Where bad stored documents met by a reader are reported. */
	log?: (line: string) => void;
}

export async function openStorage(opts: StorageOptions): Promise<Storage> {
	const log = opts.log ?? ((line: string) => console.error(line));
	return opts.couchdbUrl ? openRemote(opts.couchdbUrl) : openEmbedded(resolve(opts.dataDir), log);
}

/**
 * `_changes` pages of all databases together, in JSON bytes; in memory a page weighs several
 * times more. Pages of live clients (a few hundred rows) fit; large one-off pages are not kept.
 */
const PAGE_CACHE_BYTES = 4 * 1024 * 1024;
const PAGE_CACHE_ENTRY_BYTES = 512 * 1024;

function cache(make: (name: string) => PouchDocDb) {
	const dbs = new Map<string, PouchDocDb>();
	return {
		get(name: string) {
			let db = dbs.get(name);
			if (!db) dbs.set(name, (db = make(name)));
			return db;
		},
		closeAll() {
			for (const db of dbs.values()) db.close();
		}
	};
}

async function openEmbedded(dataDir: string, log: (line: string) => void): Promise<Storage> {
	mkdirSync(join(dataDir, '_internal'), { recursive: true });
	const report = (db: string, id: string, what: string) =>
		log(
			`bad document ${JSON.stringify(id)} in ${basename(db)}: ${what}; skipped. ` +
				`Run: npm run admin -- repair ${basename(db)}`
		);
	const Base = PouchDB.defaults({ prefix: dataDir + '/' });
	// Every instance of a client or forwarded database, express-pouchdb's included, is guarded.
	class Public extends Base {
		constructor(...args: ConstructorParameters<typeof Base>) {
			super(...args);
			guardLevelDb(this as never, report);
		}
	}
	// Internal databases live under another prefix, out of express-pouchdb's reach.
	const Internal = PouchDB.defaults({ prefix: join(dataDir, '_internal') + '/' });
	// minimumForPouchDB: no CouchDB auth, _users, _config or _security code is even loaded.
	const couch = expressPouchDB({
		mode: 'minimumForPouchDB',
		overrideMode: {
			exclude: ['compression', 'routes/temp-views', 'routes/views', 'routes/view-cleanup']
		}
	});
	await couch.setPouchDB(Public);
	const open = new Map<string, PouchDB.Database<Record<string, unknown>>>();
	const pouchOf = (name: string) => {
		let p = open.get(name);
		if (!p) open.set(name, (p = new Public(name)));
		return p;
	};
	const pages = new PageCache<ChangesPage>(PAGE_CACHE_BYTES, PAGE_CACHE_ENTRY_BYTES);
	const dbs = cache((name) => new PouchDocDb(name, pouchOf(name), pages, true));
	const internal = cache((name) => new PouchDocDb(name, new Internal(name), pages));
	return {
		mode: 'embedded',
		db: (name) => dbs.get(name),
		internalDb: async (name) => internal.get(name),
		async createDb(name) {
			await pouchOf(name).info();
		},
		async rawDb(name) {
			const file = cleanFilename(name);
			return existsSync(join(dataDir, file)) ? dbs.get(file) : null;
		},
		repair: (name, at) =>
			repairEmbedded({
				dataDir,
				name,
				at,
				open: (n) => new Public(n),
				quarantine: async () => internal.get('tramso_quarantine')
			}),
		forward(req, res, path, json) {
			req.url = path;
			if (json !== undefined) {
				// Already read: express-pouchdb's body parser skips a request marked as parsed.
				Object.assign(req, { body: json, _body: true });
			}
			// express 5 defines `query` as a getter that express-pouchdb's express 4 prototype drops.
			const search = new URLSearchParams(
				path.includes('?') ? path.slice(path.indexOf('?') + 1) : ''
			);
			Object.defineProperty(req, 'query', {
				value: Object.fromEntries(search),
				writable: true,
				configurable: true,
				enumerable: true
			});
			couch(req, res, () => {
				res.statusCode = 404;
				res.end(JSON.stringify({ error: 'not_found', reason: 'no such CouchDB endpoint' }));
			});
		},
		async close() {
			dbs.closeAll();
			internal.closeAll();
			await Promise.all([...open.values()].map((p) => p.close().catch(() => undefined)));
		}
	};
}

async function openRemote(couchdbUrl: string): Promise<Storage> {
	const base = new URL(couchdbUrl.endsWith('/') ? couchdbUrl : couchdbUrl + '/');
	const auth = base.username
		? { username: decodeURIComponent(base.username), password: decodeURIComponent(base.password) }
		: undefined;
	base.username = '';
	base.password = '';
	const authHeader = auth
		? 'Basic ' + Buffer.from(`${auth.username}:${auth.password}`).toString('base64')
		: undefined;
	const remote = (name: string) =>
		new PouchDB<Record<string, unknown>>(new URL(encodeURIComponent(name), base).href, {
			auth,
			skip_setup: true
		} as PouchDB.Configuration.RemoteDatabaseConfiguration);
	const pages = new PageCache<ChangesPage>(PAGE_CACHE_BYTES, PAGE_CACHE_ENTRY_BYTES);
	const dbs = cache((name) => new PouchDocDb(name, remote(name), pages));
	const createDb = async (name: string) => {
		const p = new PouchDB(new URL(encodeURIComponent(name), base).href, { auth });
		await p.info();
	};
	return {
		mode: 'couchdb',
		db: (name) => dbs.get(name),
		async internalDb(name): Promise<DocDb> {
			await createDb(name);
			return dbs.get(name);
		},
		createDb,
		// CouchDB checks revision histories itself: nothing it stores can poison a reader.
		repair: async () => ({ checked: 0, quarantined: [] }),
		rawDb: async () => null,
		forward(req: IncomingMessage, res: ServerResponse, path: string, json?: unknown) {
			const target = new URL(path.replace(/^\/+/, ''), base);
			const headers: Record<string, string> = {};
			for (const h of ['content-type', 'accept', 'content-length']) {
				const v = req.headers[h];
				if (typeof v === 'string') headers[h] = v;
			}
			const body = json === undefined ? null : Buffer.from(JSON.stringify(json));
			if (body) {
				headers['content-type'] = 'application/json';
				headers['content-length'] = String(body.length);
			}
			if (authHeader) headers.authorization = authHeader;
			const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
			const upstream = send(target, { method: req.method, headers }, (up) => {
				res.writeHead(up.statusCode ?? 502, {
					'content-type': up.headers['content-type'] ?? 'application/json'
				});
				up.pipe(res);
			});
			upstream.on('error', () => {
				if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: 'bad_gateway', reason: 'CouchDB unreachable' }));
			});
			if (body) upstream.end(body);
			else req.pipe(upstream);
		},
		async close() {
			dbs.closeAll();
		}
	};
}
