import type { Bilingual } from '$domain/rules';
import { decodeReason } from '$domain/wire';

/** One document the server refused in `_bulk_docs`, with the reason split into its two languages. */
export interface Refusal {
	id: string;
	reason: Bilingual;
	/** The refused document as sent (CouchDB shape). */
	doc: Record<string, unknown> | undefined;
	/** The server's version of it just before the push, if any (CouchDB shape). */
	serverDoc: Record<string, unknown> | undefined;
}

export interface CouchFetchHooks {
	token(): string | null;
	/** Any HTTP answer: the server is reachable. */
	reachable(): void;
	/** fetch threw: no network or server down. */
	unreachable(err: unknown): void;
	/** 401: the session token expired or was revoked. */
	unauthorized(): void;
	/** Called before the push is reported done, so quarantine is stored first. */
	refused(refusals: Refusal[]): Promise<void>;
	accepted(ids: string[]): Promise<void>;
}

export class UnauthorizedError extends Error {
	override readonly name = 'UnauthorizedError';
}

type BulkRow = { id?: string; ok?: boolean; rev?: string; error?: string; reason?: string };

/**
 * The fetch RxDB's CouchDB replication uses: adds the bearer token, reports
 * connectivity and expiry, and turns per-document refusals in `_bulk_docs`
 * into quarantine. RxDB's push throws on any refused row and retries the
 * whole batch forever, so refused rows are reported to it as written; the
 * document stays on the device, marked, until the volunteer fixes it.
 */
export function couchFetch(base: typeof fetch, hooks: CouchFetchHooks): typeof fetch {
	/** Server versions from the `_all_docs` lookup RxDB makes right before each `_bulk_docs`. */
	const lastLookup = new Map<string, Record<string, unknown>>();
	return async (input, init) => {
		const token = hooks.token();
		if (!token) {
			hooks.unauthorized();
			throw new UnauthorizedError('no session token');
		}
		const headers = new Headers(init?.headers);
		headers.set('authorization', `Bearer ${token}`);
		const url = String(input instanceof Request ? input.url : input);
		let res: Response;
		try {
			res = await base(url, { ...init, headers });
		} catch (err) {
			hooks.unreachable(err);
			throw err;
		}
		hooks.reachable();
		if (res.status === 401) {
			hooks.unauthorized();
			throw new UnauthorizedError('session expired');
		}
		const path = new URL(url, 'http://x').pathname;
		if (init?.method === 'POST' && path.endsWith('/_all_docs') && res.ok) {
			const json = (await res.clone().json()) as {
				rows?: { id?: string; doc?: Record<string, unknown> }[];
			};
			for (const row of json.rows ?? []) if (row.id && row.doc) lastLookup.set(row.id, row.doc);
			return res;
		}
		if (init?.method !== 'POST' || !path.endsWith('/_bulk_docs') || !res.ok) return res;
		const rows = (await res.json()) as BulkRow[];
		const sent = new Map<string, Record<string, unknown>>();
		try {
			const body = JSON.parse(String(init.body)) as { docs?: Record<string, unknown>[] };
			for (const d of body.docs ?? []) sent.set(String(d._id), d);
		} catch {
			// The body is RxDB's own JSON; without it refusals are still recorded, unlabeled.
		}
		const looked = new Map<string, Record<string, unknown>>();
		for (const id of sent.keys()) {
			const doc = lastLookup.get(id);
			if (doc) looked.set(id, doc);
			lastLookup.delete(id);
		}
		const refusals: Refusal[] = [];
		const accepted: string[] = [];
		const out = rows.map((row) => {
			if (row.ok || row.error === 'conflict' || !row.id) {
				if (row.ok && row.id) accepted.push(row.id);
				return row;
			}
			refusals.push({
				id: row.id,
				reason: decodeReason(row.reason),
				doc: sent.get(row.id),
				serverDoc: looked.get(row.id)
			});
			return { ok: true, id: row.id, rev: '0-quarantined' };
		});
		if (refusals.length) await hooks.refused(refusals);
		if (accepted.length) await hooks.accepted(accepted);
		return new Response(JSON.stringify(out), {
			status: res.status,
			headers: { 'content-type': 'application/json' }
		});
	};
}
