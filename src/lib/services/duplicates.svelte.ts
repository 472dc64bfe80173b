import { z } from 'zod';
import {
	fetchServerDuplicates,
	groupByResident,
	serverCollisionSchema,
	type ServerCollision
} from './duplicates.service';

export { fetchServerDuplicates, type ServerCollision } from './duplicates.service';

const storageKey = (username: string) => `tramso.duplicates.${username}`;

/**
 * The server's duplicate-CCCD findings for the signed-in user, refreshed after each pull and
 * kept on the device (record ids and hamlet names only) so they show offline too.
 */
export class ServerDuplicates {
	byResident = $state.raw(groupByResident([]));
	#username: string | null = null;

	constructor(private readonly store: Pick<Storage, 'getItem' | 'setItem'> | null = null) {}

	/** Shows what was last stored for `username` (or nothing after sign-out). */
	use(username: string | null): void {
		if (username === this.#username) return;
		this.#username = username;
		const raw = username ? this.store?.getItem(storageKey(username)) : null;
		const parsed = z.array(serverCollisionSchema).safeParse(raw ? safeJson(raw) : []);
		this.#set(parsed.success ? parsed.data : []);
	}

	async refresh(
		fetchFn: typeof fetch,
		token: string,
		user: { username: string; commune: string }
	): Promise<void> {
		this.use(user.username);
		const found = await fetchServerDuplicates(fetchFn, token, user.commune);
		if (!found || this.#username !== user.username) return;
		this.store?.setItem(storageKey(user.username), JSON.stringify(found));
		this.#set(found);
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
