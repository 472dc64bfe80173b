import { z } from 'zod';

/** A resident in the user's scope whose CCCD the server also found in another record of the commune. */
export const serverCollisionSchema = z.object({
	residentId: z.string(),
	otherId: z.string().optional(),
	otherHamlet: z.string(),
	otherHamletName: z.string().nullable()
});
export type ServerCollision = z.infer<typeof serverCollisionSchema>;

/** GET /api/communes/:code/duplicates; null when offline or refused (the last answer stays). */
export async function fetchServerDuplicates(
	fetchFn: typeof fetch,
	token: string,
	commune: string,
	baseUrl = ''
): Promise<ServerCollision[] | null> {
	try {
		const res = await fetchFn(`${baseUrl}/api/communes/${commune}/duplicates`, {
			headers: { authorization: `Bearer ${token}` }
		});
		if (!res.ok) return null;
		const parsed = z
			.object({ collisions: z.array(serverCollisionSchema) })
			.safeParse(await res.json());
		return parsed.success ? parsed.data.collisions : null;
	} catch {
		return null;
	}
}

const storageKey = (username: string) => `tramso.duplicates.${username}`;

/**
 * The server's duplicate-CCCD findings for the signed-in user, refreshed after each pull and
 * kept on the device (record ids and hamlet names only) so they show offline too.
 */
export class ServerDuplicates {
	byResident = $state.raw<ReadonlyMap<string, ServerCollision[]>>(new Map());
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
		const map = new Map<string, ServerCollision[]>();
		for (const c of list) map.set(c.residentId, [...(map.get(c.residentId) ?? []), c]);
		this.byResident = map;
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
