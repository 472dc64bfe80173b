import { version } from '$app/environment';
import type { Conflict } from '$domain/envelope';
import { heartbeatCollection } from '$domain/heartbeat';
import { resolveConflict } from '$domain/merge';
import { reopenedForReview } from '$domain/policy';
import { pushOnlyCollections } from '$domain/wire';
import type { AppDatabase } from '$lib/db';
import { describeDevice } from '$lib/device/name';
import type { DeviceSession } from '$lib/device/session.svelte';
import type { StorageState } from '$lib/device/storage.svelte';
import type { SyncEngine, SyncSink, SyncTimes } from './engine';
import type { PhotoQueue } from './photos';
import { isoAt, systemClock, type Clock } from './clock';
import { heartbeatId, heartbeatRecord } from './heartbeat';
import type { SyncStatus } from './status.svelte';
import { NO_SYNC_TIMES, SYNC_TIMES_KEY } from './times';

const HEARTBEAT_MS = 15 * 60_000;
const CALENDAR_EVERY_MS = 6 * 3600_000;
/** The office changes a user's hamlets and the commune's names now and then (a merge). */
const SESSION_EVERY_MS = 15 * 60_000;

/** The status's setters as a plain sink (they are arrow functions bound to it). */
function pick(s: SyncStatus): SyncSink {
	const { setRunning, setActive, setError, setTimes, setOutbox, setQuarantine, setConflicts } = s;
	return {
		setRunning,
		setActive,
		setError,
		setTimes,
		setOutbox,
		setQuarantine,
		setConflicts,
		setProgress: s.setProgress
	};
}

export type UnsyncedRecord = { collection: string; id: string; label: string };

/** `noKey`: the device has not registered its handover key online yet; `empty`: nothing unsent. */
export type HandoverResult =
	| { ok: true; name: string; text: string; records: number; photos: number }
	| { ok: false; error: 'noKey' | 'empty' };

/**
 * Runs the sync engine for the unlocked volunteer: starts it when the
 * database opens, follows connectivity and token expiry, writes the heartbeat.
 */
export class SyncService {
	/** Result of the last "Sync now": null while none ran, or running. */
	lastManual = $state<'ok' | 'failed' | null>(null);
	busy = $state(false);

	#engine: SyncEngine | null = null;
	#photos: PhotoQueue | null = null;
	#db: AppDatabase | null = null;
	#online = true;
	#heartbeat: ReturnType<typeof setInterval> | undefined;
	#deviceName: Promise<string> | undefined;
	/** The hamlets the running engine pulls (`scopeOf`). */
	#scope: string | null = null;

	constructor(
		private readonly device: DeviceSession,
		private readonly status: SyncStatus,
		private readonly storage: StorageState,
		private readonly clock: Clock = systemClock
	) {}

	/** Follows the device's database: starts on open, stops on close. */
	async follow(db: AppDatabase | null): Promise<void> {
		if (db === this.#db) return;
		await this.#stop();
		this.#db = db;
		const user = this.device.user;
		if (!db || !user) return;
		const device = this.device;
		const [{ SyncEngine, scopeOf }, { PhotoQueue }, { loadStoredCalendar, refreshCalendar }] =
			await Promise.all([import('./engine'), import('./photos'), import('./calendar')]);
		this.#scope = scopeOf(user);
		await loadStoredCalendar(db);
		let calendarAt = -Infinity;
		const clock = this.clock;
		let sessionAt = clock.now();
		const refreshSession = () => this.#refreshSession();
		const status = this.status;
		// Only volunteers take photos; an office device would scan a commune's dossiers for none.
		const photos =
			user.role !== 'volunteer' || !user.commune
				? null
				: new PhotoQueue({
						db,
						commune: user.commune,
						baseUrl: device.baseUrl,
						token: () => device.token,
						onStates: status.setPhotos,
						clock: this.clock,
						storageLow: async () => {
							await this.storage.refresh();
							return this.storage.warn;
						}
					});
		photos?.setOnline(this.#online);
		this.#photos = photos;
		this.#engine = new SyncEngine({
			db,
			user,
			databases: device.databases,
			baseUrl: device.baseUrl,
			token: () => device.token,
			onTokenExpired: () => device.tokenExpired(),
			// Photos follow their dossier's text: look at them each time the records are in sync.
			sink: {
				...pick(status),
				setTimes(times: SyncTimes) {
					const before = status.times.lastSyncAt;
					status.setTimes(times);
					if (times.lastSyncAt === before) return;
					void photos?.kick();
					// Online and in sync: the moment to register the key offline exports are signed with.
					void device.ensureHandoverKey();
					// Every completed sync moves lastSyncAt; the calendar changes a few times a year.
					const now = clock.now();
					if (now - sessionAt >= SESSION_EVERY_MS) {
						sessionAt = now;
						void refreshSession();
					}
					if (now - calendarAt < CALENDAR_EVERY_MS) return;
					calendarAt = now;
					void refreshCalendar(db, { baseUrl: device.baseUrl, token: device.token });
				},
				// A photo taken or dropped changes its dossier, so the outbox.
				setOutbox(box) {
					status.setOutbox(box);
					photos?.kickSoon();
				}
			},
			clock: this.clock
		});
		await this.#engine.setOnline(this.#online);
		await this.#engine.start();
		await this.writeHeartbeat();
		this.#heartbeat = setInterval(() => void this.writeHeartbeat(), HEARTBEAT_MS);
	}

	async setOnline(online: boolean): Promise<void> {
		this.#online = online;
		this.status.online = online;
		await this.#engine?.setOnline(online);
		this.#photos?.setOnline(online);
	}

	/** Everything not yet on the server, as a handover file sealed for the server. */
	async exportHandover(): Promise<HandoverResult> {
		const db = this.#db;
		const user = this.device.user;
		if (!db || !user?.commune) return { ok: false, error: 'noKey' };
		// Online but not registered yet (the first sync just ended): register now, not on the next sync.
		if (this.status.online) await this.device.ensureHandoverKey();
		const signer = await this.device.handoverSigner();
		if (!signer) return { ok: false, error: 'noKey' };
		const now = isoAt(this.clock);
		// Loaded on demand, like the engine: the file format stays out of the start-up bundle.
		const { exportHandover } = await import('./handover');
		const file = await exportHandover(db, {
			author: user.username,
			commune: user.commune,
			signer,
			now
		});
		if (file.records + file.photos === 0) return { ok: false, error: 'empty' };
		const day = now.slice(0, 10);
		const name = `tramso-bangiao-${user.username}-${day}-${file.fileId.slice(0, 6)}.tramso`;
		return { ok: true, name, text: file.text, records: file.records, photos: file.photos };
	}

	/** After a new login the token works again. */
	async resume(): Promise<void> {
		await this.#engine?.resume();
		void this.#photos?.kick();
	}

	/** "Send again" for photos the server refused. */
	async retryPhotos(): Promise<void> {
		await this.#photos?.retryRefused();
	}

	async syncNow(): Promise<boolean> {
		if (!this.#engine) return false;
		this.busy = true;
		this.lastManual = null;
		try {
			const ok = await this.#engine.syncNow();
			// "Sync now" also reads the session again: the office may have moved the user's hamlets.
			if (ok)
				await Promise.all([this.writeHeartbeat(), this.#photos?.kick(), this.#refreshSession()]);
			this.lastManual = ok ? 'ok' : 'failed';
			return ok;
		} finally {
			this.busy = false;
		}
	}

	/** "Send again" for a quarantined record (`resend.ts`). */
	async resend(collection: string, id: string): Promise<void> {
		const db = this.#db;
		const user = this.device.user;
		if (!db || !user) return;
		const { resendRecord } = await import('./resend');
		await resendRecord(db, user, collection, id, isoAt(this.clock));
	}

	/** A person's decision on one conflict; throws RecordValidationError if the result is invalid. */
	async resolveConflict(
		collection: string,
		id: string,
		conflict: Conflict,
		choice: 'keepCurrent' | 'useConflicting'
	): Promise<void> {
		const db = this.#db;
		const user = this.device.user;
		if (!db || !user) return;
		const { updateRecord } = await import('$lib/db');
		const at = isoAt(this.clock);
		await updateRecord(db, collection, id, (r) =>
			reopenedForReview(user.role, r, {
				...resolveConflict(r, conflict, choice),
				updatedAt: at,
				updatedBy: user.username
			})
		);
	}

	async unsynced(): Promise<UnsyncedRecord[]> {
		const list = (await this.#engine?.unsynced()) ?? [];
		return list.filter((r) => !pushOnlyCollections.includes(r.collection));
	}

	/** Signs out and deletes local data; callers show `unsynced()` and get consent first. */
	async logout(): Promise<void> {
		await this.#stop();
		this.#db = null;
		this.status.reset();
		await this.device.logout();
	}

	async writeHeartbeat(): Promise<void> {
		const db = this.#db;
		const user = this.device.user;
		const heartbeats = db?.collections[heartbeatCollection.name];
		if (!db || db.closed || !user || !heartbeats) return;
		const { readLocal, saveRecord } = await import('$lib/db');
		const id = heartbeatId(this.device.deviceId, user.username);
		const previous = (await heartbeats.findOne(id).exec())?.toJSON() ?? null;
		const times = await readLocal(db, SYNC_TIMES_KEY, NO_SYNC_TIMES);
		const record = heartbeatRecord({
			at: isoAt(this.clock),
			deviceId: this.device.deviceId,
			user,
			appVersion: version,
			deviceName: await (this.#deviceName ??= describeDevice(
				globalThis.navigator ?? { userAgent: '' }
			)),
			times,
			pending: this.status.pending,
			quarantined: this.status.quarantined.length,
			conflicts: this.status.conflicts.length,
			storage: await this.storage.refresh(),
			previous: previous as { createdAt: string } | null
		});
		await saveRecord(db, heartbeatCollection.name, record).catch(() => undefined);
	}

	/**
	 * Reads the session again; when the user's hamlets changed (a merge, a new assignment) the
	 * engine starts again with the new scope, and its pull from the start brings the records of
	 * the hamlets gained.
	 */
	async #refreshSession(): Promise<void> {
		if (!(await this.device.refresh())) return;
		const db = this.#db;
		const user = this.device.user;
		if (!db || !user || !this.#engine) return;
		const { scopeOf } = await import('./engine');
		if (scopeOf(user) === this.#scope) return;
		await this.#stop();
		this.#db = null;
		await this.follow(db);
	}

	async #stop(): Promise<void> {
		clearInterval(this.#heartbeat);
		const engine = this.#engine;
		const photos = this.#photos;
		this.#engine = null;
		this.#photos = null;
		await Promise.all([engine?.stop(), photos?.stop()]);
	}
}
