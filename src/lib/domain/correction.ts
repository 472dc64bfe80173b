import type { Role } from './collections';
import { finding, type Finding } from './finding';

/**
 * Rules for correcting the household register. A member entered by mistake
 * keeps a stub in the residents collection (name, who removed it, when and
 * why; every other field emptied) rather than being deleted: deleted records
 * travel as bare tombstones, and the reason must stay readable for the
 * commune. Moves change the member's household; merges move every member and
 * delete the duplicate household; only a household nobody lives in is deleted.
 */
interface Actor {
	role: Role;
}

/**
 * A volunteer moves people between households of one hamlet; a move to
 * another hamlet changes who serves the person, so it is the commune's call.
 */
export function moveFindings(
	actor: Actor,
	member: { householdId: string; hamlet: string },
	target: { id: string; hamlet: string }
): Finding[] {
	if (target.id === member.householdId) {
		return [finding('toHouseholdId', 'correction.sameHousehold', 'error')];
	}
	if (actor.role === 'volunteer' && target.hamlet !== member.hamlet) {
		return [finding('toHouseholdId', 'correction.crossHamlet', 'error')];
	}
	return [];
}

/** What the commune approved is not removed by a volunteer: they mark it moved or deceased instead. */
export function removeFindings(actor: Actor, member: { review?: { status: string } }): Finding[] {
	return actor.role === 'volunteer' && member.review?.status === 'approved'
		? [finding('', 'correction.removeApproved', 'error')]
		: [];
}

/** Two households of one hamlet merge (any two of the commune for an official). */
export function mergeFindings(
	actor: Actor,
	source: { id: string; hamlet: string },
	target: { id: string; hamlet: string }
): Finding[] {
	if (source.id === target.id)
		return [finding('toHouseholdId', 'correction.sameHousehold', 'error')];
	if (actor.role === 'volunteer' && source.hamlet !== target.hamlet) {
		return [finding('toHouseholdId', 'correction.crossHamlet', 'error')];
	}
	return [];
}

/**
 * Only a household nobody lives in may be deleted (moved-away and deceased
 * members still belong to it); stubs of members removed by mistake stay on
 * record even when their household goes.
 */
export function deleteHouseholdFindings(
	members: readonly { residency?: { status: string } }[]
): Finding[] {
	return members.some((m) => (m.residency?.status ?? 'present') !== 'removed')
		? [finding('', 'correction.householdNotEmpty', 'error')]
		: [];
}
