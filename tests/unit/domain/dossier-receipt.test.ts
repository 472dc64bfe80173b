import { describe, expect, it } from 'vitest';
import {
	buildDossierReceipt,
	dossierReceiptText,
	formatVnd
} from '../../../src/lib/domain/dossier-receipt.ts';
import type { Dossier } from '../../../src/lib/domain/dossier/index.ts';

const filed: Pick<Dossier, 'id' | 'dossierCode' | 'status' | 'history' | 'fee'> = {
	id: 'dossier-0001',
	dossierCode: '000.00.25.H57-261120-0001',
	status: 'filed_online',
	history: [
		{
			from: 'draft',
			to: 'ready',
			by: 'nguyenthilan',
			role: 'volunteer',
			at: '2026-11-20T08:00:00.000+07:00'
		},
		{
			from: 'ready',
			to: 'filed_online',
			by: 'nguyenthilan',
			role: 'volunteer',
			at: '2026-11-20T09:00:00.000+07:00',
			receivedAt: '2026-11-20T08:55:00.000+07:00'
		}
	],
	fee: { amountVnd: 8000, status: 'unpaid' }
};
const base = {
	dossier: filed,
	procedureName: { vi: 'Đăng ký khai sinh', en: 'Birth registration' },
	due: { due: '2026-11-25', estimated: true },
	residents: [{ fullName: 'Nguyễn Văn An', idNumber: '072095001234', legacyIdNumber: '290123456' }],
	volunteer: 'Nguyễn Thị Lan',
	now: '2026-11-20T10:00:00.000+07:00'
};

describe('dossier receipt', () => {
	it('says what was filed, its code, the estimated due day, the fee owed and masked IDs', () => {
		const r = buildDossierReceipt(base);
		expect(r.procedure.vi).toBe('Đăng ký khai sinh');
		expect(r.dossierCode).toBe('000.00.25.H57-261120-0001');
		expect(r.reference).toMatch(/^TS-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		expect(r.residents).toEqual([
			{ name: 'Nguyễn Văn An', maskedIdNumber: 'xxxx xxxx 1234', maskedLegacyId: 'x xxxx 3456' }
		]);
		expect(r.filedOn).toBe('2026-11-20');
		expect(r.due).toEqual({ date: '2026-11-25', estimated: true });
		expect(r.fee.line.vi).toBe('8.000 đ — Chưa nộp');
		expect(r.nextSteps.map((s) => s.vi)).toEqual([
			'Nộp phí 8.000 đ (chuyển khoản theo mã QR hoặc tại Bộ phận Một cửa)',
			'Chờ cơ quan giải quyết; ngày hẹn trả kết quả (dự kiến): 25/11/2026'
		]);

		const text = dossierReceiptText(r, 'vi');
		expect(text).toContain('Ngày hẹn trả kết quả: 25/11/2026 (dự kiến)');
		expect(text).toContain('Số CCCD xxxx xxxx 1234');
		expect(text).not.toContain('072095001234');
		expect(text).not.toContain('290123456');
	});

	it('drops "dự kiến" once the agency confirmed the day, and shows how the fee was paid', () => {
		const r = buildDossierReceipt({
			...base,
			dossier: {
				...filed,
				fee: { amountVnd: 8000, status: 'paid_transfer', paidAt: '2026-11-20T09:10:00.000+07:00' }
			},
			due: { due: '2026-11-26', estimated: false }
		});
		expect(dossierReceiptText(r, 'vi')).toContain('Ngày hẹn trả kết quả: 26/11/2026\n');
		expect(dossierReceiptText(r, 'vi')).not.toContain('dự kiến');
		expect(r.fee.line.vi).toBe('8.000 đ — Đã chuyển khoản');
		expect(r.nextSteps.map((s) => s.en)).toEqual(['Wait for the agency; result due on 26/11/2026']);
	});

	it('names the exemption, and a draft has no code, no filing day and no fee step for free procedures', () => {
		const exempt = buildDossierReceipt({
			...base,
			dossier: { ...filed, fee: { amountVnd: 8000, status: 'exempt', exemptionId: 'poor' } },
			exemption: { vi: 'Hộ nghèo', en: 'Poor household' }
		});
		expect(exempt.fee.line.vi).toBe('8.000 đ — Được miễn (Hộ nghèo)');

		const draft = buildDossierReceipt({
			...base,
			dossier: {
				...filed,
				status: 'draft',
				history: [],
				dossierCode: null,
				fee: { amountVnd: 0, status: 'unpaid' }
			},
			due: null,
			residents: [{ fullName: 'Trần Thị Bé', idNumber: null }]
		});
		expect(draft.dossierCode).toBeNull();
		expect(draft.filedOn).toBeNull();
		expect(draft.fee.line.vi).toBe('Không mất phí');
		expect(draft.nextSteps).toHaveLength(1);
		expect(draft.nextSteps[0].vi).toMatch(/chưa nộp/);
		expect(dossierReceiptText(draft, 'en')).not.toContain('Dossier code');
	});

	it('writes amounts with dots between thousands', () => {
		expect(formatVnd(0)).toBe('0 đ');
		expect(formatVnd(950)).toBe('950 đ');
		expect(formatVnd(1_234_567)).toBe('1.234.567 đ');
	});
});
