/** A read-only lookup, rebuilt (not mutated) whenever the records change. */
export function byId<T extends { id: string }>(rows: readonly T[]): ReadonlyMap<string, T> {
	const out = new Map<string, T>();
	for (const r of rows) out.set(r.id, r);
	return out;
}
