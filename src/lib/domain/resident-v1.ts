import { z } from 'zod';
import { accountHelpSchema } from './account-help';
import { checkCccd, cccdSchema, cmndSchema } from './cccd';
import { refuseUnknownFields } from './closed';
import { consentSchema, hasActiveConsent, type Consent, type ConsentPurpose } from './consent';
import { docIdSchema, envelopeShape, isoDateSchema, reviewShape } from './envelope';
import { ethnicityCodeSchema } from './ethnicity';
import { ageOn } from './kpi';
import { phoneE164Schema } from './phone';
import { safeTextSchema } from './secrets';

export const sexSchema = z.enum(['male', 'female']);

export const relationshipSchema = z.enum([
	'head',
	'spouse',
	'child',
	'child_in_law',
	'parent',
	'parent_in_law',
	'grandparent',
	'grandchild',
	'sibling',
	'other_relative',
	'other'
]);
export type Relationship = z.infer<typeof relationshipSchema>;

/**
 * Personal data beyond the name, by the purposes that may justify keeping it.
 * A field may hold a value only while one of its purposes has an active consent.
 */
export const purposeFields = {
	dateOfBirth: ['eservice', 'dossier'],
	sex: ['eservice', 'dossier'],
	ethnicityCode: ['dossier'],
	idNumber: ['eservice', 'dossier'],
	legacyIdNumber: ['eservice', 'dossier'],
	phone: ['eservice', 'dossier'],
	accountHelp: ['eservice']
} as const satisfies Record<string, readonly ConsentPurpose[]>;
export type PurposeField = keyof typeof purposeFields;

export const purposeFieldNames = Object.keys(purposeFields) as PurposeField[];

export function isFieldAllowed(field: PurposeField, consents: readonly Consent[]): boolean {
	return purposeFields[field].some((p) => hasActiveConsent(consents, p));
}

/** Under 16 is a child (Law on Children 2016, Art. 1): the legal representative consents. */
export const CHILD_AGE = 16;

function isChildOn(dateOfBirth: string, at: string): boolean {
	return ageOn(dateOfBirth, at.slice(0, 10)) < CHILD_AGE;
}

/** Residents as version 1 stored them; version 2 adds the residency status. */
export const residentV1Shape = {
	...envelopeShape,
	...reviewShape,
	schemaVersion: z.literal(1),
	/** The household the resident lives in; a household's members are the residents pointing at it. */
	householdId: docIdSchema,
	fullName: z.string().trim().min(1, 'name.required').max(100, 'name.tooLong'),
	dateOfBirth: isoDateSchema.nullable(),
	sex: sexSchema.nullable(),
	ethnicityCode: ethnicityCodeSchema.nullable(),
	/** 12-digit CCCD; null while the resident (often a child) has none or it is unknown. */
	idNumber: cccdSchema.nullable(),
	/**
	 * The volunteer checked the card: the number is right although it disagrees
	 * with birth year or sex. Reset by `editIdentity` when any of them changes.
	 */
	cccdMismatchConfirmed: z.boolean(),
	legacyIdNumber: cmndSchema.nullable(),
	phone: phoneE164Schema.nullable(),
	relationship: relationshipSchema,
	notes: safeTextSchema(2000),
	consents: z.array(consentSchema).max(30),
	accountHelp: accountHelpSchema.nullable()
};

type ResidentV1Fields = z.infer<z.ZodObject<typeof residentV1Shape>>;

/**
 * Rules every version since 1 keeps: birth date bounds, a confirmed CCCD, no
 * personal data without a consent covering it, a representative for children.
 * Unknown fields are refused rather than stripped: the server stores what it
 * receives, and a stray `password` or `otp` field must never reach it.
 */
export function refineResident(
	r: Omit<ResidentV1Fields, 'schemaVersion'> & Record<string, unknown>,
	shape: Readonly<Record<string, unknown>>,
	ctx: z.core.$RefinementCtx
): void {
	refuseUnknownFields(r, shape, ctx);
	if (r.dateOfBirth) {
		if (r.dateOfBirth > r.createdAt.slice(0, 10)) {
			ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'dob.future' });
		} else if (r.dateOfBirth < '1900-01-01') {
			ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'dob.tooOld' });
		}
	}
	if (r.idNumber && !r.cccdMismatchConfirmed) {
		for (const f of checkCccd(r.idNumber, r)) {
			if (f.severity === 'confirm') {
				ctx.addIssue({ code: 'custom', path: ['idNumber'], message: f.rule });
			}
		}
	}
	for (const field of purposeFieldNames) {
		if (r[field] === null || isFieldAllowed(field, r.consents)) continue;
		ctx.addIssue({
			code: 'custom',
			path: [field],
			message: field === 'accountHelp' ? 'consent.eserviceRequired' : 'consent.requiredForField'
		});
	}
	const purposes = new Set<string>();
	r.consents.forEach((c, i) => {
		if (!c.representativeName && r.dateOfBirth && isChildOn(r.dateOfBirth, c.givenAt)) {
			ctx.addIssue({
				code: 'custom',
				path: ['consents', i, 'representativeName'],
				message: 'consent.representativeRequired'
			});
		}
		if (c.withdrawnAt) return;
		if (purposes.has(c.purpose)) {
			ctx.addIssue({ code: 'custom', path: ['consents'], message: 'consent.duplicateActive' });
		}
		purposes.add(c.purpose);
	});
}

export const residentV1Schema = z
	.looseObject(residentV1Shape)
	.superRefine((r, ctx) => refineResident(r, residentV1Shape, ctx));

/** v1 → v2: everyone recorded so far lives in their household. */
export function migrateResidentV1(doc: Record<string, unknown>): Record<string, unknown> {
	return { ...doc, schemaVersion: 2, residency: { status: 'present' } };
}
