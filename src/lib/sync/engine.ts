import { replicateCouchDB, type RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import type { PublicUser } from '$domain/directory';
import { tombstoneOf, type Conflict } from '$domain/envelope';
import { migrateRecord } from '$domain/records';
import { isKnownSyncFormat, isPushOnly } from '$domain/wire';
import {
	addToQuarantine,
	readLocal,
	clearOutboxBefore,
	readOutbox,
	readQuarantine,
	recordLabel,
	releaseFromQuarantine,
	removeFromOutbox,
	specOf,
	updateLocal,
	watchOutbox,
	watchQuarantine,
	type AppDatabase,
	type Outbox,
	type QuarantineEntry,
	type RecordDoc
} from '$lib/db';
import { couchFetch, type Refusal } from './couch-fetch';
import { NO_SYNC_TIMES, SYNC_TIMES_KEY, type SyncTimes } from './times';

export type { SyncTimes } from './times';

/** What the engine reports; `status.svelte.ts` turns it into UI state. */
export interface SyncSink {
	setRunning(running: boolean): void;
	setActive(active: boolean): void;
	setError(error: SyncError | null): void;
	setTimes(times: SyncTimes): void;
	setOutbox(box: Outbox): void;
	setQuarantine(entries: QuarantineEntry[]): void;
	setConflicts(list: ConflictingRecord[]): void;
	setProgress(p: SyncProgress | null): void;
}

/** `format`: the server speaks a sync format this app does not know; nothing is replicated. */
export type SyncError = 'network' | 'auth' | 'storage' | 'format' | 'other';
export interface ConflictingRecord {
	collection: string;
	id: string;
	label: string;
	fields: string[];
	/** The open conflicts, each with the value that lost. */
	entries: Conflict[];
	/** The record's current value of each conflicting field. */
	current: Record<string, unknown>;
}
export interface SyncProgress {
	direction: 'download' | 'upload';
	done: number;
	total: number;
}

export interface SyncOptions {
	db: AppDatabase;
	user: PublicUser;
	/** Collection name → root-relative CouchDB URL from the session. */
	databases: Readonly<Record<string, string>>;
	/** Origin of the sync server; '' for the page's own origin. */
	baseUrl: string;
	token(): string | null;
	onTokenExpired(): void;
	sink: SyncSink;
	fetch?: typeof fetch;
	now?: () => Date;
	/** Pull batch, measured best at 500 on this server; CouchDB round trips dominate below it. */
	batchSize?: number;
	/** Push batch, measured best at 1000 (`npm run bench:sync`). */
	pushBatchSize?: number;
	/** First retry after a network failure; doubles up to `maxBackoffMs`. */
	backoffMs?: number;
	maxBackoffMs?: number;
	/** Multi-tab: only the leader tab replicates. Off in Node tests. */
	waitForLeadership?: boolean;
}

/**
 * Live replication of every collection to the session's CouchDB URLs.
 * Offline and after network failures the replications are cancelled and
 * recreated later (RxDB's pause/resume would leave long-poll loops behind);
 * checkpoints persist, so a restart continues where it stopped.
 */
export class SyncEngine {
	#states: RxCouchDBReplicationState<RecordDoc>[] = [];
	#subs: (() => void)[] = [];
	#watchers: (() => void)[] = [];
	#online = true;
	#wanted = false;
	#backoff: number;
	#retryTimer: ReturnType<typeof setTimeout> | undefined;
	#errorSinceIdle = false;
	#activeCount = 0;
	#times: SyncTimes = NO_SYNC_TIMES;
	#conflictSubs: (() => void)[] = [];
	#conflicts = new Map<string, ConflictingRecord[]>();
	#fetches = new Map<string, typeof fetch>();

	constructor(private readonly o: SyncOptions) {
		this.#backoff = o.backoffMs ?? 2000;
	}

	/** One fetch per collection, so a refusal is quarantined under the right collection. */
	#fetchFor(collection: string): typeof fetch {
		let f = this.#fetches.get(collection);
		if (!f) {
			const o = this.o;
			f = couchFetch(o.fetch ?? globalThis.fetch.bind(globalThis), {
				token: o.token,
				reachable: () => {
					this.#backoff = o.backoffMs ?? 2000;
					if (this.#lastError === 'network') this.#setError(null);
				},
				// A request this engine aborted on stopping says nothing about the network.
				unreachable: (err) => {
					if (!(err instanceof DOMException && err.name === 'AbortError')) this.#networkFailed();
				},
				unauthorized: () => this.#unauthorized(),
				refused: (r) => this.#quarantine(collection, r),
				accepted: async (ids) => void (await releaseFromQuarantine(o.db, collection, ids))
			});
			this.#fetches.set(collection, f);
		}
		return f;
	}

	#lastError: SyncError | null = null;
	/** Counts every error, so a caller can tell whether one happened during its own wait. */
	#errorCount = 0;
	#fatalWaiters = new Set<() => void>();
	#setError(e: SyncError | null): void {
		this.#lastError = e;
		if (e) {
			this.#errorSinceIdle = true;
			this.#errorCount++;
		}
		// Waiting for "in sync" is pointless once the session or the disk says no.
		if (e === 'auth' || e === 'storage') for (const w of this.#fatalWaiters) w();
		this.o.sink.setError(e);
	}

	get running(): boolean {
		return this.#states.length > 0;
	}

	/** Starts watching local state and, when online, replicating. */
	async start(): Promise<void> {
		this.#wanted = true;
		this.#times = await readLocal(this.o.db, SYNC_TIMES_KEY, NO_SYNC_TIMES);
		this.o.sink.setTimes(this.#times);
		if (this.#watchers.length === 0) this.#watchLocalState();
		if (this.#online) await this.#startReplications();
	}

	/** Browser online/offline events. */
	async setOnline(online: boolean): Promise<void> {
		this.#online = online;
		clearTimeout(this.#retryTimer);
		if (!online) {
			await this.#stopReplications();
			this.o.sink.setError(null);
		} else if (this.#wanted) {
			this.#backoff = this.o.backoffMs ?? 2000;
			await this.#startReplications();
		}
	}

	/** After a new login: the token works again. */
	async resume(): Promise<void> {
		if (this.#lastError === 'auth') this.#setError(null);
		if (this.#wanted && this.#online) await this.#startReplications();
	}

	/**
	 * "Sync now": (re)starts replication and waits until every collection is in
	 * sync. Resolves true only if that happened without an error.
	 */
	async syncNow(timeoutMs = 60_000): Promise<boolean> {
		if (!this.#online || this.#lastError === 'auth') return false;
		const startedAt = Date.now();
		const errorsBefore = this.#errorCount;
		if (!this.running) await this.#startReplications();
		for (const s of this.#states) s.reSync();
		const states = [...this.#states];
		const inSync = Promise.all(states.map((s) => s.awaitInSync())).then(() => true);
		let timer: ReturnType<typeof setTimeout> | undefined;
		let fatal: (() => void) | undefined;
		const stopped = new Promise<false>((resolve) => {
			timer = setTimeout(() => resolve(false), timeoutMs);
			fatal = () => resolve(false);
			this.#fatalWaiters.add(fatal);
		});
		const ok = await Promise.race([inSync, stopped]).catch(() => false);
		clearTimeout(timer);
		if (fatal) this.#fatalWaiters.delete(fatal);
		const clean = ok && this.#errorCount === errorsBefore && !this.#lastError && this.running;
		if (!clean) return false;
		await this.#settleOutbox(startedAt);
		await this.#markSynced();
		return true;
	}

	/** After an error-free in-sync point: everything written before `since` is on the server. */
	async #settleOutbox(since: number): Promise<void> {
		clearTimeout(this.#pushTimer);
		await this.#flushPushed();
		const quarantined = new Set(
			(await readQuarantine(this.o.db)).map((q) => `${q.collection}/${q.id}`)
		);
		await clearOutboxBefore(this.o.db, since, (c, id) => quarantined.has(`${c}/${id}`));
	}

	/** Records the server does not have yet (waiting or quarantined), for the logout check. */
	async unsynced(): Promise<{ collection: string; id: string; label: string }[]> {
		const out = new Map<string, { collection: string; id: string; label: string }>();
		for (const [collection, entries] of Object.entries(await readOutbox(this.o.db))) {
			for (const [id, e] of Object.entries(entries))
				out.set(`${collection}/${id}`, { collection, id, label: e.label });
		}
		for (const q of await readQuarantine(this.o.db)) {
			out.set(`${q.collection}/${q.id}`, { collection: q.collection, id: q.id, label: q.label });
		}
		return [...out.values()];
	}

	async stop(): Promise<void> {
		this.#wanted = false;
		clearTimeout(this.#retryTimer);
		await this.#stopReplications();
		clearTimeout(this.#pullTimer);
		this.#pullTimer = undefined;
		if (this.#pushTimer) {
			clearTimeout(this.#pushTimer);
			await this.#flushPushed();
		}
		for (const w of this.#watchers.splice(0)) w();
		for (const w of this.#conflictSubs.splice(0)) w();
	}

	#now(): Date {
		return this.o.now?.() ?? new Date();
	}

	/** Asks the server which sync format it speaks; false (with the error set) unless it is ours. */
	async #serverSpeaksOurFormat(): Promise<boolean> {
		const url = new URL('/api/session', this.o.baseUrl || globalThis.location?.origin).href;
		let format: unknown;
		try {
			const res = await this.#fetchFor('')(url);
			if (!res.ok) return false;
			format = ((await res.json()) as { syncFormat?: unknown }).syncFormat;
		} catch {
			// Offline or expired: the fetch hooks already reported it.
			return false;
		}
		if (isKnownSyncFormat(format)) {
			if (this.#lastError === 'format') this.#setError(null);
			return true;
		}
		this.#setError('format');
		return false;
	}

	async #startReplications(): Promise<void> {
		if (this.running || this.#lastError === 'auth') return;
		clearTimeout(this.#retryTimer);
		this.#retryPending = false;
		if (!(await this.#serverSpeaksOurFormat()) || this.running) return;
		const { db, databases, baseUrl } = this.o;
		const stopping = new AbortController();
		this.#stopping = stopping;
		for (const [name, collection] of Object.entries(db.collections)) {
			const path = databases[name];
			if (!path) continue;
			const spec = specOf(db, name);
			const url = new URL(path, baseUrl || globalThis.location?.origin).href;
			const state = replicateCouchDB<RecordDoc>({
				replicationIdentifier: `couchdb:${this.o.user.username}:${url}`,
				collection,
				url: url.endsWith('/') ? url : `${url}/`,
				fetch: this.#abortable(this.#fetchFor(name), stopping.signal),
				live: true,
				retryTime: 5000,
				autoStart: true,
				waitForLeadership: this.o.waitForLeadership ?? true,
				pull: isPushOnly(spec)
					? undefined
					: {
							batchSize: this.o.batchSize ?? 500,
							heartbeat: 25_000,
							// Records written by older app versions arrive migrated, never dropped.
							modifier: (doc) =>
								typeof doc.schemaVersion === 'number' && doc.schemaVersion < spec.version
									? (migrateRecord(spec, doc) as RecordDoc)
									: doc
						},
				push: {
					batchSize: this.o.pushBatchSize ?? this.o.batchSize ?? 1000,
					// A deletion carries nothing of the record, stamped by whoever deletes it now.
					modifier: (doc) =>
						doc._deleted
							? (tombstoneOf(doc.id, this.o.user.username, this.#now().toISOString()) as RecordDoc)
							: doc
				}
			});
			this.#states.push(state);
			this.#subscribe(name, state);
		}
		this.o.sink.setRunning(this.running);
	}

	/**
	 * Requests of one run of the replications, aborted when it stops: RxDB's cancel leaves a
	 * live pull's longpoll open, and a browser holds six connections per origin, so a few
	 * stops and starts would leave every one to old longpolls and nothing else could pass.
	 */
	#stopping: AbortController | null = null;
	#abortable(f: typeof fetch, signal: AbortSignal): typeof fetch {
		return (input, init) => f(input, { ...init, signal });
	}

	async #stopReplications(): Promise<void> {
		this.#stopping?.abort();
		this.#stopping = null;
		const states = this.#states.splice(0);
		for (const s of this.#subs.splice(0)) s();
		this.#activeCount = 0;
		this.o.sink.setActive(false);
		this.o.sink.setProgress(null);
		this.o.sink.setRunning(false);
		await Promise.all(states.map((s) => s.cancel()));
	}

	#subscribe(name: string, state: RxCouchDBReplicationState<RecordDoc>): void {
		let active = false;
		const subs = [
			state.active$.subscribe((a) => {
				if (a === active) return;
				active = a;
				if (a && this.#activeCount === 0) this.#activeSince = Date.now();
				this.#activeCount += a ? 1 : -1;
				this.o.sink.setActive(this.#activeCount > 0);
				if (this.#activeCount === 0) void this.#idle();
			}),
			state.sent$.subscribe((doc) => {
				this.#pushed(name, [doc as unknown as RecordDoc]);
			}),
			state.received$.subscribe(() => {
				this.#pulled();
			}),
			state.error$.subscribe((err) => {
				const text = JSON.stringify(err.parameters ?? {});
				if (globalThis.process?.env?.SYNC_DEBUG)
					console.error('sync error', name, err.code, text.slice(0, 1500));
				if (this.#lastError === 'auth' || /UnauthorizedError|session expired/.test(text)) return;
				// Match the error name only: documents in the parameters may mention "quota" themselves.
				if (text.includes('"QuotaExceededError"')) this.#setError('storage');
				else {
					this.#errorCount++;
					if (this.#lastError !== 'network') this.#errorSinceIdle = true;
				}
			})
		];
		this.#subs.push(() => subs.forEach((s) => s.unsubscribe()));
	}

	#pushTimer: ReturnType<typeof setTimeout> | undefined;
	#pushedIds = new Map<string, Set<string>>();
	/** Sent docs arrive one by one; outbox updates are batched so 10,000 uploads are not 10,000 writes. */
	#pushed(collection: string, docs: RecordDoc[]): void {
		const ids = this.#pushedIds.get(collection) ?? new Set();
		for (const d of docs) ids.add(String(d.id));
		this.#pushedIds.set(collection, ids);
		this.#updateProgress();
		if (this.#pushTimer) return;
		this.#pushTimer = setTimeout(() => void this.#flushPushed(), 1000);
	}

	async #flushPushed(): Promise<void> {
		this.#pushTimer = undefined;
		if (this.o.db.closed) return;
		const batches = [...this.#pushedIds.entries()];
		this.#pushedIds.clear();
		for (const [collection, ids] of batches) {
			await removeFromOutbox(this.o.db, collection, [...ids]);
		}
		await this.#saveTimes({ lastPushAt: this.#now().toISOString() });
	}

	#pullCount = 0;
	#pullTimer: ReturnType<typeof setTimeout> | undefined;
	#pulled(): void {
		this.#pullCount++;
		this.#updateProgress();
		if (this.#pullTimer) return;
		this.#pullTimer = setTimeout(() => {
			this.#pullTimer = undefined;
			void this.#saveTimes({ lastPullAt: this.#now().toISOString() });
		}, 500);
	}

	#uploadTotal = 0;
	#uploaded = 0;
	#pendingCount = 0;
	#updateProgress(): void {
		const sentNotFlushed = [...this.#pushedIds.values()].reduce((n, ids) => n + ids.size, 0);
		const pending = Math.max(0, this.#pendingCount - sentNotFlushed);
		if (pending > this.#uploadTotal) this.#uploadTotal = pending;
		this.#uploaded = this.#uploadTotal - pending;
		// A bar only helps for big transfers: the first download or a large upload.
		if (this.#uploadTotal >= 50 && pending > 0) {
			this.o.sink.setProgress({
				direction: 'upload',
				done: this.#uploaded,
				total: this.#uploadTotal
			});
		} else if (this.#pullCount >= 50 && this.#activeCount > 0) {
			this.o.sink.setProgress({ direction: 'download', done: this.#pullCount, total: 0 });
		}
	}

	#activeSince = 0;
	async #idle(): Promise<void> {
		this.o.sink.setProgress(null);
		this.#uploadTotal = 0;
		this.#pullCount = 0;
		if (this.#pushTimer) {
			clearTimeout(this.#pushTimer);
			await this.#flushPushed();
		}
		if (!this.#errorSinceIdle && !this.#lastError && this.running && !this.o.db.closed) {
			await this.#settleOutbox(this.#activeSince);
		}
		const box = await readOutbox(this.o.db);
		const waiting = Object.values(box).some((c) => Object.keys(c).length > 0);
		if (!this.#errorSinceIdle && !this.#lastError && !waiting && this.running)
			await this.#markSynced();
		this.#errorSinceIdle = false;
	}

	async #markSynced(): Promise<void> {
		await this.#saveTimes({ lastSyncAt: this.#now().toISOString() });
	}

	async #saveTimes(change: Partial<SyncTimes>): Promise<void> {
		if (this.o.db.closed) return;
		this.#times = await updateLocal(this.o.db, SYNC_TIMES_KEY, NO_SYNC_TIMES, (t) => ({
			...t,
			...change
		}));
		this.o.sink.setTimes(this.#times);
	}

	#retryPending = false;
	#networkFailed(): void {
		if (!this.#wanted || this.#lastError === 'auth') return;
		this.#setError('network');
		if (this.#retryPending) return;
		this.#retryPending = true;
		const wait = this.#backoff;
		this.#backoff = Math.min(wait * 2, this.o.maxBackoffMs ?? 60_000);
		void this.#retryAfter(wait);
	}

	async #retryAfter(wait: number): Promise<void> {
		await this.#stopReplications();
		clearTimeout(this.#retryTimer);
		this.#retryTimer = setTimeout(() => {
			this.#retryPending = false;
			this.#retryTimer = undefined;
			if (this.#wanted && this.#online) void this.#startReplications();
		}, wait);
	}

	#unauthorized(): void {
		if (this.#lastError === 'auth') return;
		this.#setError('auth');
		clearTimeout(this.#retryTimer);
		void this.#stopReplications();
		this.o.onTokenExpired();
	}

	async #quarantine(name: string, refusals: Refusal[]): Promise<void> {
		const at = this.#now().toISOString();
		const entries = refusals.map((r) => ({
			collection: name,
			id: r.id,
			label: r.doc ? recordLabel({ ...r.doc, id: r.id }) : r.id,
			reason: r.reason,
			at
		}));
		const serverStates = new Map<string, unknown>();
		for (const r of refusals) {
			if (r.serverDoc) {
				const { _id, _rev: _r, ...rest } = r.serverDoc;
				serverStates.set(`${name}/${r.id}`, { ...rest, id: _id });
			}
		}
		await addToQuarantine(this.o.db, entries, serverStates);
	}

	#watchLocalState(): void {
		const { db, sink } = this.o;
		this.#watchers.push(
			watchOutbox(db, (box) => {
				this.#pendingCount = Object.values(box).reduce((n, c) => n + Object.keys(c).length, 0);
				sink.setOutbox(box);
			}),
			watchQuarantine(db, (q) => sink.setQuarantine(q))
		);
		for (const [name, collection] of Object.entries(db.collections)) {
			if (isPushOnly(specOf(db, name))) continue;
			// One scan at start, then kept current from change events: a live query would rescan
			// (and decrypt) the whole collection on every pulled batch.
			const byId = new Map<string, ConflictingRecord>();
			const publish = () => {
				this.#conflicts.set(name, [...byId.values()]);
				sink.setConflicts([...this.#conflicts.values()].flat());
			};
			const track = (data: RecordDoc, deleted: boolean) => {
				const c = Array.isArray(data.conflicts) ? (data.conflicts as Conflict[]) : [];
				const had = byId.has(data.id);
				if (c.length && !deleted) {
					const fields = [...new Set(c.map((x) => x.field))];
					byId.set(data.id, {
						collection: name,
						id: data.id,
						label: recordLabel(data),
						fields,
						entries: c,
						current: Object.fromEntries(fields.map((f) => [f, data[f]]))
					});
					return true;
				}
				byId.delete(data.id);
				return had;
			};
			// `conflicts` is encrypted at rest, so it cannot be queried: one decrypting scan.
			void collection
				.find()
				.exec()
				.then((docs) => {
					for (const d of docs) track(d.toJSON() as RecordDoc, false);
					return publish();
				});
			const sub = collection.$.subscribe((ev) => {
				if (track(ev.documentData as unknown as RecordDoc, ev.operation === 'DELETE')) publish();
			});
			this.#conflictSubs.push(() => sub.unsubscribe());
		}
	}
}
