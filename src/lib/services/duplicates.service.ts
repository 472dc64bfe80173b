import { z } from 'zod';
import { retryAfterSeconds } from '$lib/device/api';

/** A resident in the user's scope whose CCCD the server also found in another record of the commune. */
export const serverCollisionSchema = z.object({
	residentId: z.string(),
	otherId: z.string().optional(),
	otherHamlet: z.string(),
	otherHamletName: z.string().nullable()
});
export type ServerCollision = z.infer<typeof serverCollisionSchema>;

/** The server's answer; `retryAfterSeconds` when it asked the device to wait (429). */
export type DuplicatesAnswer =
	{ ok: true; collisions: ServerCollision[] } | { ok: false; retryAfterSeconds?: number };

/** GET /api/communes/:code/duplicates; not ok when offline, refused or malformed. */
export async function fetchServerDuplicates(
	fetchFn: typeof fetch,
	token: string,
	commune: string,
	baseUrl = ''
): Promise<DuplicatesAnswer> {
	try {
		const res = await fetchFn(`${baseUrl}/api/communes/${commune}/duplicates`, {
			headers: { authorization: `Bearer ${token}` }
		});
		if (res.status === 429) {
			const wait = retryAfterSeconds(res);
			return { ok: false, ...(wait ? { retryAfterSeconds: wait } : {}) };
		}
		if (!res.ok) return { ok: false };
		const parsed = z
			.object({ collisions: z.array(serverCollisionSchema) })
			.safeParse(await res.json());
		return parsed.success ? { ok: true, collisions: parsed.data.collisions } : { ok: false };
	} catch {
		return { ok: false };
	}
}

/** The findings per resident in the caller's scope. */
export function groupByResident(
	list: readonly ServerCollision[]
): ReadonlyMap<string, ServerCollision[]> {
	const map = new Map<string, ServerCollision[]>();
	for (const c of list) map.set(c.residentId, [...(map.get(c.residentId) ?? []), c]);
	return map;
}
