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
	members: readonly { id: string; householdId: string; hamlet: string; relationship: string }[]
): Finding[] {
	const own = members.filter((m) => m.householdId === household.id);
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
