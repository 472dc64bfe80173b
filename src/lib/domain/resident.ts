import { z } from 'zod';
import { checkCccd } from './cccd';
import type { CollectionSpec } from './collections';
import { type Consent, type ConsentPurpose } from './consent';
import { cccdCollisions, type IdentifiedRecord } from './duplicates';
import { isoDateSchema, isoDateTimeSchema, usernameSchema } from './envelope';
import { finding, type Finding } from './finding';
import { migrateResidentV0, residentV0Schema } from './resident-v0';
import {
	isFieldAllowed,
	migrateResidentV1,
	purposeFieldNames,
	refineResident,
	residentV1Schema,
	residentV1Shape,
	type Relationship
} from './resident-v1';
import { safeTextSchema } from './secrets';
import { validateWith } from './validation';

export {
	CHILD_AGE,
	isFieldAllowed,
	purposeFields,
	relationshipSchema,
	sexSchema,
	type PurposeField,
	type Relationship
} from './resident-v1';

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

const residencyChange = {
	/** Day it happened, as the family tells it. */
	on: isoDateSchema,
	recordedBy: usernameSchema,
	recordedAt: isoDateTimeSchema,
	note: safeTextSchema(300).optional()
};

/**
 * Whether the resident still lives in the household. People who moved away or
 * died stay on record with the day and who recorded it; they leave the counts.
 * A member entered by mistake is `removed`: only the name, relationship and
 * this reason remain (so the commune sees why), every personal field empty.
 */
export const residencySchema = z.discriminatedUnion('status', [
	z.object({ status: z.literal('present') }),
	z.object({ status: z.literal('moved_away'), ...residencyChange }),
	z.object({ status: z.literal('deceased'), ...residencyChange }),
	z.object({
		status: z.literal('removed'),
		reason: safeTextSchema(500).refine((s) => s.trim().length >= 3, 'correction.reasonRequired'),
		recordedBy: usernameSchema,
		recordedAt: isoDateTimeSchema
	})
]);
export type Residency = z.infer<typeof residencySchema>;
export type ResidencyStatus = Residency['status'];

export const residencyLabels: Readonly<Record<ResidencyStatus, { en: string; vi: string }>> = {
	present: { en: 'Lives in the household', vi: 'Đang sống tại hộ' },
	moved_away: { en: 'Moved away', vi: 'Đã chuyển đi' },
	deceased: { en: 'Deceased', vi: 'Đã mất' },
	removed: { en: 'Removed (entered by mistake)', vi: 'Đã xoá (nhập nhầm)' }
};

const residentShape = {
	...residentV1Shape,
	schemaVersion: z.literal(2),
	residency: residencySchema
};

export const residentSchema = z.looseObject(residentShape).superRefine((r, ctx) => {
	refineResident(r, residentShape, ctx);
	if (r.residency.status === 'present') return;
	if (r.residency.status === 'removed') {
		const kept = purposeFieldNames.some((f) => r[f] !== null) || r.consents.length > 0 || r.notes;
		if (kept)
			ctx.addIssue({ code: 'custom', path: ['residency'], message: 'residency.removedHoldsData' });
		return;
	}
	const { on } = r.residency;
	if (on > r.updatedAt.slice(0, 10)) {
		ctx.addIssue({ code: 'custom', path: ['residency', 'on'], message: 'residency.future' });
	} else if (r.dateOfBirth && on < r.dateOfBirth) {
		ctx.addIssue({ code: 'custom', path: ['residency', 'on'], message: 'residency.beforeBirth' });
	}
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
	by: { at: string; username: string; reason?: string }
): Resident {
	const reason = by.reason?.trim();
	const consents = resident.consents.map((c) =>
		c.purpose === purpose && !c.withdrawnAt
			? {
					...c,
					withdrawnAt: by.at,
					withdrawnBy: by.username,
					...(reason ? { withdrawnReason: reason } : {})
				}
			: c
	);
	const next: Resident = { ...resident, consents };
	for (const field of purposeFieldNames) {
		if (!isFieldAllowed(field, consents)) next[field] = null;
	}
	if (next.idNumber === null) next.cccdMismatchConfirmed = false;
	return next;
}

/**
 * The stub left of a member entered by mistake: name and relationship, who
 * removed it, when and why; everything else the record held is emptied.
 */
export function removedStub<R extends Resident>(
	r: R,
	by: { username: string; at: string; reason: string }
): R {
	return {
		...r,
		dateOfBirth: null,
		sex: null,
		ethnicityCode: null,
		idNumber: null,
		cccdMismatchConfirmed: false,
		legacyIdNumber: null,
		phone: null,
		notes: '',
		consents: [],
		accountHelp: null,
		conflicts: [],
		residency: {
			status: 'removed',
			reason: by.reason.trim(),
			recordedBy: by.username,
			recordedAt: by.at
		}
	};
}

/** What withdrawing a consent stops, said to the resident before they confirm. */
export const consentStops: Readonly<Record<ConsentPurpose, { en: string; vi: string }>> = {
	eservice: {
		en: 'The team stops helping with the VNeID account and will not come back for it',
		vi: 'Tổ công nghệ số ngừng hỗ trợ tài khoản VNeID cho người này và không hẹn quay lại'
	},
	dossier: {
		en: 'The team stops helping with administrative dossiers',
		vi: 'Tổ công nghệ số ngừng hỗ trợ nộp hồ sơ thủ tục cho người này'
	},
	address: {
		en: 'The digital address of the house is no longer recorded for this person',
		vi: 'Không ghi nhận địa chỉ số của nhà ở cho người này nữa'
	}
};

/**
 * What a withdrawal would do: the fields holding a value that no other active
 * consent covers (they are erased), in the order of the record.
 */
export function withdrawalEffects(
	resident: Pick<Resident, 'consents'> &
		Partial<Record<(typeof purposeFieldNames)[number], unknown>>,
	purpose: ConsentPurpose
): { stops: { en: string; vi: string }; cleared: (typeof purposeFieldNames)[number][] } {
	const remaining = resident.consents.filter((c) => c.purpose !== purpose || c.withdrawnAt);
	const cleared = purposeFieldNames.filter(
		(f) => resident[f] !== null && resident[f] !== undefined && !isFieldAllowed(f, remaining)
	);
	return { stops: consentStops[purpose], cleared };
}

export const residentCollection: CollectionSpec<typeof residentSchema> = {
	name: 'residents',
	version: 2,
	schema: residentSchema,
	olderSchemas: { 0: residentV0Schema, 1: residentV1Schema },
	migrations: { 1: migrateResidentV0, 2: migrateResidentV1 },
	encrypted: [
		'residency',
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

/** Names are written as on the ID card: letters, spaces, hyphens and apostrophes, never digits. */
export function nameFindings(fullName: string, path = 'fullName'): Finding[] {
	return /\d/.test(fullName) ? [finding(path, 'name.digits', 'error')] : [];
}

/**
 * One list for the form: schema errors, CCCD confirmations (severity
 * `confirm`), warnings, a name with digits, a duplicate CCCD among `others`
 * (the residents on the device) and a phone already recorded for someone
 * else. A record can be saved when no finding is an `error` or an
 * unconfirmed `confirm`. Every rule runs, so all problems show at once.
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
	}
	const r = (doc ?? {}) as Partial<Resident>;
	if (typeof r.fullName === 'string') out.push(...nameFindings(r.fullName));
	if (typeof r.idNumber === 'string' && typeof r.id === 'string') {
		const candidate = { ...r, id: r.id, idNumber: r.idNumber };
		out.push(
			...checkCccd(r.idNumber, { dateOfBirth: r.dateOfBirth, sex: r.sex }).filter(
				(f) => f.severity === 'warning'
			)
		);
		if (cccdCollisions(candidate, others).length > 0)
			out.push(finding('idNumber', 'cccd.duplicate', 'error'));
	}
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
