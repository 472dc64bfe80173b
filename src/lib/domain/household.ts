import { z } from 'zod';
import { refuseUnknownFields } from './closed';
import type { CollectionSpec } from './collections';
import { docIdSchema, envelopeShape, reviewShape } from './envelope';
import { finding, type Finding } from './finding';
import { safeTextSchema } from './secrets';

export const houseNumberSchema = z
	.string()
	.trim()
	.min(1, 'household.houseNumber')
	.max(20, 'household.houseNumber');

/**
 * A household at an address inside the record's hamlet (`hamlet` in the
 * envelope). Members are not listed here: each resident points at its
 * household, so two volunteers adding members never edit the same document.
 */
const householdShape = {
	...envelopeShape,
	...reviewShape,
	schemaVersion: z.literal(0),
	/** As written on the house or the registry, e.g. `12/3A`; null where houses have no number. */
	houseNumber: houseNumberSchema.nullable(),
	/** Street, alley (hẻm/ngõ) or group (tổ) within the hamlet. */
	street: z.string().trim().max(100).nullable(),
	/** Resident id of the head; null until the head's record exists. */
	headResidentId: docIdSchema.nullable(),
	/** Digital-address point of the house (filled by the digital-address feature). */
	addressPointId: docIdSchema.nullable(),
	notes: safeTextSchema(1000)
};

/** Unknown fields are refused, not stripped, as for residents. */
export const householdSchema = z
	.looseObject(householdShape)
	.superRefine((h, ctx) => refuseUnknownFields(h, householdShape, ctx));
export type Household = z.infer<z.ZodObject<typeof householdShape>>;

/** One line for lists and receipts: `Số 12/3A, Hẻm 5, Ấp Bến Chò`. */
export function householdAddress(
	h: Pick<Household, 'houseNumber' | 'street'>,
	hamletName?: string
): string {
	const parts = [h.houseNumber ? `Số ${h.houseNumber}` : null, h.street, hamletName];
	return parts.filter((p): p is string => !!p && p.trim() !== '').join(', ');
}

export const householdCollection: CollectionSpec<typeof householdSchema> = {
	name: 'households',
	version: 0,
	schema: householdSchema,
	olderSchemas: {},
	migrations: {},
	encrypted: ['notes'],
	indexes: ['updatedAt'],
	access: 'hamlet',
	writers: ['volunteer', 'official']
};

/**
 * Checks across a household and its members, which no single record's
 * schema can see: one head, the head pointer, and members in the same hamlet.
 */
export function householdFindings(
	household: Pick<Household, 'id' | 'hamlet' | 'headResidentId'>,
	members: readonly HouseholdMember[]
): Finding[] {
	const own = members.filter((m) => m.householdId === household.id && livesThere(m));
	const heads = own.filter((m) => m.relationship === 'head');
	const out: Finding[] = [];
	if (heads.length === 0 && own.length > 0) {
		out.push(finding('headResidentId', 'household.noHead', 'warning'));
	}
	if (heads.length > 1) out.push(finding('headResidentId', 'household.manyHeads', 'error'));
	if (household.headResidentId !== null && !heads.some((h) => h.id === household.headResidentId)) {
		out.push(finding('headResidentId', 'household.headMismatch', 'error'));
	}
	if (own.some((m) => m.hamlet !== household.hamlet)) {
		out.push(finding('hamlet', 'household.memberHamlet', 'error'));
	}
	return out;
}

/** What household checks need of a resident. */
export interface HouseholdMember {
	id: string;
	householdId: string;
	hamlet: string;
	relationship: string;
	fullName?: string;
	/** Absent on records older than residents v2: they live there. */
	residency?: { status: string };
}

/** Members who moved away or died stay on record but no longer count as members. */
export function livesThere(m: Pick<HouseholdMember, 'residency'>): boolean {
	return (m.residency?.status ?? 'present') === 'present';
}

/**
 * A second head for a household that already has one is refused, naming the
 * head so the volunteer knows whose relationship to change first.
 */
export function secondHeadFinding(
	householdId: string,
	candidate: { id: string; relationship: string },
	members: readonly HouseholdMember[]
): Finding | null {
	if (candidate.relationship !== 'head') return null;
	const head = members.find(
		(m) =>
			m.householdId === householdId &&
			m.id !== candidate.id &&
			m.relationship === 'head' &&
			livesThere(m)
	);
	if (!head) return null;
	const base = finding('relationship', 'household.headExists', 'error');
	const name = head.fullName ?? '';
	return {
		...base,
		message: {
			en: `${base.message.en}${name ? ` (${name})` : ''}. A household has one head: to change it, first change the current head's relationship`,
			vi: `${base.message.vi}${name ? ` (${name})` : ''}. Mỗi hộ chỉ có một chủ hộ: muốn đổi, hãy sửa quan hệ của chủ hộ hiện tại trước`
		}
	};
}

/** A household with nothing to find it by again asks for a confirmation (houses without numbers exist). */
export function householdInputFindings(input: {
	houseNumber: string | null;
	street: string | null;
	notes: string;
}): Finding[] {
	const blank = [input.houseNumber, input.street, input.notes].every((v) => !v || !v.trim());
	return blank ? [finding('', 'household.blank', 'confirm')] : [];
}
