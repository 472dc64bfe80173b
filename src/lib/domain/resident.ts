import { z } from 'zod';
import { accountHelpSchema } from './account-help';
import { checkCccd, cccdSchema, cmndSchema } from './cccd';
import { refuseUnknownFields } from './closed';
import type { CollectionSpec } from './collections';
import { consentSchema, hasActiveConsent, type Consent, type ConsentPurpose } from './consent';
import { cccdCollisions, type IdentifiedRecord } from './duplicates';
import { docIdSchema, envelopeShape, isoDateSchema, reviewShape } from './envelope';
import { ethnicityCodeSchema } from './ethnicity';
import { finding, type Finding } from './finding';
import { ageOn } from './kpi';
import { phoneE164Schema } from './phone';
import { migrateResidentV0, residentV0Schema } from './resident-v0';
import { safeTextSchema } from './secrets';
import { validateWith } from './validation';

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

/** Relationship to the head of household, as the household registry (sổ hộ khẩu) words it. */
export const relationshipLabels: Readonly<Record<Relationship, { en: string; vi: string }>> = {
	head: { en: 'Head of household', vi: 'Chủ hộ' },
	spouse: { en: 'Spouse', vi: 'Vợ/Chồng' },
	child: { en: 'Child', vi: 'Con' },
	child_in_law: { en: 'Son/daughter-in-law', vi: 'Con dâu/Con rể' },
	parent: { en: 'Parent', vi: 'Cha/Mẹ' },
	parent_in_law: { en: 'Parent-in-law', vi: 'Cha/Mẹ vợ hoặc chồng' },
	grandparent: { en: 'Grandparent', vi: 'Ông/Bà' },
	grandchild: { en: 'Grandchild', vi: 'Cháu' },
	sibling: { en: 'Sibling', vi: 'Anh/Chị/Em' },
	other_relative: { en: 'Other relative', vi: 'Họ hàng khác' },
	other: { en: 'Other (lives in the household)', vi: 'Người ở cùng khác' }
};

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

const purposeFieldNames = Object.keys(purposeFields) as PurposeField[];

export function isFieldAllowed(field: PurposeField, consents: readonly Consent[]): boolean {
	return purposeFields[field].some((p) => hasActiveConsent(consents, p));
}

const residentShape = {
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

/**
 * Unknown fields are refused rather than stripped: the server stores what it
 * receives, and a stray `password` or `otp` field must never reach it.
 */
/** Under 16 is a child (Law on Children 2016, Art. 1): the legal representative consents. */
export const CHILD_AGE = 16;

function isChildOn(dateOfBirth: string, at: string): boolean {
	return ageOn(dateOfBirth, at.slice(0, 10)) < CHILD_AGE;
}

export const residentSchema = z.looseObject(residentShape).superRefine((r, ctx) => {
	refuseUnknownFields(r, residentShape, ctx);
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
});
export type Resident = z.infer<z.ZodObject<typeof residentShape>>;

/**
 * Everything the UI should show next to the fields, including warnings and
 * confirmations that the schema alone does not report (e.g. an unknown
 * birth-province code). Confirm findings disappear once confirmed.
 */
export function residentFindings(
	r: Pick<Resident, 'idNumber' | 'dateOfBirth' | 'sex' | 'cccdMismatchConfirmed'>
): Finding[] {
	if (!r.idNumber) return [];
	return checkCccd(r.idNumber, r).filter(
		(f) => f.severity !== 'confirm' || !r.cccdMismatchConfirmed
	);
}

/** Adds a consent; an active consent for the same purpose is replaced by the new one. */
export function grantConsent<R extends Pick<Resident, 'consents'>>(
	resident: R,
	consent: Consent
): R {
	const consents = resident.consents.map((c) =>
		c.purpose === consent.purpose && !c.withdrawnAt
			? { ...c, withdrawnAt: consent.givenAt, withdrawnBy: consent.takenBy }
			: c
	);
	return { ...resident, consents: [...consents, consent] };
}

/**
 * Withdraws the consent for a purpose and clears the data no other active
 * consent covers, so nothing more is processed for that purpose.
 */
export function withdrawConsent(
	resident: Resident,
	purpose: ConsentPurpose,
	by: { at: string; username: string }
): Resident {
	const consents = resident.consents.map((c) =>
		c.purpose === purpose && !c.withdrawnAt
			? { ...c, withdrawnAt: by.at, withdrawnBy: by.username }
			: c
	);
	const next: Resident = { ...resident, consents };
	for (const field of purposeFieldNames) {
		if (!isFieldAllowed(field, consents)) next[field] = null;
	}
	if (next.idNumber === null) next.cccdMismatchConfirmed = false;
	return next;
}

export const residentCollection: CollectionSpec<typeof residentSchema> = {
	name: 'residents',
	version: 1,
	schema: residentSchema,
	olderSchemas: { 0: residentV0Schema },
	migrations: { 1: migrateResidentV0 },
	encrypted: [
		'dateOfBirth',
		'ethnicityCode',
		'idNumber',
		'legacyIdNumber',
		'phone',
		'notes',
		'consents',
		'accountHelp'
	],
	indexes: ['householdId', 'updatedAt'],
	access: 'hamlet',
	writers: ['volunteer', 'official'],
	// Up to 30 consents with on-screen signatures of 20 KB each.
	maxBytes: 1024 * 1024
};

const CONFIRM_RULES: ReadonlySet<string> = new Set(['cccd.birthYearMismatch', 'cccd.sexMismatch']);

/**
 * One list for the form: schema errors, CCCD confirmations (severity
 * `confirm`), warnings, a duplicate CCCD among `others` (the residents on
 * the device) and a phone already recorded for someone else. A record can
 * be saved when no finding is an `error` or an unconfirmed `confirm`.
 */
export function checkResident(
	doc: unknown,
	others: readonly (IdentifiedRecord & { phone?: string | null })[] = []
): Finding[] {
	const out: Finding[] = [];
	const v = validateWith(residentSchema, doc);
	if (!v.ok) {
		for (const i of v.issues) {
			const severity = CONFIRM_RULES.has(i.rule) ? 'confirm' : 'error';
			out.push({ path: i.path, rule: i.rule, severity, message: i.message });
		}
		return out;
	}
	const r = v.value;
	out.push(...residentFindings(r).filter((f) => f.severity === 'warning'));
	if (cccdCollisions(r, others).length > 0)
		out.push(finding('idNumber', 'cccd.duplicate', 'error'));
	// VNeID needs a SIM in the resident's own name, so a shared family phone will block level 1.
	if (r.phone && others.some((o) => o.id !== r.id && o.phone === r.phone)) {
		out.push(finding('phone', 'phone.shared', 'warning'));
	}
	return out;
}

/** Changes CCCD, date of birth or sex; a confirmed mismatch must be confirmed again after any change. */
export function editIdentity<
	R extends Pick<Resident, 'idNumber' | 'dateOfBirth' | 'sex' | 'cccdMismatchConfirmed'>
>(resident: R, patch: Partial<Pick<Resident, 'idNumber' | 'dateOfBirth' | 'sex'>>): R {
	const next = { ...resident, ...patch };
	const changed =
		next.idNumber !== resident.idNumber ||
		next.dateOfBirth !== resident.dateOfBirth ||
		next.sex !== resident.sex;
	return changed ? { ...next, cccdMismatchConfirmed: false } : next;
}
