import { photoParentCollection, type PhotoParent } from '$domain/dossier';
import { decodeReason } from '$domain/wire';
import type { Bilingual } from '$domain/rules';
import {
	freePhotoCopy,
	heldPhoto,
	markPhoto,
	readOutbox,
	readPhoto,
	recordPhotos,
	type AppDatabase
} from '$lib/db';
import { isoAt, systemClock, type Clock } from './clock';

export type PhotoPhase = 'waiting' | 'uploading' | 'uploaded' | 'failed';
export interface PhotoStatus {
	phase: PhotoPhase;
	/** The dossier or address point it belongs to. */
	parent: PhotoParent;
	/** Why it failed, or what it waits for. */
	reason?: Bilingual;
}
/** By photo hash: the photos this device took, as their upload stands. */
export type PhotoStates = Readonly<Record<string, PhotoStatus>>;

export interface PhotoQueueOptions {
	db: AppDatabase;
	commune: string;
	baseUrl: string;
	token: () => string | null;
	onStates: (states: PhotoStates) => void;
	clock?: Clock;
	fetch?: typeof fetch;
	/** True when the device is short of space: confirmed photos then give up their full copy. */
	storageLow?: () => Promise<boolean>;
	backoffMs?: number;
	maxBackoffMs?: number;
}

type Outcome =
	| { kind: 'stored' }
	| { kind: 'wait'; reason: Bilingual }
	| { kind: 'refused'; reason: Bilingual }
	| { kind: 'network' }
	| { kind: 'auth' };

const WAITING_FOR_RECORD: Bilingual = {
	vi: 'Chờ gửi hồ sơ trước',
	en: 'Waiting for its record to be sent first'
};

export function photoUrl(
	baseUrl: string,
	commune: string,
	parent: PhotoParent,
	hash: string
): string {
	return `${baseUrl}/api/communes/${commune}/photos/${hash}?${parent.kind}=${encodeURIComponent(parent.id)}`;
}

/**
 * Sends the photos of this device's dossiers and address points to the server after their
 * record's text, one at a time. The server keys a photo by record and content hash, so a resend
 * after a lost answer or a crash stores nothing twice. A refusal (type, size, damaged bytes) is
 * kept with its reason until the volunteer retries; a record the server does not have yet, a
 * network failure or a server error is retried with back-off.
 */
export class PhotoQueue {
	#states: Record<string, PhotoStatus> = {};
	#running: Promise<void> | null = null;
	#again = false;
	#stopped = false;
	#failures = 0;
	#cancelRetry: (() => void) | null = null;
	#cancelSoon: (() => void) | null = null;
	#online = true;
	readonly #clock: Clock;
	readonly #fetch: typeof fetch;

	constructor(private readonly o: PhotoQueueOptions) {
		this.#clock = o.clock ?? systemClock;
		this.#fetch = o.fetch ?? ((...a) => globalThis.fetch(...a));
	}

	get states(): PhotoStates {
		return this.#states;
	}

	/** Looks again at what waits; resolves when that pass (and any it was asked for) ends. */
	kick(): Promise<void> {
		if (this.#stopped) return Promise.resolve();
		if (this.#running) {
			this.#again = true;
			return this.#running;
		}
		this.#cancelRetry?.();
		this.#cancelRetry = null;
		this.#running = (async () => {
			try {
				do {
					this.#again = false;
					await this.#pass();
				} while (this.#again && !this.#stopped);
			} finally {
				this.#running = null;
			}
		})();
		return this.#running;
	}

	/** Kicks once after a short quiet time: local writes come in bursts (a sync writes many). */
	kickSoon(): void {
		if (this.#stopped || this.#cancelSoon) return;
		this.#cancelSoon = this.#clock.after(300, () => {
			this.#cancelSoon = null;
			void this.kick();
		});
	}

	/** Offline, the queue still tells what waits, and sends nothing. */
	setOnline(online: boolean): void {
		this.#online = online;
		void this.kick();
	}

	/** Sends refused photos again (after the volunteer fixed what the server said). */
	async retryRefused(): Promise<void> {
		for (const [hash, s] of Object.entries(this.#states)) {
			if (s.phase === 'failed') await markPhoto(this.o.db, hash, { refused: null });
		}
		await this.kick();
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		this.#cancelRetry?.();
		this.#cancelSoon?.();
		await this.#running?.catch(() => undefined);
	}

	#emit(): void {
		this.#states = { ...this.#states };
		this.o.onStates(this.#states);
	}

	async #pass(): Promise<void> {
		const { db } = this.o;
		if (db.closed) return;
		const outbox = await readOutbox(db);
		const unsent = (p: PhotoParent) => Boolean(outbox[photoParentCollection[p.kind]]?.[p.id]);
		const next: Record<string, PhotoStatus> = {};
		const todo: { hash: string; parent: PhotoParent }[] = [];
		for (const { parent, hashes } of await recordPhotos(db)) {
			for (const hash of hashes) {
				const held = await heldPhoto(db, hash);
				if (!held) continue;
				if (held.uploadedAt) next[hash] = { phase: 'uploaded', parent };
				else if (held.refused) next[hash] = { phase: 'failed', parent, reason: held.refused };
				else if (unsent(parent))
					next[hash] = { phase: 'waiting', parent, reason: WAITING_FOR_RECORD };
				else {
					next[hash] = { phase: 'waiting', parent };
					todo.push({ hash, parent });
				}
			}
		}
		this.#states = next;
		this.#emit();
		if (!this.#online) return;

		let retry = false;
		for (const { hash, parent } of todo) {
			if (this.#stopped || db.closed) return;
			this.#states[hash] = { phase: 'uploading', parent };
			this.#emit();
			const outcome = await this.#upload(hash, parent);
			if (outcome.kind === 'stored') {
				this.#failures = 0;
				await markPhoto(db, hash, { uploadedAt: isoAt(this.#clock) });
				if (await this.o.storageLow?.()) await freePhotoCopy(db, hash);
				this.#states[hash] = { phase: 'uploaded', parent };
			} else if (outcome.kind === 'refused') {
				await markPhoto(db, hash, { refused: outcome.reason });
				this.#states[hash] = { phase: 'failed', parent, reason: outcome.reason };
			} else {
				this.#states[hash] = {
					phase: 'waiting',
					parent,
					...(outcome.kind === 'wait' ? { reason: outcome.reason } : {})
				};
				retry = outcome.kind !== 'auth';
				// No network or no valid token: the rest would fail the same way.
				if (outcome.kind !== 'wait') {
					this.#emit();
					break;
				}
			}
			this.#emit();
		}
		if (retry && !this.#stopped) this.#scheduleRetry();
	}

	#scheduleRetry(): void {
		const base = this.o.backoffMs ?? 2_000;
		const delay = Math.min(this.o.maxBackoffMs ?? 5 * 60_000, base * 2 ** this.#failures);
		this.#failures = Math.min(this.#failures + 1, 20);
		this.#cancelRetry?.();
		this.#cancelRetry = this.#clock.after(delay, () => void this.kick());
	}

	async #upload(hash: string, parent: PhotoParent): Promise<Outcome> {
		const token = this.o.token();
		if (!token) return { kind: 'auth' };
		const jpeg = await readPhoto(this.o.db, hash, 'jpeg');
		// Freed only after the server confirmed it; a photo gone otherwise cannot be sent.
		if (!jpeg)
			return {
				kind: 'refused',
				reason: { vi: 'Ảnh không còn trên máy', en: 'The photo is no longer on this device' }
			};
		let res: Response;
		try {
			res = await this.#fetch(photoUrl(this.o.baseUrl, this.o.commune, parent, hash), {
				method: 'PUT',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'image/jpeg' },
				body: jpeg
			});
		} catch {
			return { kind: 'network' };
		}
		if (res.ok) return { kind: 'stored' };
		const reason = decodeReason(
			((await res.json().catch(() => null)) as { reason?: unknown } | null)?.reason
		);
		if (res.status === 401) return { kind: 'auth' };
		if (res.status === 404 || res.status === 409) return { kind: 'wait', reason };
		if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429)
			return { kind: 'refused', reason };
		return { kind: 'network' };
	}
}

/** A photo from the server (an office device holds none of the volunteers' photos). */
export async function fetchPhoto(
	o: { baseUrl: string; token: string | null; commune: string; fetch?: typeof fetch },
	parent: PhotoParent,
	hash: string
): Promise<Blob | null> {
	if (!o.token) return null;
	try {
		const res = await (o.fetch ?? globalThis.fetch)(photoUrl(o.baseUrl, o.commune, parent, hash), {
			headers: { authorization: `Bearer ${o.token}` },
			cache: 'no-store'
		});
		if (!res.ok) return null;
		const bytes = await res.arrayBuffer();
		const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
		const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
		return hex === hash ? new Blob([bytes], { type: 'image/jpeg' }) : null;
	} catch {
		return null;
	}
}
