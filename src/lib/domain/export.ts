import { hasActiveAccount } from '$domain/account-help';
import { ethnicity } from '$domain/ethnicity';
import { householdAddress, type Household } from '$domain/household';
import { formatDateVi } from '$domain/receipt';
import { blockedReasonLabels } from '$domain/account-help';
import { relationshipLabels, type Resident } from '$domain/resident';
import { formatPhone } from '$domain/phone';
import { reviewOf } from './review.service';

/** Excel reads a CSV as UTF-8 only when it starts with a byte-order mark. */
export const BOM = '\uFEFF';

const HEADERS = [
	'Ấp/Thôn',
	'Số nhà, đường',
	'Họ và tên',
	'Quan hệ với chủ hộ',
	'Ngày sinh',
	'Giới tính',
	'Dân tộc',
	'Số CCCD',
	'Số điện thoại',
	'Tài khoản VNeID',
	'Lý do chưa đăng ký được',
	'Ngày hẹn quay lại',
	'Trạng thái duyệt'
];

const REVIEW_VI = {
	draft: 'Nháp',
	submitted: 'Chờ duyệt',
	returned: 'Trả lại',
	approved: 'Đã duyệt'
} as const;

function accountText(r: Resident): string {
	const o = r.accountHelp?.outcome;
	if (hasActiveAccount(r.accountHelp)) return 'Đã kích hoạt';
	if (o?.kind === 'level2_appointment') return `Hẹn mức 2 ngày ${formatDateVi(o.appointmentDate)}`;
	if (o?.kind === 'blocked') return 'Chưa đăng ký được';
	return 'Chưa có';
}

/** Quotes a field when needed; a leading = + - @ is escaped so Excel never runs it as a formula. */
export function csvField(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The commune's residents and accounts as CSV for Excel. ID and phone numbers
 * are exported as text (="…") so Excel keeps their leading zeros.
 */
export function residentsCsv(
	residents: readonly Resident[],
	households: readonly Household[],
	hamletName: (id: string) => string = (id) => id
): string {
	const byId = new Map(households.map((h) => [h.id, h]));
	const text = (v: string | null) => (v ? `="${v}"` : '');
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
			return [
				csvField(hamletName(r.hamlet)),
				csvField(h ? householdAddress(h) : ''),
				csvField(r.fullName),
				csvField(relationshipLabels[r.relationship].vi),
				r.dateOfBirth ? formatDateVi(r.dateOfBirth) : '',
				r.sex === 'male' ? 'Nam' : r.sex === 'female' ? 'Nữ' : '',
				csvField(r.ethnicityCode ? (ethnicity(r.ethnicityCode)?.vi ?? r.ethnicityCode) : ''),
				text(r.idNumber),
				text(r.phone ? formatPhone(r.phone).replace(/ /g, '') : null),
				accountText(r),
				csvField(outcome?.kind === 'blocked' ? blockedReasonLabels[outcome.reason].vi : ''),
				r.accountHelp?.followUpDate ? formatDateVi(r.accountHelp.followUpDate) : '',
				REVIEW_VI[reviewOf(r).status]
			].join(',');
		});
	return BOM + [HEADERS.map(csvField).join(','), ...rows].join('\r\n') + '\r\n';
}
