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

/** The findings per resident in the caller's scope. */
export function groupByResident(
	list: readonly ServerCollision[]
): ReadonlyMap<string, ServerCollision[]> {
	const map = new Map<string, ServerCollision[]>();
	for (const c of list) map.set(c.residentId, [...(map.get(c.residentId) ?? []), c]);
	return map;
}
