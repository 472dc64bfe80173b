import { z } from 'zod';
import { refuseUnknownFields } from './closed';
import type { CollectionSpec, Role } from './collections';
import { docIdSchema, envelopeShape } from './envelope';
import { finding, type Finding } from './finding';
import { safeTextSchema } from './secrets';

/**
 * A correction to the household register that removes or moves a record:
 * a member entered by mistake, a member moved to another household, two
 * households merged, an empty household deleted. Deleted records travel as
 * bare tombstones, so what a person must read later (who was removed and
 * why) lives here, in a record of its own that is never edited or deleted.
 * Moving away and dying are not corrections: the resident keeps a residency.
 */
export const correctionKindSchema = z.enum([
	'member_removed',
	'member_moved',
	'household_merged',
	'household_deleted'
]);
export type CorrectionKind = z.infer<typeof correctionKindSchema>;

const correctionShape = {
	...envelopeShape,
	schemaVersion: z.literal(0),
	kind: correctionKindSchema,
	/** The resident (removed, moved) or household (merged away, deleted) the correction is about. */
	subjectId: docIdSchema,
	/** How people knew it, as it was: the resident's name or the household's address. */
	subjectLabel: z.string().trim().min(1).max(200),
	/** The household the member left, or the one merged away or deleted. */
	fromHouseholdId: docIdSchema.nullable(),
	/** The household the member moved to, or the one merged into. */
	toHouseholdId: docIdSchema.nullable(),
	/** Why, in the volunteer's or official's words; required to remove a member. */
	reason: safeTextSchema(500)
};

export const correctionSchema = z.looseObject(correctionShape).superRefine((c, ctx) => {
	refuseUnknownFields(c, correctionShape, ctx);
	if (c.kind === 'member_removed' && c.reason.trim().length < 3) {
		ctx.addIssue({ code: 'custom', path: ['reason'], message: 'correction.reasonRequired' });
	}
	if ((c.kind === 'member_moved' || c.kind === 'household_merged') && !c.toHouseholdId) {
		ctx.addIssue({ code: 'custom', path: ['toHouseholdId'], message: 'correction.target' });
	}
	if (c.toHouseholdId && c.toHouseholdId === c.fromHouseholdId) {
		ctx.addIssue({ code: 'custom', path: ['toHouseholdId'], message: 'correction.sameHousehold' });
	}
});
export type Correction = z.infer<z.ZodObject<typeof correctionShape>>;

export const correctionCollection: CollectionSpec<typeof correctionSchema> = {
	name: 'corrections',
	version: 0,
	schema: correctionSchema,
	olderSchemas: {},
	migrations: {},
	encrypted: ['subjectLabel', 'reason'],
	indexes: ['updatedAt'],
	access: 'hamlet',
	writers: ['volunteer', 'official']
};

export const correctionKindLabels: Readonly<Record<CorrectionKind, { en: string; vi: string }>> = {
	member_removed: { en: 'Member removed (entered by mistake)', vi: 'Xoá thành viên nhập nhầm' },
	member_moved: { en: 'Member moved to another household', vi: 'Chuyển thành viên sang hộ khác' },
	household_merged: { en: 'Households merged', vi: 'Gộp hai hộ' },
	household_deleted: { en: 'Empty household deleted', vi: 'Xoá hộ trống' }
};

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

/** Only a household nobody is recorded in may be deleted; one with people is merged or corrected. */
export function deleteHouseholdFindings(memberCount: number): Finding[] {
	return memberCount > 0 ? [finding('', 'correction.householdNotEmpty', 'error')] : [];
}
