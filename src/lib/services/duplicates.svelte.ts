import { z } from 'zod';
import {
	fetchServerDuplicates,
	groupByResident,
	serverCollisionSchema,
	type ServerCollision
} from './duplicates.service';

export { fetchServerDuplicates, type ServerCollision } from './duplicates.service';

const storageKey = (username: string) => `tramso.duplicates.${username}`;

/** Devices ask at most this often (the server allows one lookup per 15 s after a burst). */
export const MIN_LOOKUP_INTERVAL_MS = 15_000;

interface Clock {
	now(): number;
	/** Runs `fn` after `ms`; returns the cancel function. */
	later(fn: () => void, ms: number): () => void;
}

const realClock: Clock = {
	now: () => Date.now(),
	later: (fn, ms) => {
		const t = setTimeout(fn, ms);
		return () => clearTimeout(t);
	}
};

type Lookup = [fetchFn: typeof fetch, token: string, user: { username: string; commune: string }];

/**
 * The server's duplicate-CCCD findings for the signed-in user, refreshed after each sync and
 * kept on the device (record ids and hamlet names only) so they show offline too. Syncs come
 * in bursts: a lookup asked for too soon runs once when allowed, with the latest session.
 */
export class ServerDuplicates {
	byResident = $state.raw(groupByResident([]));
	#username: string | null = null;
	#allowedAt = 0;
	#waiting: Lookup | null = null;
	#cancel: (() => void) | null = null;

	constructor(
		private readonly store: Pick<Storage, 'getItem' | 'setItem'> | null = null,
		private readonly clock: Clock = realClock
	) {}

	/** Shows what was last stored for `username` (or nothing after sign-out). */
	use(username: string | null): void {
		if (username === this.#username) return;
		this.#username = username;
		this.#cancel?.();
		this.#cancel = null;
		this.#waiting = null;
		const raw = username ? this.store?.getItem(storageKey(username)) : null;
		const parsed = z.array(serverCollisionSchema).safeParse(raw ? safeJson(raw) : []);
		this.#set(parsed.success ? parsed.data : []);
	}

	async refresh(...lookup: Lookup): Promise<void> {
		this.use(lookup[2].username);
		const wait = this.#allowedAt - this.clock.now();
		if (wait > 0) return this.#later(lookup, wait);
		this.#allowedAt = this.clock.now() + MIN_LOOKUP_INTERVAL_MS;
		const [fetchFn, token, user] = lookup;
		const answer = await fetchServerDuplicates(fetchFn, token, user.commune);
		if (this.#username !== user.username) return;
		if (!answer.ok) {
			if (answer.retryAfterSeconds) {
				this.#allowedAt = this.clock.now() + answer.retryAfterSeconds * 1000;
				this.#later(lookup, answer.retryAfterSeconds * 1000);
			}
			return;
		}
		this.store?.setItem(storageKey(user.username), JSON.stringify(answer.collisions));
		this.#set(answer.collisions);
	}

	/** One pending lookup at most, with the newest arguments. */
	#later(lookup: Lookup, ms: number): void {
		const first = this.#waiting === null;
		this.#waiting = lookup;
		if (!first) return;
		this.#cancel = this.clock.later(() => {
			const next = this.#waiting;
			this.#waiting = null;
			this.#cancel = null;
			if (next) void this.refresh(...next);
		}, ms);
	}

	#set(list: ServerCollision[]): void {
		this.byResident = groupByResident(list);
	}
}

function safeJson(raw: string): unknown {
	try {
		return JSON.parse(raw);
	} catch {
		return null;
	}
}

export const serverDuplicates = new ServerDuplicates(
	typeof localStorage === 'undefined' ? null : localStorage
);
