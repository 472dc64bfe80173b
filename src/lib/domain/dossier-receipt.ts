import { maskCccd } from './cccd';
import {
	dossierStatusLabels,
	feeStatusLabels,
	filingChannel,
	receiptOf,
	type Dossier,
	type DossierStatus
} from './dossier/index';
import { formatDateVi, receiptCode } from './receipt';
import type { Bilingual } from './rules';

export interface DossierReceipt {
	/** What was filed: the procedure's name. */
	procedure: Bilingual;
	/** The agency's code (mã hồ sơ) once filed; null before. */
	dossierCode: string | null;
	/** Trạm Số's own reference, always there, for a dossier not filed yet. */
	reference: string;
	status: Bilingual;
	/** The old 9-digit CMND is masked the same way as the CCCD. */
	residents: { name: string; maskedIdNumber: string | null; maskedLegacyId: string | null }[];
	filedOn: string | null;
	channel: Bilingual | null;
	/** `estimated` until the agency wrote its own result day (dự kiến). */
	due: { date: string; estimated: boolean } | null;
	fee: { amountVnd: number | null; line: Bilingual };
	nextSteps: Bilingual[];
	volunteer: string;
	issuedAt: string;
	reminder: Bilingual;
}

/** `1234567` → `1.234.567 đ`, as amounts are written in Vietnam. */
export function formatVnd(amount: number): string {
	return `${String(amount).replace(/\B(?=(\d{3})+$)/g, '.')} đ`;
}

const channels: Record<'online' | 'in_person', Bilingual> = {
	online: {
		vi: 'Trực tuyến (Cổng Dịch vụ công / VNeID)',
		en: 'Online (public service portal / VNeID)'
	},
	in_person: { vi: 'Trực tiếp tại Bộ phận Một cửa', en: 'In person at the one-stop desk' }
};

function feeLine(fee: Dossier['fee'], exemption: Bilingual | null): Bilingual {
	if (fee.amountVnd === 0) return { vi: 'Không mất phí', en: 'No fee' };
	if (fee.amountVnd === null) return { vi: 'Phí chưa xác định', en: 'Fee not known yet' };
	const amount = formatVnd(fee.amountVnd);
	const how = feeStatusLabels[fee.status];
	const why = fee.status === 'exempt' && exemption ? ` (${exemption.vi})` : '';
	const whyEn = fee.status === 'exempt' && exemption ? ` (${exemption.en})` : '';
	return { vi: `${amount} — ${how.vi}${why}`, en: `${amount} — ${how.en}${whyEn}` };
}

function statusStep(status: DossierStatus, due: DossierReceipt['due']): Bilingual | null {
	switch (status) {
		case 'draft':
		case 'ready':
			return {
				vi: 'Hồ sơ chưa nộp: tổ công nghệ số sẽ giúp nộp khi đủ giấy tờ',
				en: 'Not filed yet: the digital team will file it once the papers are complete'
			};
		case 'filed_online':
		case 'filed_in_person':
			return due
				? {
						vi: `Chờ cơ quan giải quyết; ngày hẹn trả kết quả${due.estimated ? ' (dự kiến)' : ''}: ${formatDateVi(due.date)}`,
						en: `Wait for the agency; result due${due.estimated ? ' (estimated)' : ''} on ${formatDateVi(due.date)}`
					}
				: { vi: 'Chờ cơ quan giải quyết', en: 'Wait for the agency' };
		case 'more_requested':
			return {
				vi: 'Cơ quan yêu cầu bổ sung giấy tờ: tổ công nghệ số sẽ liên hệ để bổ sung',
				en: 'The agency asked for more papers: the digital team will get in touch'
			};
		case 'result_ready':
			return {
				vi: 'Đã có kết quả: nhận tại Bộ phận Một cửa UBND xã, mang theo thẻ căn cước',
				en: "The result is ready: collect it at the commune's one-stop desk with your ID card"
			};
		case 'handed_over':
			return {
				vi: 'Đã nhận kết quả, không cần làm gì thêm',
				en: 'Result received, nothing more to do'
			};
		case 'refused':
			return {
				vi: 'Hồ sơ bị từ chối: hỏi lý do tại tổ công nghệ số hoặc Bộ phận Một cửa',
				en: 'The dossier was refused: ask the digital team or the one-stop desk why'
			};
		case 'withdrawn':
			return null;
	}
}

/** The receipt left with a resident about a dossier; ID numbers masked so it can be shown or printed. */
export function buildDossierReceipt(input: {
	dossier: Pick<Dossier, 'id' | 'dossierCode' | 'status' | 'history' | 'fee'>;
	procedureName: Bilingual;
	/** As the dossier list computes it (`dueOf`): the agency's day, or an estimate. */
	due: { due: string; estimated: boolean } | null;
	residents: { fullName: string; idNumber?: string | null; legacyIdNumber?: string | null }[];
	exemption?: Bilingual | null;
	volunteer: string;
	now: string;
}): DossierReceipt {
	const { dossier: d } = input;
	const due = input.due ? { date: input.due.due, estimated: input.due.estimated } : null;
	const channel = filingChannel(d.history);
	const nextSteps: Bilingual[] = [];
	const owes =
		!!d.fee.amountVnd && d.fee.status === 'unpaid' && !['withdrawn', 'refused'].includes(d.status);
	if (owes)
		nextSteps.push({
			vi: `Nộp phí ${formatVnd(d.fee.amountVnd!)} (chuyển khoản theo mã QR hoặc tại Bộ phận Một cửa)`,
			en: `Pay the fee of ${formatVnd(d.fee.amountVnd!)} (bank transfer by QR code or at the desk)`
		});
	const step = statusStep(d.status, due);
	if (step) nextSteps.push(step);
	const received = receiptOf(d.history);
	return {
		procedure: input.procedureName,
		dossierCode: d.dossierCode,
		reference: receiptCode(d.id),
		status: dossierStatusLabels[d.status],
		residents: input.residents.map((r) => ({
			name: r.fullName,
			maskedIdNumber: r.idNumber ? maskCccd(r.idNumber) : null,
			maskedLegacyId: r.legacyIdNumber ? maskCccd(r.legacyIdNumber) : null
		})),
		filedOn: received ? received.slice(0, 10) : null,
		channel: channel ? channels[channel] : null,
		due,
		fee: { amountVnd: d.fee.amountVnd, line: feeLine(d.fee, input.exemption ?? null) },
		nextSteps,
		volunteer: input.volunteer,
		issuedAt: input.now,
		reminder: {
			en: 'Never give your password or OTP code to anyone, volunteers included',
			vi: 'Không cung cấp mật khẩu hoặc mã OTP cho bất kỳ ai, kể cả tổ công nghệ số'
		}
	};
}

const words = {
	vi: {
		title: 'BIÊN NHẬN HỒ SƠ - Tổ công nghệ số cộng đồng',
		procedure: 'Thủ tục',
		code: 'Mã hồ sơ',
		reference: 'Mã tra cứu',
		status: 'Trạng thái',
		resident: 'Người dân',
		id: 'Số CCCD',
		legacy: 'Số CMND',
		filed: 'Ngày nộp',
		channel: 'Hình thức nộp',
		due: 'Ngày hẹn trả kết quả',
		estimated: 'dự kiến',
		fee: 'Phí, lệ phí',
		next: 'Bước tiếp theo',
		by: 'Tình nguyện viên',
		date: 'Ngày'
	},
	en: {
		title: 'DOSSIER RECEIPT - Community digital team',
		procedure: 'Procedure',
		code: 'Dossier code',
		reference: 'Reference',
		status: 'Status',
		resident: 'Resident',
		id: 'CCCD number',
		legacy: 'CMND number',
		filed: 'Filed on',
		channel: 'Filed',
		due: 'Result due',
		estimated: 'estimated',
		fee: 'Fee',
		next: 'Next steps',
		by: 'Volunteer',
		date: 'Date'
	}
} as const;

/** The receipt as plain text, for Zalo, SMS, the shared image and reading aloud; IDs stay masked. */
export function dossierReceiptText(r: DossierReceipt, lang: keyof Bilingual): string {
	const w = words[lang];
	const lines: string[] = [w.title, `${w.procedure}: ${r.procedure[lang]}`];
	if (r.dossierCode) lines.push(`${w.code}: ${r.dossierCode}`);
	lines.push(`${w.reference}: ${r.reference}`, `${w.status}: ${r.status[lang]}`);
	for (const p of r.residents) {
		const ids = [
			p.maskedIdNumber ? `${w.id} ${p.maskedIdNumber}` : '',
			p.maskedLegacyId ? `${w.legacy} ${p.maskedLegacyId}` : ''
		].filter(Boolean);
		lines.push(`${w.resident}: ${p.name}${ids.length ? ` (${ids.join(', ')})` : ''}`);
	}
	if (r.filedOn) lines.push(`${w.filed}: ${formatDateVi(r.filedOn)}`);
	if (r.channel) lines.push(`${w.channel}: ${r.channel[lang]}`);
	if (r.due)
		lines.push(
			`${w.due}: ${formatDateVi(r.due.date)}${r.due.estimated ? ` (${w.estimated})` : ''}`
		);
	lines.push(`${w.fee}: ${r.fee.line[lang]}`);
	if (r.nextSteps.length) lines.push(`${w.next}:`, ...r.nextSteps.map((l) => `- ${l[lang]}`));
	lines.push(`${w.by}: ${r.volunteer}`, `${w.date}: ${formatDateVi(r.issuedAt)}`, r.reminder[lang]);
	return lines.join('\n');
}
