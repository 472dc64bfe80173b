import { noMeter, type CouchDoc, type StageMeter } from '$lib/db';

export type Seq = string | number;

export interface ChangeRow {
	id: string;
	seq: Seq;
	changes: { rev: string }[];
	deleted?: boolean;
	doc?: CouchDoc;
}

export interface ChangesPage {
	results: ChangeRow[];
	last_seq: Seq;
	/** Changes left after this page, when the server says (CouchDB does). */
	pending?: number;
}

export type BulkRow = { id?: string; ok?: boolean; rev?: string; error?: string; reason?: string };

export interface CouchHooks {
	token(): string | null;
	/** Any HTTP answer: the server is reachable. */
	reachable(): void;
	/** fetch threw: no network or server down. */
	unreachable(err: unknown): void;
	/** 401: the session token expired or was revoked. */
	unauthorized(): void;
}

export class UnauthorizedError extends Error {
	override readonly name = 'UnauthorizedError';
}

/** No answer at all: offline, or the server is down. */
export class UnreachableError extends Error {
	override readonly name = 'UnreachableError';
}

/** The server answered with an error status. */
export class HttpError extends Error {
	override readonly name = 'HttpError';
	constructor(
		readonly status: number,
		message: string
	) {
		super(message);
	}
}

/** The endpoints of one CouchDB database the replicator uses, with the session's token. */
export class CouchDatabase {
	readonly #url: string;

	constructor(
		url: string,
		private readonly fetch: typeof globalThis.fetch,
		private readonly hooks: CouchHooks,
		private readonly meter: StageMeter = noMeter
	) {
		this.#url = url.endsWith('/') ? url : `${url}/`;
	}

	info(signal?: AbortSignal): Promise<{ update_seq: Seq }> {
		return this.#request('', { signal });
	}

	/** One page of `_changes` with documents; `longpoll` waits up to `timeoutMs` for a first change. */
	changes(p: {
		since: Seq;
		limit: number;
		longpoll?: boolean;
		timeoutMs?: number;
		signal?: AbortSignal;
	}): Promise<ChangesPage> {
		const q = new URLSearchParams({
			include_docs: 'true',
			since: String(p.since),
			limit: String(p.limit)
		});
		if (p.longpoll) {
			q.set('feed', 'longpoll');
			q.set('timeout', String(p.timeoutMs ?? 25_000));
		}
		// A longpoll waits for changes: that is not server work.
		return this.#request(`_changes?${q}`, { signal: p.signal }, !p.longpoll);
	}

	bulkDocs(docs: Record<string, unknown>[], signal?: AbortSignal): Promise<BulkRow[]> {
		return this.#request('_bulk_docs', {
			method: 'POST',
			body: JSON.stringify({ docs }),
			signal
		});
	}

	/** `_revs_diff`: of these revisions, the ones the server does not hold (ids it holds all of are left out). */
	revsDiff(
		revs: Record<string, string[]>,
		signal?: AbortSignal
	): Promise<Record<string, { missing?: string[] }>> {
		return this.#request('_revs_diff', { method: 'POST', body: JSON.stringify(revs), signal });
	}

	/** The server's current version of each id: a tombstone for deleted ones, null if it has none. */
	async current(ids: string[], signal?: AbortSignal): Promise<Map<string, CouchDoc | null>> {
		const res = await this.#request<{
			rows: { key: string; value?: { rev: string; deleted?: boolean }; doc?: CouchDoc | null }[];
		}>('_all_docs?include_docs=true', {
			method: 'POST',
			body: JSON.stringify({ keys: ids }),
			signal
		});
		const out = new Map<string, CouchDoc | null>(ids.map((id) => [id, null]));
		for (const row of res.rows ?? []) {
			if (row.value?.deleted)
				out.set(row.key, { _id: row.key, _rev: row.value.rev, _deleted: true });
			else if (row.doc) out.set(row.key, row.doc);
		}
		return out;
	}

	#request<T>(path: string, init: RequestInit, metered = true): Promise<T> {
		return requestJson<T>(
			this.fetch,
			this.hooks,
			this.#url + path,
			init,
			metered ? this.meter : noMeter
		);
	}
}

/** One JSON request with the session's token; reports reachability and expiry to `hooks`. */
async function requestJson<T>(
	fetch: typeof globalThis.fetch,
	hooks: CouchHooks,
	url: string,
	init: RequestInit,
	meter: StageMeter = noMeter
): Promise<T> {
	// A stopped run sends nothing more: its retry is already scheduled.
	init.signal?.throwIfAborted();
	const token = hooks.token();
	if (!token) {
		hooks.unauthorized();
		throw new UnauthorizedError('no session token');
	}
	const headers = new Headers({ authorization: `Bearer ${token}`, accept: 'application/json' });
	if (init.body) headers.set('content-type', 'application/json');
	const endServer = meter.begin('server');
	let res: Response;
	try {
		res = await fetch(url, { ...init, headers });
	} catch (err) {
		if (init.signal?.aborted) throw err;
		hooks.unreachable(err);
		throw new UnreachableError(err instanceof Error ? err.message : 'unreachable');
	} finally {
		endServer();
	}
	hooks.reachable();
	if (res.status === 401) {
		hooks.unauthorized();
		throw new UnauthorizedError('session expired');
	}
	if (!res.ok) throw new HttpError(res.status, `${new URL(url).pathname}: ${res.status}`);
	const endNetwork = meter.begin('network');
	try {
		return (await orAbort(res.json(), init.signal)) as T;
	} catch (err) {
		if (init.signal?.aborted) throw err;
		if (err instanceof SyntaxError)
			throw new HttpError(res.status, `${new URL(url).pathname}: not JSON`);
		// The connection broke while the answer came in.
		hooks.unreachable(err);
		throw new UnreachableError(err instanceof Error ? err.message : 'unreachable');
	} finally {
		endNetwork();
	}
}

/** The sync format the server says it speaks (`/api/session`), undefined if it does not say. */
export async function syncFormatOf(
	sessionUrl: string,
	fetch: typeof globalThis.fetch,
	hooks: CouchHooks,
	signal?: AbortSignal
): Promise<unknown> {
	const session = await requestJson<{ syncFormat?: unknown }>(fetch, hooks, sessionUrl, { signal });
	return session.syncFormat;
}

/** `p`, or the abort: a body that never completes must not keep a stopped request waiting. */
function orAbort<T>(p: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
	if (!signal) return p;
	if (signal.aborted) return Promise.reject(signal.reason);
	let abort = () => {};
	const aborted = new Promise<never>((_resolve, reject) => {
		abort = () => reject(signal.reason);
		signal.addEventListener('abort', abort, { once: true });
	});
	return Promise.race([p, aborted]).finally(() => signal.removeEventListener('abort', abort));
}
