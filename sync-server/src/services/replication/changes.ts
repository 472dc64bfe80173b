import type { Actor } from '../../../../src/lib/domain/index.ts';
import type { ChangeRow, Seq } from '../../storage/index.ts';
import { MAX_ROWS, publicView, readable, type ReplicationContext } from './context.ts';

/** Scans upstream in pages of this size when filtering leaves a page empty. */
const SCAN_PAGE = 500;
/** Largest page read from the store at once: a 10,000-row answer is read in chunks, not all at once. */
const READ_CHUNK = 2_000;
/** Re-checks a waiting longpoll this often even without a change event. */
const RECHECK_MS = 5_000;

export interface ChangesParams {
	since: Seq | 'now';
	limit?: number;
	includeDocs: boolean;
	style?: 'all_docs' | 'main_only';
	conflicts?: boolean;
	descending?: boolean;
	docIds?: string[];
	longpoll: boolean;
	timeoutMs: number;
}

/**
 * `_changes` limited to what the actor may read. Pages whose rows are all out of scope are
 * skipped (a client stops pulling on an empty page); a longpoll with nothing in scope waits
 * for the next change until its timeout instead of returning early.
 */
export async function changes(
	ctx: ReplicationContext,
	p: ChangesParams,
	signal: AbortSignal
): Promise<{ results: ChangeRow[]; last_seq: Seq }> {
	const { db } = ctx.target;
	const canSee = readable(ctx);
	const first: Seq = p.since === 'now' ? (await db.info()).update_seq : p.since;
	let since = first;
	const deadline = Date.now() + p.timeoutMs;
	const rows: ChangeRow[] = [];
	// Without a limit CouchDB returns everything; here a response stops at MAX_ROWS and the client pages on.
	const cap = Math.min(p.limit ?? MAX_ROWS, MAX_ROWS);
	let pages = 0;
	// One abort listener per request: a longpoll re-checks many times and must not add one each time.
	const stop = aborted(signal);
	// Rows read from the store stay in memory until the answer is sent: the budget is held as long.
	const held = ctx.reads.hold(ctx.actor.username, cap);
	try {
		for (;;) {
			let wake = () => {};
			const changed = new Promise<void>((resolve) => (wake = resolve));
			const unsubscribe = p.longpoll ? db.onChange(wake) : () => {};
			try {
				const wanted = p.limit ? cap - rows.length : Math.min(SCAN_PAGE, cap - rows.length);
				// After a sparse first page, scan in big pages so `limit=1` cannot mean one read per row.
				const pageSize = Math.min(pages++ === 0 ? wanted : Math.max(wanted, SCAN_PAGE), READ_CHUNK);
				const page = await db.changes(
					{
						since,
						limit: pageSize,
						style: p.style,
						conflicts: p.conflicts,
						descending: p.descending,
						doc_ids: p.docIds
					},
					held.gate
				);
				since = page.last_seq;
				// Only volunteers can lose records from their scope; moves are cached, read per page.
				const left = ctx.actor.role === 'volunteer' ? await ctx.moves.left(db.name) : null;
				for (let row of page.results) {
					if (!canSee(row.doc)) {
						const removal = left && removalFor(ctx.actor, row, left);
						if (!removal) continue;
						row = removal;
					}
					// Pages are shared between requests: copy rather than strip in place.
					rows.push(p.includeDocs ? withPublicDoc(row) : withoutDoc(row));
					if (rows.length >= cap) {
						since = row.seq;
						break;
					}
				}
				const exhausted = page.results.length < pageSize || p.descending;
				if (rows.length >= cap) break;
				if (!exhausted) continue;
				if (rows.length > 0 || !p.longpoll || signal.aborted || Date.now() >= deadline) break;
				// Nothing is held while waiting.
				held.release();
				await Promise.race([changed, sleep(Math.min(RECHECK_MS, deadline - Date.now())), stop]);
			} finally {
				unsubscribe();
			}
		}
	} finally {
		held.release();
	}
	// A doc_ids feed reports only what it showed: the seq of a hidden record would betray it.
	const last = p.docIds ? (rows.at(-1)?.seq ?? first) : since;
	return { results: rows, last_seq: last };
}

/**
 * A record that left the volunteer's hamlets (moved by an official) reaches their device as a
 * deletion, so the phone stops holding another hamlet's record. Its content is never sent.
 */
function removalFor(
	actor: Actor,
	row: ChangeRow,
	left: ReadonlyMap<string, string[]>
): ChangeRow | null {
	if (row.doc?.commune !== actor.commune) return null;
	const from = left.get(row.id);
	if (!from?.some((h) => actor.hamlets.includes(h))) return null;
	const rev = row.changes[0]?.rev ?? String(row.doc?._rev);
	return {
		id: row.id,
		seq: row.seq,
		changes: [{ rev }],
		deleted: true,
		doc: { _id: row.id, _rev: rev, _deleted: true }
	};
}

function withPublicDoc(row: ChangeRow): ChangeRow {
	return row.doc?._deleted ? { ...row, doc: publicView(row.doc) } : row;
}

function withoutDoc(row: ChangeRow): ChangeRow {
	const { id, seq, changes, deleted } = row;
	return { id, seq, changes, ...(deleted ? { deleted } : {}) };
}

function sleep(ms: number) {
	return new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());
}

function aborted(signal: AbortSignal) {
	return new Promise<void>((resolve) =>
		signal.addEventListener('abort', () => resolve(), { once: true })
	);
}
