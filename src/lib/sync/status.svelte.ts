import { pushOnlyCollections } from '$domain/wire';
import type { Outbox, QuarantineEntry } from '$lib/db';
import type { ConflictingRecord, SyncError, SyncProgress, SyncSink, SyncTimes } from './engine';
import type { PhotoPhase, PhotoStates } from './photos';

export type SyncState = 'offline' | 'syncing' | 'synced' | 'attention';

/**
 * Sync state for the UI (top bar, Sync screen). Fed by the engine through the
 * SyncSink interface; "synced" is only claimed after a sync actually finished
 * with nothing waiting and no error.
 */
export class SyncStatus implements SyncSink {
	online = $state(true);
	running = $state(false);
	active = $state(false);
	error = $state<SyncError | null>(null);
	times = $state<SyncTimes>({ lastPullAt: null, lastPushAt: null, lastSyncAt: null });
	outbox = $state.raw<Outbox>({});
	quarantined = $state.raw<QuarantineEntry[]>([]);
	conflicts = $state.raw<ConflictingRecord[]>([]);
	progress = $state<SyncProgress | null>(null);
	/** This device's document photos by hash, as their upload stands. */
	photos = $state.raw<PhotoStates>({});
	photoCounts = $derived.by(() => {
		const n: Record<PhotoPhase, number> = { waiting: 0, uploading: 0, uploaded: 0, failed: 0 };
		for (const p of Object.values(this.photos)) n[p.phase]++;
		return n;
	});

	/** Records waiting to upload, per collection (collections with none are left out). */
	pending = $derived.by(() => {
		const out: Record<string, number> = {};
		for (const [c, entries] of Object.entries(this.outbox)) {
			// The device's own heartbeat is bookkeeping, not a record the volunteer made.
			if (pushOnlyCollections.includes(c)) continue;
			const n = Object.keys(entries).length;
			if (n > 0) out[c] = n;
		}
		return out;
	});
	pendingTotal = $derived(Object.values(this.pending).reduce((a, b) => a + b, 0));
	/** Epoch milliseconds; the UI formats it. */
	lastSyncAt = $derived(this.times.lastSyncAt ? Date.parse(this.times.lastSyncAt) : null);

	state = $derived.by((): SyncState => {
		if (this.quarantined.length > 0 || this.conflicts.length > 0) return 'attention';
		if (this.error && this.error !== 'network') return 'attention';
		if (!this.online || !this.running || this.error === 'network') return 'offline';
		if (this.photoCounts.failed > 0) return 'attention';
		if (this.active || this.pendingTotal > 0) return 'syncing';
		if (this.photoCounts.uploading + this.photoCounts.waiting > 0) return 'syncing';
		return this.lastSyncAt ? 'synced' : 'syncing';
	});

	setRunning = (running: boolean) => void (this.running = running);
	setActive = (active: boolean) => void (this.active = active);
	setError = (error: SyncError | null) => void (this.error = error);
	setTimes = (times: SyncTimes) => void (this.times = times);
	setOutbox = (box: Outbox) => void (this.outbox = box);
	setQuarantine = (entries: QuarantineEntry[]) => void (this.quarantined = entries);
	setConflicts = (list: ConflictingRecord[]) => void (this.conflicts = list);
	setProgress = (p: SyncProgress | null) => void (this.progress = p);
	setPhotos = (p: PhotoStates) => void (this.photos = p);

	reset(): void {
		this.running = false;
		this.active = false;
		this.error = null;
		this.times = { lastPullAt: null, lastPushAt: null, lastSyncAt: null };
		this.outbox = {};
		this.quarantined = [];
		this.conflicts = [];
		this.progress = null;
		this.photos = {};
	}
}

export const syncStatus = new SyncStatus();
