import { z } from 'zod';
import { blockedReasonLabels, hasActiveAccount } from './account-help';
import { maskCccd } from './cccd';
import type { Actor } from './policy';
import { ethnicity } from './ethnicity';
import { hamletIdSchema, type ReviewStatus } from './envelope';
import { householdAddress, type Household } from './household';
import { formatPhone, maskPhone } from './phone';
import { formatDateVi } from './receipt';
import { relationshipLabels, residencyLabels, type Resident } from './resident';

/** Excel reads a CSV as UTF-8 only when it starts with a byte-order mark. */
export const BOM = '\uFEFF';

/**
 * What an official asks the server to export. Masked ID and phone columns
 * unless `full`, which needs a reason; `semicolon` for Excel on Windows set
 * to Vietnamese, which splits columns at `;`.
 */
export const exportRequestSchema = z.strictObject({
	columns: z.enum(['masked', 'full']).default('masked'),
	separator: z.enum(['comma', 'semicolon']).default('comma'),
	/** Only this hamlet; the whole commune when absent. */
	hamlet: hamletIdSchema.optional(),
	reason: z.string().trim().max(300).optional()
});
export type ExportRequest = z.infer<typeof exportRequestSchema>;

/** Why full numbers leave the system: a few words at least, kept with the export's audit entry. */
export const MIN_EXPORT_REASON = 10;

export type ExportRefusal = 'export.role' | 'export.commune' | 'export.fullRole' | 'export.reason';

export const exportRefusalTexts: Readonly<Record<ExportRefusal, { en: string; vi: string }>> = {
	'export.role': {
		en: "only the commune's officials may export residents",
		vi: 'chỉ cán bộ xã mới được tải danh sách cư dân'
	},
	'export.commune': {
		en: 'residents of another commune cannot be exported',
		vi: 'không được tải danh sách cư dân của xã khác'
	},
	'export.fullRole': {
		en: "full ID and phone numbers are exported only by the commune's own officials",
		vi: 'chỉ cán bộ của xã mới được tải số CCCD và số điện thoại đầy đủ'
	},
	'export.reason': {
		en: `say why the full numbers are needed (at least ${MIN_EXPORT_REASON} characters)`,
		vi: `vui lòng ghi lý do cần số đầy đủ (ít nhất ${MIN_EXPORT_REASON} ký tự)`
	}
};

/**
 * Who may export what: the commune's officials, masked or (with a reason)
 * full; a provincial admin, masked only, since the commune controls the data.
 */
export function exportRefusal(
	actor: Actor,
	commune: string,
	req: ExportRequest
): ExportRefusal | null {
	if (actor.role === 'volunteer') return 'export.role';
	if (actor.role === 'official' && actor.commune !== commune) return 'export.commune';
	if (req.columns === 'full') {
		if (actor.role !== 'official') return 'export.fullRole';
		if ((req.reason ?? '').length < MIN_EXPORT_REASON) return 'export.reason';
	}
	return null;
}

export const REVIEW_VI: Readonly<Record<ReviewStatus, string>> = {
	draft: 'Nháp',
	submitted: 'Chờ duyệt',
	returned: 'Trả lại',
	approved: 'Đã duyệt'
};

/** The columns of the residents export, in order; the audit entry records which were full. */
export const EXPORT_COLUMNS = [
	'Ấp/Thôn',
	'Số nhà, đường',
	'Họ và tên',
	'Quan hệ với chủ hộ',
	'Tình trạng cư trú',
	'Ngày sinh',
	'Giới tính',
	'Dân tộc',
	'Số CCCD',
	'Số điện thoại',
	'Tài khoản VNeID',
	'Lý do chưa đăng ký được',
	'Ngày hẹn quay lại',
	'Trạng thái duyệt'
] as const;

function accountText(r: Resident): string {
	const o = r.accountHelp?.outcome;
	if (hasActiveAccount(r.accountHelp)) return 'Đã kích hoạt';
	if (o?.kind === 'level2_appointment') return `Hẹn mức 2 ngày ${formatDateVi(o.appointmentDate)}`;
	if (o?.kind === 'blocked') return 'Chưa đăng ký được';
	return 'Chưa có';
}

/** Quotes a field when needed; a leading = + - @ is escaped so Excel never runs it as a formula. */
export function csvField(value: string, separator = ','): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n;]/.test(safe) || safe.includes(separator)
		? `"${safe.replace(/"/g, '""')}"`
		: safe;
}

/**
 * The residents and their accounts as CSV for Excel. Full ID and phone
 * numbers are written as text (="…") so Excel keeps their leading zeros;
 * masked ones keep only the last digits.
 */
export function residentsCsv(
	residents: readonly Resident[],
	households: readonly Household[],
	hamletName: (id: string) => string = (id) => id,
	opts: { columns?: 'masked' | 'full'; separator?: 'comma' | 'semicolon' } = {}
): string {
	const sep = opts.separator === 'semicolon' ? ';' : ',';
	const full = opts.columns === 'full';
	const f = (v: string) => csvField(v, sep);
	const byId = new Map(households.map((h) => [h.id, h]));
	const asText = (v: string | null) => (v ? `="${v}"` : '');
	const rows = [...residents]
		.sort((a, b) =>
			a.hamlet === b.hamlet
				? a.householdId === b.householdId
					? a.createdAt.localeCompare(b.createdAt)
					: a.householdId.localeCompare(b.householdId)
				: a.hamlet.localeCompare(b.hamlet)
		)
		.map((r) => {
			const h = byId.get(r.householdId);
			const outcome = r.accountHelp?.outcome;
			const phone = r.phone ? formatPhone(r.phone).replace(/ /g, '') : null;
			return [
				f(hamletName(r.hamlet)),
				f(h ? householdAddress(h) : ''),
				f(r.fullName),
				f(relationshipLabels[r.relationship].vi),
				f(residencyLabels[r.residency.status].vi),
				r.dateOfBirth ? formatDateVi(r.dateOfBirth) : '',
				r.sex === 'male' ? 'Nam' : r.sex === 'female' ? 'Nữ' : '',
				f(r.ethnicityCode ? (ethnicity(r.ethnicityCode)?.vi ?? r.ethnicityCode) : ''),
				full ? asText(r.idNumber) : f(r.idNumber ? maskCccd(r.idNumber) : ''),
				full ? asText(phone) : f(r.phone ? maskPhone(r.phone) : ''),
				f(accountText(r)),
				f(outcome?.kind === 'blocked' ? blockedReasonLabels[outcome.reason].vi : ''),
				r.accountHelp?.followUpDate ? formatDateVi(r.accountHelp.followUpDate) : '',
				REVIEW_VI[r.review?.status ?? 'draft']
			].join(sep);
		});
	return BOM + [EXPORT_COLUMNS.map(f).join(sep), ...rows].join('\r\n') + '\r\n';
}
