/** What duplicate detection needs of a resident. */
export interface IdentifiedRecord {
	id: string;
	idNumber?: string | null;
}

/** Groups of records sharing a CCCD, for every CCCD held by two or more records. */
export function findDuplicateCccds<R extends IdentifiedRecord>(
	records: readonly R[]
): Map<string, R[]> {
	const byNumber = new Map<string, R[]>();
	for (const r of records) {
		if (!r.idNumber) continue;
		const group = byNumber.get(r.idNumber);
		if (group) group.push(r);
		else byNumber.set(r.idNumber, [r]);
	}
	for (const [number, group] of byNumber) if (group.length < 2) byNumber.delete(number);
	return byNumber;
}

/** Other records with the same CCCD as `candidate` (the record being edited is never its own duplicate). */
export function cccdCollisions<R extends IdentifiedRecord>(
	candidate: IdentifiedRecord,
	records: readonly R[]
): R[] {
	if (!candidate.idNumber) return [];
	return records.filter((r) => r.idNumber === candidate.idNumber && r.id !== candidate.id);
}

/**
 * What a volunteer may see of a colliding record: the record itself inside
 * their hamlet, only the hamlet's id outside it (an official resolves those).
 */
export type CollisionView =
	| { scope: 'own_hamlet'; id: string; fullName: string; householdId: string }
	| { scope: 'other_hamlet'; hamlet: string; hamletName?: string };

export function collisionView(
	record: IdentifiedRecord & { fullName: string; householdId: string; hamlet: string },
	viewer: { hamlet: string | null }
): CollisionView {
	// Officials see the whole commune; their scope has no hamlet.
	if (viewer.hamlet === null || viewer.hamlet === record.hamlet) {
		return {
			scope: 'own_hamlet',
			id: record.id,
			fullName: record.fullName,
			householdId: record.householdId
		};
	}
	return { scope: 'other_hamlet', hamlet: record.hamlet };
}
