import type { Bilingual } from '$domain/rules';
import { formatIssues, type FieldIssue } from '$domain/validation';
import {
	editsSince,
	isEmptyCollection,
	markPushed,
	preparePull,
	readLocal,
	storeServerVersions,
	writePull,
	updateLocal,
	type AppDatabase,
	type CouchDoc,
	type LocalEdit,
	type PreparedPull,
	type PushCheckpoint,
	type Synced
} from '$lib/db';
import { tombstoneOf } from '$domain/envelope';
import { decodeReason } from '$domain/wire';
import { isoAt, type Clock } from './clock';
import { forgetHandedOver, handedOverRevs } from './handover';
import type { ChangesPage, CouchDatabase, Seq } from './couch';
import type { FeedPosition } from './progress';

/** What one collection's replication reports to the engine. */
export interface CollectionHooks {
	/** Records stored from the server; `seqs` places the page between start and end of the feed. */
	received(n: number, position: FeedPosition): void;
	/** Records that now match the server (it took them, or already had them), at these revisions. */
	pushed(synced: Synced[]): Promise<void>;
	refused(refusals: Refusal[]): Promise<void>;
	/** Server records this app version cannot store (they stay on the server). */
	invalid(count: number): void;
}

/** A local edit the server refused; the record stays on the device, edited. */
export interface Refusal {
	id: string;
	record: Record<string, unknown>;
	reason: Bilingual;
}

interface Checkpoint {
	/** The database URL and user the checkpoint belongs to: another server starts over. */
	of: string;
	since: Seq;
	push: PushCheckpoint | null;
	/** The user's hamlets the pull was made for (`CollectionOptions.scope`). */
	scope?: string;
}

export interface CollectionOptions {
	db: AppDatabase;
	name: string;
	couch: CouchDatabase;
	/** Identifies the server database and user, so checkpoints never cross servers. */
	identity: string;
	/**
	 * The user's hamlets. When they change (a merge, a new assignment) the pull starts over:
	 * the records of a hamlet just gained are older than the checkpoint.
	 */
	scope: string;
	/** The device only uploads this collection. */
	pushOnly: boolean;
	/** The signed-in user, in whose name a deletion is sent. */
	deletedBy: string;
	clock: Clock;
	pullPage: number;
	pushBatch: number;
	longpollMs: number;
	hooks: CollectionHooks;
}

const reasonOf = (issues: FieldIssue[]): Bilingual => ({
	en: formatIssues(issues, 'en'),
	vi: formatIssues(issues, 'vi')
});

/**
 * Replication of one collection over the CouchDB protocol, straight into the device store:
 * pulls `_changes` in pages (the next page is fetched while one is stored) and pushes local
 * edits with `_bulk_docs`, merging on conflict. Checkpoints persist, so it resumes after a
 * reload or a crash; a repeated page or push is recognized by revision and changes nothing.
 */
export class CollectionSync {
	readonly #key: string;
	#checkpoint: Checkpoint | null = null;

	constructor(private readonly o: CollectionOptions) {
		this.#key = `sync-checkpoint:${o.name}`;
	}

	get name(): string {
		return this.o.name;
	}

	get pushOnly(): boolean {
		return this.o.pushOnly;
	}

	async #load(): Promise<Checkpoint> {
		if (!this.#checkpoint || this.#checkpoint.of !== this.o.identity) {
			const saved = await readLocal<Checkpoint | null>(this.o.db, this.#key, null);
			const { identity: of, scope } = this.o;
			this.#checkpoint =
				saved && saved.of === of
					? // Checkpoints older than scopes held the same hamlets: only a change starts over.
						(saved.scope ?? scope) === scope
						? { ...saved, scope }
						: { ...saved, since: 0, scope }
					: { of, since: 0, push: null, scope };
		}
		return this.#checkpoint;
	}

	async #save(change: Partial<Checkpoint>): Promise<void> {
		const cp = { ...(await this.#load()), ...change };
		this.#checkpoint = cp;
		await updateLocal<Checkpoint | null>(this.o.db, this.#key, null, (saved) => ({
			...(saved?.of === cp.of ? saved : cp),
			...change,
			of: cp.of,
			scope: cp.scope
		}));
	}

	/**
	 * Pulls every change since the checkpoint; returns once a page comes back short. Three pages
	 * are under way at once: one being written, the next being validated and sealed, the one after
	 * that being fetched.
	 */
	async pull(signal: AbortSignal): Promise<void> {
		if (this.o.pushOnly) return;
		const { couch, db, name, pullPage } = this.o;
		const from = (await this.#load()).since;
		const fresh = (from === 0 || from === '0') && (await isEmptyCollection(db, name));
		let info: Promise<{ update_seq: Seq } | null> | null = null;
		let next: Promise<ChangesPage> | null = later(
			couch.changes({ since: from, limit: pullPage, signal })
		);
		const writes: Promise<void>[] = [];
		while (next) {
			const page: ChangesPage = await next;
			const more = page.results.length >= pullPage;
			next = more ? later(couch.changes({ since: page.last_seq, limit: pullPage, signal })) : null;
			// Only a long download needs to know where the feed ends, for its progress.
			if (more) info ??= couch.info(signal).catch(() => null);
			const docs = page.results.flatMap((r) => (r.doc ? [r.doc] : []));
			const prepared = await preparePull(db, name, docs, fresh);
			const end = info ? ((await info)?.update_seq ?? null) : null;
			// Written in feed order, so the checkpoint never passes an unwritten page.
			const after = writes.at(-1);
			const write = async () => {
				await after;
				await this.#write(prepared, page.last_seq);
				this.o.hooks.received(page.results.length, { from, at: page.last_seq, to: end });
			};
			writes.push(later(write()));
			// At most one prepared page waits behind the one being written.
			while (writes.length > 1) await writes.shift();
		}
		while (writes.length) await writes.shift();
	}

	/** Waits (long poll) for the next change on the server and stores what arrives. */
	async waitForChanges(signal: AbortSignal): Promise<boolean> {
		const since = (await this.#load()).since;
		const page = await this.o.couch.changes({
			since,
			limit: this.o.pullPage,
			longpoll: true,
			timeoutMs: this.o.longpollMs,
			signal
		});
		if (page.results.length) await this.#store(page, false);
		return page.results.length > 0;
	}

	async #store(page: ChangesPage, fresh: boolean): Promise<void> {
		const docs = page.results.flatMap((r) => (r.doc ? [r.doc] : []));
		await this.#write(await preparePull(this.o.db, this.o.name, docs, fresh), page.last_seq);
	}

	async #write(prepared: PreparedPull, since: Seq): Promise<void> {
		const outcome = await writePull(this.o.db, prepared);
		if (outcome.refused.length) this.o.hooks.invalid(outcome.refused.length);
		await this.#save({ since });
	}

	/**
	 * Pushes every local edit; returns once none is left. Two batches are under way at once, so
	 * the device reads and marks records while the server stores the other batch.
	 */
	async push(signal: AbortSignal): Promise<void> {
		const { db, name, pushBatch } = this.o;
		let cursor = (await this.#load()).push;
		const sending: { merged: Promise<number>; next: PushCheckpoint | null }[] = [];
		let merged = 0;
		const settle = async () => {
			const batch = sending.shift()!;
			merged += await batch.merged;
			const saved = this.#checkpoint?.push;
			if (batch.next && (batch.next.lwt !== saved?.lwt || batch.next.id !== saved?.id)) {
				await this.#save({ push: batch.next });
			}
		};
		for (;;) {
			const { edits, next, scanned } = await editsSince(db, name, cursor, pushBatch);
			cursor = next;
			sending.push({
				merged: later(edits.length ? this.#send(edits, signal) : Promise.resolve(0)),
				next
			});
			if (sending.length > 1) await settle();
			if (scanned < pushBatch) {
				while (sending.length) await settle();
				// A merge writes the record again, after the cursor: the next round sends it.
				if (merged === 0) return;
				merged = 0;
			}
		}
	}

	/** Sends one batch; returns how many records were merged with the server's version. */
	async #send(all: LocalEdit[], signal: AbortSignal): Promise<number> {
		const { couch, db, name, hooks } = this.o;
		const handed = await this.#handedOver(all, signal);
		const edits = all.filter((e) => !handed.has(e.id));
		const byId = new Map(edits.map((e) => [e.id, e]));
		// A deletion of a record the device never sent needs the server's revision, if any.
		const unknown = edits.filter((e) => e.record._deleted && !e.serverRev);
		const lookedUp = unknown.length
			? await couch.current(
					unknown.map((e) => e.id),
					signal
				)
			: null;
		const nothingToDo: { edit: LocalEdit; rev: string | undefined }[] = [];
		const docs: Record<string, unknown>[] = [];
		const sentRev = new Map<string, string | undefined>();
		for (const edit of edits) {
			const found = lookedUp?.get(edit.id);
			if (lookedUp?.has(edit.id) && (!found || found._deleted)) {
				nothingToDo.push({ edit, rev: found?._rev });
				continue;
			}
			const rev = found?._rev ?? edit.serverRev;
			sentRev.set(edit.id, rev);
			docs.push(this.#toCouch(edit, rev));
		}
		const settled = [...nothingToDo, ...handed.values()];
		const synced = settled.length ? await markPushed(db, name, settled) : [];
		await forgetHandedOver(db, name, [...handed.keys()]);
		const rows = docs.length ? await couch.bulkDocs(docs, signal) : [];
		const accepted: { edit: LocalEdit; rev: string }[] = [];
		const conflicts: LocalEdit[] = [];
		const refusedRows: { edit: LocalEdit; reason: unknown }[] = [];
		for (const row of rows) {
			const edit = row.id ? byId.get(row.id) : undefined;
			if (!edit) continue;
			if (row.ok && row.rev) accepted.push({ edit, rev: row.rev });
			else if (row.error === 'conflict') conflicts.push(edit);
			else refusedRows.push({ edit, reason: row.reason });
		}
		if (accepted.length) synced.push(...(await markPushed(db, name, accepted)));
		const asked = [...conflicts, ...refusedRows.map((r) => r.edit)];
		const remote = asked.length
			? await couch.current(
					asked.map((e) => e.id),
					signal
				)
			: new Map<string, CouchDoc | null>();
		const refused: Refusal[] = [];
		for (const { edit, reason } of refusedRows) {
			// A server may check its rules before the revision: refused against a version this
			// edit has not seen yet is a conflict, merged first and then judged again.
			const theirs = remote.get(edit.id);
			if (theirs && theirs._rev !== sentRev.get(edit.id)) conflicts.push(edit);
			else refused.push({ id: edit.id, record: edit.record, reason: decodeReason(reason) });
		}
		let merged = 0;
		if (conflicts.length) {
			const result = await storeServerVersions(
				db,
				name,
				conflicts.map((edit) => ({ edit, remote: remote.get(edit.id) ?? null }))
			);
			synced.push(...result.settled);
			merged = result.merged.length;
			for (const { id, issues } of result.invalid) {
				refused.push({ id, record: byId.get(id)!.record, reason: reasonOf(issues) });
			}
		}
		if (refused.length) await hooks.refused(refused);
		if (synced.length) await hooks.pushed(synced);
		return merged;
	}

	/**
	 * Edits handed over in a file whose revision the office has imported: the server holds
	 * them already, so they are settled at that revision and not sent.
	 */
	async #handedOver(
		edits: LocalEdit[],
		signal: AbortSignal
	): Promise<Map<string, { edit: LocalEdit; rev: string }>> {
		const revs = await handedOverRevs(this.o.db, this.o.name, edits);
		if (revs.size === 0) return new Map();
		const diff = await this.o.couch.revsDiff(
			Object.fromEntries([...revs].map(([id, rev]) => [id, [rev]])),
			signal
		);
		return new Map(
			edits.flatMap((edit) => {
				const rev = revs.get(edit.id);
				return rev && !diff[edit.id]?.missing?.includes(rev) ? [[edit.id, { edit, rev }]] : [];
			})
		);
	}

	/** A local edit as CouchDB takes it: a deletion carries nothing of the record, stamped now. */
	#toCouch(edit: LocalEdit, rev = edit.serverRev): Record<string, unknown> {
		const revision = rev ? { _rev: rev } : {};
		if (edit.record._deleted) {
			const { id, ...tombstone } = tombstoneOf(edit.id, this.o.deletedBy, isoAt(this.o.clock));
			return { _id: id, ...revision, ...tombstone };
		}
		const { _deleted: _d, ...fields } = edit.record;
		return { ...fields, _id: edit.id, ...revision };
	}
}

/**
 * Marks a promise that is awaited later, after other awaits: if it fails first, that is not an
 * unhandled rejection. Awaiting it still throws.
 */
function later<T>(p: Promise<T>): Promise<T> {
	p.catch(() => undefined);
	return p;
}
