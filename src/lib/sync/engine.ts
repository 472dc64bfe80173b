import type { PublicUser } from '$domain/directory';
import { isKnownSyncFormat, isPushOnly } from '$domain/wire';
import {
	addToQuarantine,
	followLocalWrites,
	noMeter,
	readLocal,
	readOutbox,
	readQuarantine,
	recordLabel,
	releaseFromQuarantine,
	removeFromOutbox,
	settleOutbox,
	specOf,
	StorageFullError,
	updateLocal,
	waitForLeadership,
	watchOutbox,
	watchQuarantine,
	type AppDatabase,
	type Outbox,
	type QuarantineEntry,
	type StageMeter,
	type Synced
} from '$lib/db';
import { isoAt, systemClock, type Clock } from './clock';
import { CollectionSync, type Refusal } from './collection';
import { ConflictTracker, type ConflictingRecord } from './conflicts';
import {
	CouchDatabase,
	HttpError,
	syncFormatOf,
	UnauthorizedError,
	UnreachableError,
	type CouchHooks
} from './couch';
import { PassLoop } from './loop';
import { ProgressMeter, type FeedPosition, type SyncProgress } from './progress';
import { NO_SYNC_TIMES, SYNC_TIMES_KEY, type SyncTimes } from './times';

export type { ConflictingRecord } from './conflicts';
export type { SyncProgress } from './progress';
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
	/** Records per `_changes` page. */
	batchSize?: number;
	/** Records per `_bulk_docs`. */
	pushBatchSize?: number;
	/** First retry after a network failure; doubles up to `maxBackoffMs`. */
	backoffMs?: number;
	maxBackoffMs?: number;
	/** How long one long poll waits for a change on the server. */
	longpollMs?: number;
	/** Multi-tab: only the leader tab replicates. Off in Node tests. */
	waitForLeadership?: boolean;
	/** Times server, network and storage work (benchmarks only). */
	meter?: StageMeter;
}

/**
 * Live replication of every collection to the session's CouchDB URLs: per collection one loop
 * pulls (then waits in a long poll) and one pushes (woken by local writes). Offline and after
 * failures the loops stop and start again later; checkpoints persist, so a restart continues
 * where it stopped.
 */
export class SyncEngine {
	readonly #clock: Clock;
	readonly #meter: StageMeter;
	readonly #conflicts: ConflictTracker;
	readonly #progress: ProgressMeter;
	#collections: { sync: CollectionSync; pull: PassLoop | null; push: PassLoop }[] = [];
	#run: AbortController | null = null;
	#watchers: (() => void)[] = [];
	#online = true;
	#wanted = false;
	#times: SyncTimes = NO_SYNC_TIMES;
	#busy = 0;
	#lastError: SyncError | null = null;
	#errorSinceIdle = false;
	/** Counts every error, so a caller can tell whether one happened during its own wait. */
	#errorCount = 0;
	/** Called when a run cannot go on (or start), so `syncNow` stops waiting. */
	#stopWaiters = new Set<() => void>();
	#starting: Promise<void> | null = null;
	/** Counts stops and offline events, so a start overtaken by one does not run. */
	#stops = 0;
	readonly #fetch: typeof fetch;
	readonly #hooks: CouchHooks;
	#backoff: number;
	#cancelRetry: (() => void) | undefined;
	#cancelPullTimes: (() => void) | undefined;

	constructor(private readonly o: SyncOptions) {
		this.#clock = o.clock ?? systemClock;
		this.#meter = o.meter ?? noMeter;
		this.#backoff = o.backoffMs ?? 2000;
		this.#conflicts = new ConflictTracker((list) => o.sink.setConflicts(list));
		this.#progress = new ProgressMeter(
			(p) => o.sink.setProgress(p),
			() => this.#clock.now()
		);
		this.#fetch = o.fetch ?? globalThis.fetch.bind(globalThis);
		this.#hooks = {
			token: o.token,
			reachable: () => {
				this.#backoff = o.backoffMs ?? 2000;
				if (this.#lastError === 'network') this.#setError(null);
			},
			unreachable: () => this.#networkFailed(),
			unauthorized: () => this.#unauthorized()
		};
	}

	get running(): boolean {
		return this.#run !== null;
	}

	/** Starts watching local state and, when online, replicating. */
	async start(): Promise<void> {
		this.#wanted = true;
		this.#times = await readLocal(this.o.db, SYNC_TIMES_KEY, NO_SYNC_TIMES);
		this.o.sink.setTimes(this.#times);
		if (this.#collections.length === 0) this.#createCollections();
		if (this.#watchers.length === 0) this.#watchLocalState();
		if (this.#online) await this.#begin();
	}

	/** Browser online/offline events. */
	async setOnline(online: boolean): Promise<void> {
		this.#online = online;
		this.#clearRetry();
		if (!online) {
			this.#stops++;
			this.#halt();
			this.o.sink.setError(null);
		} else if (this.#wanted) {
			this.#backoff = this.o.backoffMs ?? 2000;
			await this.#begin();
		}
	}

	/** After a new login: the token works again. */
	async resume(): Promise<void> {
		if (this.#lastError === 'auth') this.#setError(null);
		if (this.#wanted && this.#online) await this.#begin();
	}

	/**
	 * "Sync now": (re)starts replication and waits until every collection has pulled and pushed
	 * everything once more. Resolves true only if that happened without an error.
	 */
	async syncNow(timeoutMs = 60_000): Promise<boolean> {
		if (!this.#online || this.#lastError === 'auth') return false;
		if (this.#collections.length === 0) this.#createCollections();
		const errorsBefore = this.#errorCount;
		const loops = this.#collections.flatMap((c) => (c.pull ? [c.pull, c.push] : [c.push]));
		// Asked before starting, so a fresh start's first passes are the ones waited for.
		const inSync = Promise.all(loops.map((l) => l.settled())).then(() => true);
		if (!this.running) void this.#begin();
		let cancelTimer: (() => void) | undefined;
		let fatal: (() => void) | undefined;
		const stopped = new Promise<false>((resolve) => {
			cancelTimer = this.#clock.after(timeoutMs, () => resolve(false));
			fatal = () => resolve(false);
			this.#stopWaiters.add(fatal);
		});
		const ok = await Promise.race([inSync, stopped]).catch(() => false);
		cancelTimer?.();
		if (fatal) this.#stopWaiters.delete(fatal);
		const clean = ok && this.#errorCount === errorsBefore && !this.#lastError && this.running;
		if (!clean) return false;
		await settleOutbox(this.o.db);
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
		this.#stops++;
		this.#clearRetry();
		this.#halt();
		this.#cancelPullTimes?.();
		this.#cancelPullTimes = undefined;
		for (const w of this.#watchers.splice(0)) w();
		this.#conflicts.stop();
	}

	#createCollections(): void {
		const { db, databases, user } = this.o;
		for (const name of Object.keys(db.collections)) {
			const path = databases[name];
			if (!path) continue;
			const url = this.#url(path);
			const pushOnly = isPushOnly(specOf(db, name));
			const sync = new CollectionSync({
				db,
				name,
				couch: new CouchDatabase(url, this.#fetch, this.#hooks, this.#meter),
				deletedBy: user.username,
				clock: this.#clock,
				identity: `${user.username}@${url}`,
				scope: scopeOf(user),
				pushOnly,
				pullPage: this.o.batchSize ?? 2000,
				pushBatch: this.o.pushBatchSize ?? 1000,
				longpollMs: this.o.longpollMs ?? 25_000,
				hooks: {
					received: (n, position) => this.#pulled(n, { collection: name, position }),
					pushed: (synced) => this.#pushed(name, synced),
					refused: (refusals) => this.#quarantine(name, refusals),
					invalid: (n) =>
						this.#otherError(`${name}: ${n} records from the server are not valid here`)
				}
			});
			this.#collections.push({
				sync,
				pull: pushOnly ? null : new PassLoop(),
				push: new PassLoop()
			});
		}
	}

	#url(path: string): string {
		return new URL(path, this.o.baseUrl || globalThis.location?.origin).href;
	}

	/** Starts the loops once the server says it speaks our sync format; one start at a time. */
	#begin(): Promise<void> {
		if (this.running || this.#lastError === 'auth') return Promise.resolve();
		this.#starting ??= this.#checkThenRun().finally(() => (this.#starting = null));
		return this.#starting;
	}

	async #checkThenRun(): Promise<void> {
		this.#clearRetry();
		const stops = this.#stops;
		const ours = await this.#serverSpeaksOurFormat();
		if (this.running) return;
		// Refused, stopped, offline or signed out while the server was asked.
		if (!ours || stops !== this.#stops || this.#lastError === 'auth') {
			for (const w of this.#stopWaiters) w();
			return;
		}
		const run = new AbortController();
		this.#run = run;
		this.o.sink.setRunning(true);
		void this.#replicate(run.signal);
	}

	/** False (with the error reported) unless the server speaks this app's sync format. */
	async #serverSpeaksOurFormat(): Promise<boolean> {
		let format: unknown;
		try {
			format = await syncFormatOf(this.#url('/api/session'), this.#fetch, this.#hooks);
		} catch (err) {
			this.#failed(err);
			return false;
		}
		if (isKnownSyncFormat(format)) {
			if (this.#lastError === 'format') this.#setError(null);
			return true;
		}
		this.#setError('format');
		return false;
	}

	async #replicate(signal: AbortSignal): Promise<void> {
		try {
			if (this.o.waitForLeadership ?? true) await waitForLeadership(this.o.db);
			await Promise.all(
				this.#collections.flatMap(({ sync, pull, push }) => [
					pull?.run(
						signal,
						() => this.#pass(() => sync.pull(signal)),
						(woken) => this.#longpoll(sync, signal, woken)
					),
					push.run(
						signal,
						() => this.#pass(() => sync.push(signal)),
						(woken) => woken
					)
				])
			);
		} catch (err) {
			if (!signal.aborted) this.#failed(err);
		}
	}

	/** Waits in long polls until the server has a change (stored by then) or a pass is asked for. */
	async #longpoll(sync: CollectionSync, signal: AbortSignal, woken: Promise<void>): Promise<void> {
		let wake = false;
		void woken.then(() => (wake = true));
		while (!wake && !signal.aborted) {
			const poll = new AbortController();
			const stop = () => poll.abort();
			signal.addEventListener('abort', stop);
			void woken.then(stop);
			try {
				if (await sync.waitForChanges(poll.signal)) return;
			} catch (err) {
				if (!poll.signal.aborted) throw err;
			} finally {
				signal.removeEventListener('abort', stop);
			}
		}
	}

	/** One pass of a loop; the engine is active while any pass runs. */
	async #pass(work: () => Promise<void>): Promise<void> {
		if (this.#busy++ === 0) {
			this.#progress.setActive(true);
			this.o.sink.setActive(true);
		}
		try {
			await work();
		} finally {
			if (--this.#busy === 0) {
				this.#progress.setActive(false);
				this.o.sink.setActive(false);
				if (this.running) void this.#idle();
			}
		}
	}

	#halt(): void {
		const run = this.#run;
		if (!run) return;
		this.#run = null;
		run.abort();
		for (const c of this.#collections) {
			c.pull?.fail(new Error('sync stopped'));
			c.push.fail(new Error('sync stopped'));
		}
		this.o.sink.setProgress(null);
		this.o.sink.setRunning(false);
	}

	#failed(err: unknown): void {
		if (err instanceof UnauthorizedError || err instanceof UnreachableError) return;
		if (err instanceof StorageFullError) this.#setError('storage');
		else this.#otherError(err);
		this.#scheduleRetry();
	}

	#otherError(err: unknown): void {
		if (globalThis.process?.env?.SYNC_DEBUG) console.error('sync error', err);
		else if (!(err instanceof HttpError)) console.warn('sync:', err);
		this.#errorCount++;
		this.#errorSinceIdle = true;
	}

	#setError(e: SyncError | null): void {
		this.#lastError = e;
		if (e) {
			this.#errorSinceIdle = true;
			this.#errorCount++;
		}
		// Waiting for "in sync" is pointless once the session, the disk or the server says no.
		if (e === 'auth' || e === 'storage' || e === 'format') for (const w of this.#stopWaiters) w();
		this.o.sink.setError(e);
	}

	async #pushed(collection: string, synced: Synced[]): Promise<void> {
		if (this.o.db.closed) return;
		await removeFromOutbox(this.o.db, collection, synced);
		await releaseFromQuarantine(
			this.o.db,
			collection,
			synced.map((s) => s.id)
		);
		await this.#saveTimes({ lastPushAt: isoAt(this.#clock) });
	}

	#pulled(n: number, feed: { collection: string; position: FeedPosition }): void {
		if (n === 0) return;
		this.#progress.received(n, feed);
		if (this.#cancelPullTimes) return;
		this.#cancelPullTimes = this.#clock.after(500, () => {
			this.#cancelPullTimes = undefined;
			void this.#saveTimes({ lastPullAt: isoAt(this.#clock) });
		});
	}

	async #idle(): Promise<void> {
		this.#progress.idle();
		if (this.o.db.closed) return;
		// Entries written after a push took their version are settled here.
		await settleOutbox(this.o.db);
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
		this.#times = await updateLocal(this.o.db, SYNC_TIMES_KEY, NO_SYNC_TIMES, (t) => ({
			...t,
			...change
		}));
		this.o.sink.setTimes(this.#times);
	}

	#clearRetry(): void {
		this.#cancelRetry?.();
		this.#cancelRetry = undefined;
	}

	#networkFailed(): void {
		if (!this.#wanted || this.#lastError === 'auth') return;
		this.#setError('network');
		this.#scheduleRetry();
	}

	/** Stops the loops and starts them again after the current backoff, which then doubles. */
	#scheduleRetry(): void {
		if (this.#cancelRetry) return;
		this.#halt();
		const wait = this.#backoff;
		this.#backoff = Math.min(wait * 2, this.o.maxBackoffMs ?? 60_000);
		this.#cancelRetry = this.#clock.after(wait, () => {
			this.#cancelRetry = undefined;
			if (this.#wanted && this.#online) void this.#begin();
		});
	}

	#unauthorized(): void {
		if (this.#lastError === 'auth') return;
		this.#setError('auth');
		this.#clearRetry();
		this.#halt();
		this.o.onTokenExpired();
	}

	async #quarantine(name: string, refusals: Refusal[]): Promise<void> {
		if (this.o.db.closed) return;
		const at = isoAt(this.#clock);
		await addToQuarantine(
			this.o.db,
			refusals.map((r) => ({
				collection: name,
				id: r.id,
				label: recordLabel({ ...r.record, id: r.id }),
				reason: r.reason,
				at
			}))
		);
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
			watchQuarantine(db, (q) => sink.setQuarantine(q)),
			...this.#collections.map((c) => followLocalWrites(db, c.sync.name, () => c.push.wake()))
		);
		this.#conflicts.follow(
			db,
			this.#collections.filter((c) => !c.sync.pushOnly).map((c) => c.sync.name)
		);
	}
}

/** What a user may pull, as checkpoints record it: their hamlets (none for the office). */
export const scopeOf = (user: Pick<PublicUser, 'hamlets'>) => [...user.hamlets].sort().join(',');
