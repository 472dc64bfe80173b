import { z } from 'zod';
import type { CollectionSpec } from '../spec';
import { consentSchema } from '../consent';
import { refuseUnknownFields } from '../closed';
import {
	docIdSchema,
	envelopeShape,
	isoDateSchema,
	isoDateTimeSchema,
	reviewSchema,
	reviewShape,
	usernameSchema
} from '../envelope';
import type { Finding } from '../finding';
import type { Bilingual } from '../rules';
import { safeTextSchema } from '../secrets';
import type { Validated } from '../validation';
import { answersSchema, validateAnswers, type AnswerContext } from './answers';
import { procedureCodeSchema, requiredDocuments, type Procedure } from './catalogue';
import { checkDossierCode } from './code';
import { isFilled } from './condition';
import { formIdSchema } from './form';
import {
	dossierStatusSchema,
	historyEntrySchema,
	isFiled,
	statusOf,
	type HistoryEntry
} from './status';
import { dossierTexts, validateDossierRules, type DossierRuleKey } from './texts';
import { dossierWorkflow } from './workflow';

/** SHA-256 of the stored (re-encoded) JPEG, lower-case hex: photos are referenced by content. */
export const photoHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'dossier.photoHash');

/** The device's pipeline makes ≤ 400 KB JPEGs; anything far larger was not made by it. */
export const PHOTO_MAX_BYTES = 2_000_000;

export const photoRefSchema = z.object({
	hash: photoHashSchema,
	bytes: z.number().int().min(1).max(PHOTO_MAX_BYTES),
	width: z.number().int().min(1).max(10_000),
	height: z.number().int().min(1).max(10_000),
	takenAt: isoDateTimeSchema
});
export type PhotoRef = z.infer<typeof photoRefSchema>;

export const documentStateSchema = z.enum(['missing', 'photographed', 'shown', 'not_needed']);

/** One paper of the procedure's checklist, as the volunteer handled it. */
export const documentEntrySchema = z.object({
	id: formIdSchema,
	state: documentStateSchema,
	/** The resident brings a certified copy instead of the original. */
	certifiedCopy: z.boolean(),
	photos: z.array(photoRefSchema).max(10)
});
export type DocumentEntry = z.infer<typeof documentEntrySchema>;

export const feeStatusSchema = z.enum([
	'unpaid',
	'paid_transfer',
	'paid_cash',
	'paid_online',
	'exempt'
]);
export type FeeStatus = z.infer<typeof feeStatusSchema>;

export const feeStatusLabels: Readonly<Record<FeeStatus, Bilingual>> = {
	unpaid: { vi: 'Chưa nộp', en: 'Not paid' },
	paid_transfer: { vi: 'Đã chuyển khoản', en: 'Paid by bank transfer' },
	paid_cash: { vi: 'Đã nộp tiền mặt', en: 'Paid in cash' },
	paid_online: {
		vi: 'Đã thanh toán trên Cổng dịch vụ công',
		en: 'Paid on the public service portal'
	},
	exempt: { vi: 'Được miễn', en: 'Exempt' }
};

export const dossierFeeSchema = z
	.object({
		/** What the resident owes in đồng; null while the amount is not known (set by the province). */
		amountVnd: z.number().int().min(0).max(1_000_000_000).nullable(),
		status: feeStatusSchema,
		/** Id of the procedure's exemption that applies. */
		exemptionId: formIdSchema.optional(),
		paidAt: isoDateTimeSchema.optional(),
		recordedBy: usernameSchema.optional()
	})
	.superRefine((f, ctx) => {
		if (f.status === 'exempt' && !f.exemptionId) {
			ctx.addIssue({ code: 'custom', path: ['exemptionId'], message: 'dossier.feeExemptReason' });
		}
		if (f.status.startsWith('paid') && !f.paidAt) {
			ctx.addIssue({ code: 'custom', path: ['paidAt'], message: 'dossier.feePaidAt' });
		}
	});
export type DossierFee = z.infer<typeof dossierFeeSchema>;

/** Criteria of the usual satisfaction survey of one-stop desks. */
export const satisfactionCriteria = {
	time: { vi: 'Thời gian giải quyết so với quy định', en: 'Time taken against the legal limit' },
	visits: { vi: 'Số lần phải đi lại', en: 'Number of visits needed' },
	attitude: { vi: 'Thái độ của cán bộ', en: 'Attitude of the staff' },
	guidance: { vi: 'Hướng dẫn rõ ràng, dễ hiểu', en: 'Clear guidance' },
	fees: { vi: 'Phí, lệ phí đúng quy định', en: 'Fees as published' }
} as const satisfies Record<string, Bilingual>;
export type SatisfactionCriterion = keyof typeof satisfactionCriteria;

/** The 5-point scale, 5 = very satisfied. */
export const satisfactionScale: Readonly<Record<1 | 2 | 3 | 4 | 5, Bilingual>> = {
	5: { vi: 'Rất hài lòng', en: 'Very satisfied' },
	4: { vi: 'Hài lòng', en: 'Satisfied' },
	3: { vi: 'Bình thường', en: 'Neutral' },
	2: { vi: 'Không hài lòng', en: 'Dissatisfied' },
	1: { vi: 'Rất không hài lòng', en: 'Very dissatisfied' }
};

const ratingSchema = z.number().int().min(1).max(5);

export const satisfactionSchema = z
	.object({
		at: isoDateTimeSchema,
		takenBy: usernameSchema,
		overall: ratingSchema,
		criteria: z.record(z.string().max(20), ratingSchema),
		comment: safeTextSchema(500).optional()
	})
	.superRefine((s, ctx) => {
		for (const key of Object.keys(s.criteria)) {
			if (!Object.hasOwn(satisfactionCriteria, key)) {
				ctx.addIssue({
					code: 'custom',
					path: ['criteria', key],
					message: 'dossier.ratingCriteria'
				});
			}
		}
	});
export type Satisfaction = z.infer<typeof satisfactionSchema>;

/** An answer or a paper a newer catalogue no longer asks for, kept for a person to look at. */
export const supersededSchema = z.object({
	/** Answer path (`answers.child.hometown`) or document (`documents.oldForm`). */
	path: z.string().max(200),
	label: z.object({ vi: z.string().max(1000), en: z.string().max(1000) }).nullable(),
	value: z.unknown(),
	fromVersion: z.number().int().min(1),
	reason: z.enum(['removed', 'incompatible'])
});
export type Superseded = z.infer<typeof supersededSchema>;

const dossierShape = {
	...envelopeShape,
	schemaVersion: z.literal(0),
	// The envelope's own list, so the device's merge keeps losing values here.
	conflicts: reviewShape.conflicts,
	procedure: z.object({ code: procedureCodeSchema, catalogueVersion: z.number().int().min(1) }),
	/** Residents the dossier is about or filed by; a newborn has no record until registered. */
	residentIds: z.array(docIdSchema).max(10),
	householdId: docIdSchema.nullable(),
	answers: answersSchema,
	documents: z.array(documentEntrySchema).max(40),
	status: dossierStatusSchema,
	history: z.array(historyEntrySchema).max(200),
	/** Open notes from the office on an answer (`answers.child.fullName`) or a paper (`documents.birthCertificate`). */
	notes: reviewSchema.shape.notes,
	/** Code on the portal or the desk's receipt (mã hồ sơ); free text, checked by `checkDossierCode`. */
	dossierCode: z.string().trim().min(1).max(64).nullable(),
	/** Result day the agency wrote on its receipt; until then the due day is an estimate. */
	agencyDueDate: isoDateSchema.nullable(),
	fee: dossierFeeSchema,
	satisfaction: satisfactionSchema.nullable(),
	/** The resident's (or their representative's) consent to help with this dossier. */
	consent: consentSchema.nullable(),
	superseded: z.array(supersededSchema).max(100)
};

const hasPersonalData = (d: { answers: Record<string, unknown>; documents: DocumentEntry[] }) =>
	Object.values(d.answers).some(isFilled) || d.documents.some((x) => x.photos.length > 0);

/** Unknown fields are refused, not stripped, as for residents. */
export const dossierSchema = z.looseObject(dossierShape).superRefine((d, ctx) => {
	refuseUnknownFields(d, dossierShape, ctx);
	const add = (path: (string | number)[], message: DossierRuleKey) =>
		ctx.addIssue({ code: 'custom', path, message });
	if (d.status !== statusOf(d.history)) add(['status'], 'dossier.historyStatus');
	if (d.consent && d.consent.purpose !== 'dossier')
		add(['consent', 'purpose'], 'dossier.consentPurpose');
	if (!d.consent && hasPersonalData(d)) add(['consent'], 'dossier.consentRequired');
	if (d.consent?.withdrawnAt && (d.status !== 'withdrawn' || hasPersonalData(d))) {
		add(['consent', 'withdrawnAt'], 'dossier.consentWithdrawn');
	}
	if (d.satisfaction && !['result_ready', 'handed_over', 'refused'].includes(d.status)) {
		add(['satisfaction'], 'dossier.ratingBeforeResult');
	}
});
export type Dossier = z.infer<z.ZodObject<typeof dossierShape>>;

/**
 * `hamlet` in the envelope is the household's, so the hamlet's volunteers and
 * the commune's officials see the dossier; `conflicts` is sealed with the
 * envelope's list (`toRxSchema`).
 */
export const dossierCollection: CollectionSpec<typeof dossierSchema> = {
	name: 'dossiers',
	version: 0,
	schema: dossierSchema,
	olderSchemas: {},
	migrations: {},
	encrypted: ['answers', 'documents', 'notes', 'consent', 'satisfaction', 'superseded'],
	indexes: ['updatedAt'],
	access: 'hamlet',
	writers: ['volunteer', 'official'],
	validate: validateDossierRules,
	workflow: dossierWorkflow
};

/** Validates a dossier record, with the bilingual texts of this feature's rules. */
export function validateDossier(doc: unknown): Validated<Dossier> {
	return validateDossierRules(dossierSchema, doc) as Validated<Dossier>;
}

/** The agency's receipt time of the latest filing (the limit restarts when a dossier is refiled complete). */
export function receiptOf(history: readonly HistoryEntry[]): string | null {
	for (let i = history.length - 1; i >= 0; i--) {
		if (isFiled(history[i].to) && history[i].receivedAt) return history[i].receivedAt ?? null;
	}
	return null;
}

/** How the dossier was first filed: the online-filing KPI counts this. */
export function filingChannel(history: readonly HistoryEntry[]): 'online' | 'in_person' | null {
	const first = history.find((e) => isFiled(e.to));
	if (!first) return null;
	return first.to === 'filed_online' ? 'online' : 'in_person';
}

/** When the agency finished it: the first result or refusal. */
export function finishedAt(history: readonly HistoryEntry[]): string | null {
	return history.find((e) => e.to === 'result_ready' || e.to === 'refused')?.at ?? null;
}

const warnOrError = (
	path: string,
	rule: DossierRuleKey,
	severity: Finding['severity']
): Finding => ({
	path,
	rule,
	severity,
	message: dossierTexts[rule]
});

/**
 * Everything to show on a dossier against its procedure: schema errors, the
 * form's findings (paths under `answers.`), papers still missing or with the
 * wrong number of photos, and warnings on the dossier code. A dossier may
 * become `ready` when no finding is an error.
 */
export function checkDossier(
	doc: unknown,
	procedure: Procedure,
	context: AnswerContext
): Finding[] {
	const v = validateDossier(doc);
	if (!v.ok) return v.issues.map((i) => ({ ...i, severity: 'error' }));
	const d = v.value;
	const out: Finding[] = validateAnswers(procedure.form, d.answers, context).map((f) => ({
		...f,
		path: `answers.${f.path}`
	}));
	const specs = new Map(procedure.documents.map((s) => [s.id, s]));
	d.documents.forEach((e, i) => {
		const spec = specs.get(e.id);
		if (!spec) return out.push(warnOrError(`documents.${i}`, 'dossier.documentUnknown', 'error'));
		if (
			e.photos.length > spec.photos.max ||
			(e.state === 'photographed' && e.photos.length < Math.max(1, spec.photos.min))
		) {
			out.push(warnOrError(`documents.${i}.photos`, 'dossier.documentPhotos', 'error'));
		}
	});
	for (const spec of requiredDocuments(procedure, d.answers)) {
		const e = d.documents.find((x) => x.id === spec.id);
		if (!e || e.state === 'missing')
			out.push(warnOrError(`documents.${spec.id}`, 'dossier.documentMissing', 'error'));
	}
	if (d.dossierCode) out.push(...checkDossierCode(d.dossierCode, receiptOf(d.history)));
	else if (isFiled(d.status))
		out.push(warnOrError('dossierCode', 'dossier.codeMissing', 'warning'));
	return out;
}
