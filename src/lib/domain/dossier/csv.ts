import { BOM, csvField } from '../export';
import { formatDateVi } from '../receipt';
import type { Bilingual } from '../rules';
import type { DueState } from './calendar';
import { feeStatusLabels, filingChannel, receiptOf, type Dossier } from './dossier';
import { vietnamLocal } from './dates';
import { dossierStatusLabels } from './status';

/** A dossier's due day as the list computes it (null before filing). */
export interface DossierDue {
	due: string;
	estimated: boolean;
	state: DueState;
}

export const dueStateLabels: Readonly<Record<DueState, Bilingual>> = {
	on_track: { vi: 'Còn hạn', en: 'On track' },
	due_soon: { vi: 'Sắp đến hạn', en: 'Due soon' },
	overdue: { vi: 'Quá hạn', en: 'Overdue' },
	on_time: { vi: 'Xong đúng hạn', en: 'Finished on time' },
	late: { vi: 'Xong trễ hạn', en: 'Finished late' }
};

export const DOSSIER_CSV_COLUMNS = [
	'Ấp/thôn',
	'Thủ tục',
	'Mã thủ tục',
	'Mã hồ sơ',
	'Trạng thái',
	'Kênh nộp',
	'Ngày tiếp nhận',
	'Hạn giải quyết',
	'Hạn dự kiến',
	'Tình trạng hạn',
	'Lệ phí (đồng)',
	'Nộp lệ phí',
	'Mức hài lòng (1-5)',
	'Tình nguyện viên',
	'Cập nhật'
] as const;

/**
 * The commune's dossiers as CSV for Excel (UTF-8 with BOM): what the province's reports need
 * (procedure, status, channel, deadlines, fee, rating), and no resident's name or ID number.
 */
export function dossiersCsv(
	rows: readonly { d: Dossier; due: DossierDue | null }[],
	names: { hamlet: (id: string) => string; procedure: (code: string) => string },
	separator: 'comma' | 'semicolon' = 'comma'
): string {
	const sep = separator === 'semicolon' ? ';' : ',';
	const f = (v: string) => csvField(v, sep);
	const lines = rows.map(({ d, due }) => {
		const channel = filingChannel(d.history);
		const received = receiptOf(d.history);
		return [
			f(names.hamlet(d.hamlet)),
			f(names.procedure(d.procedure.code)),
			f(d.procedure.code),
			d.dossierCode ? `="${d.dossierCode.replaceAll('"', '')}"` : '',
			f(dossierStatusLabels[d.status].vi),
			channel === 'online' ? 'Trực tuyến' : channel === 'in_person' ? 'Trực tiếp' : '',
			received ? formatDateVi(vietnamLocal(received).date) : '',
			due ? formatDateVi(due.due) : '',
			due ? (due.estimated ? 'Có' : 'Không') : '',
			due ? f(dueStateLabels[due.state].vi) : '',
			d.fee.amountVnd === null ? '' : String(d.fee.amountVnd),
			f(feeStatusLabels[d.fee.status].vi),
			d.satisfaction ? String(d.satisfaction.overall) : '',
			f(d.createdBy),
			formatDateVi(vietnamLocal(d.updatedAt).date)
		].join(sep);
	});
	return BOM + [DOSSIER_CSV_COLUMNS.map(f).join(sep), ...lines].join('\r\n') + '\r\n';
}
