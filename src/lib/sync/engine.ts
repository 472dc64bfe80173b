import { replicateCouchDB, type RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import type { PublicUser } from '$domain/directory';
import { migrateRecord } from '$domain/records';
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
import { isoAt, systemClock, type Clock } from './clock';
import { ConflictTracker, type ConflictingRecord } from './conflicts';
import { couchFetch, type Refusal } from './couch-fetch';
import { ProgressMeter, type SyncProgress } from './progress';

export type { ConflictingRecord } from './conflicts';
export type { SyncProgress } from './progress';

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

export type SyncError = 'network' | 'auth' | 'storage' | 'other';
export interface SyncTimes {
	lastPullAt: string | null;
	lastPushAt: string | null;
	/** Last time every collection was in sync with nothing waiting and no error. */
	lastSyncAt: string | null;
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
	/** Time and timers; the system clock unless a test passes a fake one. */
	clock?: Clock;
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

const TIMES_KEY = 'sync-times';
const NO_TIMES: SyncTimes = { lastPullAt: null, lastPushAt: null, lastSyncAt: null };
/** Collections the device only uploads: nobody on a phone reads other devices' heartbeats. */
const PUSH_ONLY = new Set(['heartbeats']);

/**
 * Live replication of every collection to the session's CouchDB URLs.
 * Offline and after network failures the replications are cancelled and
 * recreated later (RxDB's pause/resume would leave long-poll loops behind);
 * checkpoints persist, so a restart continues where it stopped.
 */
export class SyncEngine {
	readonly #clock: Clock;
	readonly #conflicts: ConflictTracker;
	readonly #progress: ProgressMeter;
	#states: RxCouchDBReplicationState<RecordDoc>[] = [];
	#subs: (() => void)[] = [];
	#watchers: (() => void)[] = [];
	#fetches = new Map<string, typeof fetch>();
	#online = true;
	#wanted = false;
	#times: SyncTimes = NO_TIMES;
	#activeCount = 0;
	#activeSince = 0;
	#lastError: SyncError | null = null;
	#errorSinceIdle = false;
	/** Counts every error, so a caller can tell whether one happened during its own wait. */
	#errorCount = 0;
	#fatalWaiters = new Set<() => void>();
	#backoff: number;
	#retryPending = false;
	#cancelRetry: (() => void) | undefined;
	#cancelPushFlush: (() => void) | undefined;
	#pushedIds = new Map<string, Set<string>>();
	#cancelPullTimes: (() => void) | undefined;

	constructor(private readonly o: SyncOptions) {
		this.#clock = o.clock ?? systemClock;
		this.#backoff = o.backoffMs ?? 2000;
		this.#conflicts = new ConflictTracker((list) => o.sink.setConflicts(list));
		this.#progress = new ProgressMeter((p) => o.sink.setProgress(p));
	}

	get running(): boolean {
		return this.#states.length > 0;
	}

	/** Starts watching local state and, when online, replicating. */
	async start(): Promise<void> {
		this.#wanted = true;
		this.#times = await readLocal(this.o.db, TIMES_KEY, NO_TIMES);
		this.o.sink.setTimes(this.#times);
		if (this.#watchers.length === 0) this.#watchLocalState();
		if (this.#online) await this.#startReplications();
	}

	/** Browser online/offline events. */
	async setOnline(online: boolean): Promise<void> {
		this.#online = online;
		this.#clearRetry();
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
		const startedAt = this.#clock.now();
		const errorsBefore = this.#errorCount;
		if (!this.running) await this.#startReplications();
		for (const s of this.#states) s.reSync();
		const states = [...this.#states];
		const inSync = Promise.all(states.map((s) => s.awaitInSync())).then(() => true);
		let cancelTimer: (() => void) | undefined;
		let fatal: (() => void) | undefined;
		const stopped = new Promise<false>((resolve) => {
			cancelTimer = this.#clock.after(timeoutMs, () => resolve(false));
			fatal = () => resolve(false);
			this.#fatalWaiters.add(fatal);
		});
		const ok = await Promise.race([inSync, stopped]).catch(() => false);
		cancelTimer?.();
		if (fatal) this.#fatalWaiters.delete(fatal);
		const clean = ok && this.#errorCount === errorsBefore && !this.#lastError && this.running;
		if (!clean) return false;
		await this.#settleOutbox(startedAt);
		await this.#markSynced();
		return true;
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
		this.#clearRetry();
		await this.#stopReplications();
		this.#cancelPullTimes?.();
		this.#cancelPullTimes = undefined;
		if (this.#cancelPushFlush) await this.#flushPushed();
		for (const w of this.#watchers.splice(0)) w();
		this.#conflicts.stop();
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
				unreachable: () => this.#networkFailed(),
				unauthorized: () => this.#unauthorized(),
				refused: (r) => this.#quarantine(collection, r),
				accepted: async (ids) => void (await releaseFromQuarantine(o.db, collection, ids))
			});
			this.#fetches.set(collection, f);
		}
		return f;
	}

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

	async #startReplications(): Promise<void> {
		if (this.running || this.#lastError === 'auth') return;
		this.#clearRetry();
		const { db, databases, baseUrl } = this.o;
		for (const [name, collection] of Object.entries(db.collections)) {
			const path = databases[name];
			if (!path) continue;
			const spec = specOf(db, name);
			const url = new URL(path, baseUrl || globalThis.location?.origin).href;
			const state = replicateCouchDB<RecordDoc>({
				replicationIdentifier: `couchdb:${this.o.user.username}:${url}`,
				collection,
				url: url.endsWith('/') ? url : `${url}/`,
				fetch: this.#fetchFor(name),
				live: true,
				retryTime: 5000,
				autoStart: true,
				waitForLeadership: this.o.waitForLeadership ?? true,
				pull: PUSH_ONLY.has(name)
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
				push: { batchSize: this.o.pushBatchSize ?? this.o.batchSize ?? 1000 }
			});
			this.#states.push(state);
			this.#subscribe(name, state);
		}
		this.o.sink.setRunning(this.running);
	}

	async #stopReplications(): Promise<void> {
		const states = this.#states.splice(0);
		for (const s of this.#subs.splice(0)) s();
		this.#activeCount = 0;
		this.#progress.setActive(false);
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
				if (a && this.#activeCount === 0) this.#activeSince = this.#clock.now();
				this.#activeCount += a ? 1 : -1;
				this.#progress.setActive(this.#activeCount > 0);
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

	/** Sent docs arrive one by one; outbox updates are batched so 10,000 uploads are not 10,000 writes. */
	#pushed(collection: string, docs: RecordDoc[]): void {
		const ids = this.#pushedIds.get(collection) ?? new Set();
		for (const d of docs) ids.add(String(d.id));
		this.#pushedIds.set(collection, ids);
		this.#progress.setSentNotSettled(this.#sentNotFlushed());
		if (this.#cancelPushFlush) return;
		this.#cancelPushFlush = this.#clock.after(1000, () => void this.#flushPushed());
	}

	#sentNotFlushed(): number {
		return [...this.#pushedIds.values()].reduce((n, ids) => n + ids.size, 0);
	}

	async #flushPushed(): Promise<void> {
		this.#cancelPushFlush?.();
		this.#cancelPushFlush = undefined;
		if (this.o.db.closed) return;
		const batches = [...this.#pushedIds.entries()];
		this.#pushedIds.clear();
		this.#progress.settled();
		for (const [collection, ids] of batches) {
			await removeFromOutbox(this.o.db, collection, [...ids]);
		}
		await this.#saveTimes({ lastPushAt: isoAt(this.#clock) });
	}

	#pulled(): void {
		this.#progress.received();
		if (this.#cancelPullTimes) return;
		this.#cancelPullTimes = this.#clock.after(500, () => {
			this.#cancelPullTimes = undefined;
			void this.#saveTimes({ lastPullAt: isoAt(this.#clock) });
		});
	}

	/** After an error-free in-sync point: everything written before `since` is on the server. */
	async #settleOutbox(since: number): Promise<void> {
		await this.#flushPushed();
		const quarantined = new Set(
			(await readQuarantine(this.o.db)).map((q) => `${q.collection}/${q.id}`)
		);
		await clearOutboxBefore(this.o.db, since, (c, id) => quarantined.has(`${c}/${id}`));
	}

	async #idle(): Promise<void> {
		this.#progress.idle();
		if (this.#cancelPushFlush) await this.#flushPushed();
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
		await this.#saveTimes({ lastSyncAt: isoAt(this.#clock) });
	}

	async #saveTimes(change: Partial<SyncTimes>): Promise<void> {
		if (this.o.db.closed) return;
		this.#times = await updateLocal(this.o.db, TIMES_KEY, NO_TIMES, (t) => ({ ...t, ...change }));
		this.o.sink.setTimes(this.#times);
	}

	#clearRetry(): void {
		this.#cancelRetry?.();
		this.#cancelRetry = undefined;
		this.#retryPending = false;
	}

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
		this.#cancelRetry?.();
		this.#cancelRetry = this.#clock.after(wait, () => {
			this.#retryPending = false;
			this.#cancelRetry = undefined;
			if (this.#wanted && this.#online) void this.#startReplications();
		});
	}

	#unauthorized(): void {
		if (this.#lastError === 'auth') return;
		this.#setError('auth');
		this.#clearRetry();
		void this.#stopReplications();
		this.o.onTokenExpired();
	}

	async #quarantine(name: string, refusals: Refusal[]): Promise<void> {
		const at = isoAt(this.#clock);
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
				this.#progress.setPending(
					Object.values(box).reduce((n, c) => n + Object.keys(c).length, 0)
				);
				sink.setOutbox(box);
			}),
			watchQuarantine(db, (q) => sink.setQuarantine(q))
		);
		this.#conflicts.follow(
			db,
			Object.keys(db.collections).filter((name) => !PUSH_ONLY.has(name))
		);
	}
}
