import { z } from 'zod';
import { maskCccd } from './cccd';
import { consentPurposeLabels, type ConsentPurpose } from './consent';
import { docIdSchema, isoDateTimeSchema } from './envelope';
import { maskPhone } from './phone';
import { formatDateVi } from './receipt';

/**
 * Residents' rights under Law 91/2025/QH15 on personal data protection: to see what is held
 * about them, to have it corrected, to restrict or object to a use, and to have it deleted.
 */
export const RIGHTS_KINDS = ['access', 'correct', 'restrict', 'object', 'erase'] as const;
export type RightsKind = (typeof RIGHTS_KINDS)[number];

export const rightsKindLabels: Record<RightsKind, { vi: string; en: string }> = {
	access: { vi: 'Xem, nhận bản sao dữ liệu', en: 'Access and copy' },
	correct: { vi: 'Chỉnh sửa dữ liệu', en: 'Correction' },
	restrict: { vi: 'Hạn chế xử lý', en: 'Restriction of processing' },
	object: { vi: 'Phản đối xử lý', en: 'Objection' },
	erase: { vi: 'Xóa dữ liệu', en: 'Erasure' }
};

/**
 * The law asks for an answer "within days"; 72 hours is the period Decree 13/2023 set for
 * these requests and the one commune offices work to. One constant, so a decree can change it.
 */
export const RIGHTS_ANSWER_HOURS = 72;

export function rightsDeadline(receivedAt: string): string {
	return new Date(Date.parse(receivedAt) + RIGHTS_ANSWER_HOURS * 3_600_000).toISOString();
}

/** A request as the office logs it when a resident asks (in person, by phone, in writing). */
export const rightsRequestSchema = z.strictObject({
	residentId: docIdSchema,
	kind: z.enum(RIGHTS_KINDS),
	/** When the resident asked; the deadline runs from here. Default: now. */
	receivedAt: isoDateTimeSchema.optional(),
	/** Who asked for whom (a parent for a child) and how: no ID numbers needed. */
	note: z.string().trim().max(500).default('')
});
export type RightsRequestInput = z.infer<typeof rightsRequestSchema>;

export const rightsCloseSchema = z.strictObject({
	outcome: z.enum(['done', 'refused']),
	note: z.string().trim().min(1).max(500)
});

/** A logged request as the server answers it (the device parses every answer). */
export const rightsRequestRecordSchema = z.object({
	id: z.string(),
	commune: z.string(),
	residentId: z.string(),
	kind: z.enum(RIGHTS_KINDS),
	receivedAt: z.string(),
	deadline: z.string(),
	note: z.string(),
	loggedBy: z.string(),
	closed: z
		.object({
			at: z.string(),
			by: z.string(),
			outcome: z.enum(['done', 'refused']),
			note: z.string()
		})
		.nullable()
});
export type RightsRequest = z.infer<typeof rightsRequestRecordSchema>;

/** Why the record goes: kept with the audit entry, never with the resident's data. */
export const MIN_ERASE_REASON = 10;
export const eraseRequestSchema = z.strictObject({
	reason: z.string().trim().min(MIN_ERASE_REASON).max(300),
	/** The logged request this erasure answers; closed as done with it. */
	request: z
		.string()
		.regex(/^[0-9a-f]{16}$/)
		.optional()
});

/** What an erasure removed, and the dossiers it kept (they name other residents too). */
export const erasureReportSchema = z.object({
	residentId: z.string(),
	erasedAt: z.string(),
	removed: z.object({
		residents: z.number(),
		households: z.number(),
		dossiers: z.number(),
		photos: z.number()
	}),
	/** For the office to correct by hand. */
	keptDossiers: z.array(z.string())
});
export type ErasureReport = z.infer<typeof erasureReportSchema>;

/** A request is overdue once its deadline passed without an answer. */
export function isOverdue(r: Pick<RightsRequest, 'deadline' | 'closed'>, now: Date): boolean {
	return !r.closed && Date.parse(r.deadline) < now.getTime();
}

/** One line of the readable summary: a label and what is held. */
export interface SummaryLine {
	label: string;
	value: string;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : null);

/**
 * The access export as a Vietnamese page the resident can read and take home (the JSON beside
 * it is the machine-readable copy). ID and phone are masked: the page is shown at the office.
 */
export function subjectSummary(data: Record<string, unknown>): SummaryLine[] {
	const r = (data.resident ?? {}) as Record<string, unknown>;
	const hh = (data.household ?? null) as Record<string, unknown> | null;
	const list = (v: unknown) => (Array.isArray(v) ? v : []);
	const lines: SummaryLine[] = [{ label: 'Họ và tên', value: str(r.fullName) ?? '—' }];
	const dob = str(r.dateOfBirth);
	if (dob) lines.push({ label: 'Ngày sinh', value: formatDateVi(dob) });
	const id = str(r.idNumber);
	if (id) lines.push({ label: 'Số CCCD', value: maskCccd(id) });
	const phone = str(r.phone);
	if (phone) lines.push({ label: 'Số điện thoại', value: maskPhone(phone) });
	if (hh) {
		const address = [str(hh.houseNumber), str(hh.street)].filter(Boolean).join(', ');
		lines.push({ label: 'Hộ gia đình', value: address || String(hh.id) });
	}
	for (const c of list(r.consents) as Record<string, unknown>[]) {
		const purpose = consentPurposeLabels[c.purpose as ConsentPurpose]?.vi ?? String(c.purpose);
		const given = str(c.givenAt);
		const withdrawn = str(c.withdrawnAt);
		lines.push({
			label: `Đồng ý: ${purpose}`,
			value:
				(given ? `ngày ${formatDateVi(given)}` : '') +
				(withdrawn ? `, đã rút ngày ${formatDateVi(withdrawn)}` : '')
		});
	}
	lines.push(
		{ label: 'Hồ sơ thủ tục có tên người này', value: String(list(data.dossiers).length) },
		{ label: 'Ảnh giấy tờ', value: String(list(data.photos).length) },
		{ label: 'Lần ghi, sửa trong nhật ký', value: String(list(data.history).length) }
	);
	const at = str(data.exportedAt);
	if (at) lines.push({ label: 'Xuất ngày', value: formatDateVi(at) });
	return lines;
}
