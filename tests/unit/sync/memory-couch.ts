import { SYNC_FORMAT_VERSION } from '$lib/domain/wire';
import type { Clock } from '../../../src/lib/sync/clock';

type Doc = Record<string, unknown> & { _id: string; _rev: string; _deleted?: boolean };

/**
 * The part of the CouchDB protocol the sync engine speaks, in memory, as a `fetch`: the session's
 * sync format, `_changes`
 * (normal and long poll), `_bulk_docs` with revision checks, `_all_docs` by keys. Tests switch
 * the network off, expire tokens on the fake clock, and refuse documents.
 */
export class MemoryCouch {
	/** When false, every request fails as fetch does without a network. */
	up = true;
	/** Requests seen, as `METHOD path`. */
	readonly requests: string[] = [];
	readonly #dbs = new Map<string, { seq: number; docs: Map<string, Doc>; log: string[] }>();
	readonly #tokens = new Map<string, number>();
	readonly #waiters = new Set<() => void>();
	#revs = 0;

	constructor(
		private readonly clock: Clock,
		/** A reason (`english | vietnamese`) to refuse a document with, or null to take it. */
		private readonly refuse: (doc: Record<string, unknown>) => string | null = () => null
	) {}

	/** A session token valid until `until` (ms on the fake clock). */
	issue(token: string, until = Infinity): void {
		this.#tokens.set(token, until);
	}

	docs(db: string): Doc[] {
		return [...this.#db(db).docs.values()];
	}

	readonly fetch = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
		const url = new URL(String(input));
		this.requests.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
		if (!this.up) throw new TypeError('fetch failed');
		const token = new Headers(init?.headers).get('authorization')?.replace('Bearer ', '') ?? '';
		if ((this.#tokens.get(token) ?? -1) <= this.clock.now()) {
			return Response.json({ error: 'unauthorized' }, { status: 401 });
		}
		if (url.pathname === '/api/session') return Response.json({ syncFormat: SYNC_FORMAT_VERSION });
		const [, , name, endpoint] = url.pathname.split('/');
		const db = this.#db(name);
		const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : {};
		if (!endpoint) return Response.json({ db_name: name, update_seq: db.seq });
		if (endpoint === '_changes') return Response.json(await this.#changes(db, url, init?.signal));
		if (endpoint === '_bulk_docs')
			return Response.json(this.#write(db, body.docs as Doc[]), { status: 201 });
		if (endpoint === '_all_docs') {
			return Response.json({
				rows: (body.keys as string[]).map((key) => {
					const doc = db.docs.get(key);
					if (!doc) return { key, error: 'not_found' };
					const value = { rev: doc._rev, ...(doc._deleted ? { deleted: true } : {}) };
					return { id: key, key, value, doc: doc._deleted ? null : doc };
				})
			});
		}
		return Response.json({ error: 'not_found' }, { status: 404 });
	}) as typeof fetch;

	#db(name: string) {
		let db = this.#dbs.get(name);
		if (!db) this.#dbs.set(name, (db = { seq: 0, docs: new Map(), log: [] }));
		return db;
	}

	async #changes(
		db: { seq: number; docs: Map<string, Doc>; log: string[] },
		url: URL,
		signal?: AbortSignal | null
	) {
		const since = Number(url.searchParams.get('since') ?? 0);
		const limit = Number(url.searchParams.get('limit') ?? 1000);
		if (url.searchParams.get('feed') === 'longpoll' && db.seq <= since) {
			await new Promise<void>((resolve, reject) => {
				const done = () => {
					this.#waiters.delete(done);
					cancel();
					resolve();
				};
				const cancel = this.clock.after(Number(url.searchParams.get('timeout') ?? 25_000), done);
				this.#waiters.add(done);
				signal?.addEventListener('abort', () => {
					this.#waiters.delete(done);
					cancel();
					reject(new DOMException('aborted', 'AbortError'));
				});
			});
		}
		// The log holds one id per sequence; a later write of the same id supersedes the earlier.
		const results: { id: string; seq: number; changes: { rev: string }[]; doc: Doc }[] = [];
		for (let seq = since + 1; seq <= db.seq && results.length < limit; seq++) {
			const id = db.log[seq - 1];
			if (db.log.lastIndexOf(id) !== seq - 1) continue;
			const doc = db.docs.get(id)!;
			results.push({ id, seq, changes: [{ rev: doc._rev }], doc });
		}
		return { results, last_seq: results.at(-1)?.seq ?? Math.max(since, 0) };
	}

	#write(db: { seq: number; docs: Map<string, Doc>; log: string[] }, docs: Doc[]) {
		const rows = docs.map((doc) => {
			const current = db.docs.get(doc._id);
			if ((current?._rev ?? undefined) !== (doc._rev ?? undefined)) {
				// CouchDB lets a deleted document be written again without its revision.
				if (!(current?._deleted && !doc._rev))
					return { id: doc._id, error: 'conflict', reason: 'Document update conflict.' };
			}
			const reason = doc._deleted ? null : this.refuse(doc);
			if (reason) return { id: doc._id, error: 'forbidden', reason };
			const height = current ? Number(current._rev.split('-')[0]) + 1 : 1;
			const stored = { ...doc, _rev: `${height}-m${++this.#revs}` };
			db.docs.set(doc._id, stored);
			db.log.push(doc._id);
			db.seq++;
			return { ok: true, id: doc._id, rev: stored._rev };
		});
		for (const wake of [...this.#waiters]) wake();
		return rows;
	}
}
