import { describe, expect, it } from 'vitest';
import {
	buildReceipt,
	formatDateVi,
	parseReceiptCode,
	receiptCode,
	receiptText,
	type Resident
} from '../../../src/lib/domain/index.ts';
import { makeResident } from '../../factories/index.ts';

const NOW = '2026-11-20T10:15:00+07:00';

function tu(accountHelp: Resident['accountHelp']): Resident {
	const r = makeResident({
		seed: 31,
		fullName: 'Phạm Văn Tư',
		sex: 'male',
		dateOfBirth: '1958-06-09',
		idNumber: '072058004512',
		phone: '+84913456789',
		consentTo: ['eservice'],
		account: 'pending'
	});
	return { ...r, accountHelp };
}

const prerequisites = {
	chipIdCard: true,
	smartphoneWithNfc: true,
	simInOwnName: true,
	hasEmail: false
};

describe('buildReceipt', () => {
	it('masks the ID and phone numbers', () => {
		const receipt = buildReceipt({
			resident: tu({
				prerequisites,
				outcome: { kind: 'level1_activated', on: '2026-11-20' },
				followUpDate: null,
				updatedAt: NOW
			}),
			address: 'Số 12, Hẻm 3, Ấp Bến Chò',
			volunteer: 'nguyenthilan',
			now: NOW
		});
		expect(receipt.maskedIdNumber).toBe('xxxx xxxx 4512');
		expect(receipt.maskedPhone).toBe('+84 9xx xxx x89');
		expect(JSON.stringify(receipt)).not.toContain('072058004512');
		expect(JSON.stringify(receipt)).not.toContain('913456789');
		expect(receipt.done[0].vi).toBe(
			'Đã kích hoạt tài khoản VNeID mức 1 trên điện thoại của ông/bà (20/11/2026)'
		);
		expect(receipt.consents.map((c) => c.label.vi)).toEqual([
			'Hỗ trợ tài khoản dịch vụ công (VNeID)'
		]);
		expect(receipt.reminder.vi).toContain('mã OTP');
	});

	it('gives the appointment as the next step for level 2', () => {
		const receipt = buildReceipt({
			resident: tu({
				prerequisites: { ...prerequisites, smartphoneWithNfc: false },
				outcome: { kind: 'level2_appointment', appointmentDate: '2026-12-05' },
				followUpDate: '2026-12-07',
				updatedAt: NOW
			}),
			volunteer: 'nguyenthilan',
			now: NOW
		});
		expect(receipt.done[0].vi).toBe('Đã hẹn đăng ký mức 2 tại Công an xã ngày 05/12/2026');
		expect(receipt.nextSteps.map((s) => s.vi)).toEqual([
			'Đến Công an xã ngày 05/12/2026, mang theo thẻ căn cước',
			'Tổ công nghệ số sẽ quay lại vào ngày 07/12/2026'
		]);
	});

	it('tells a blocked resident how to remove the blocker', () => {
		const receipt = buildReceipt({
			resident: tu({
				prerequisites: { ...prerequisites, simInOwnName: false },
				outcome: { kind: 'blocked', reason: 'sim_not_own_name' },
				followUpDate: '2026-11-27',
				updatedAt: NOW
			}),
			volunteer: 'nguyenthilan',
			now: NOW
		});
		expect(receipt.nextSteps[0].vi).toContain('SIM chính chủ');
		expect(receipt.followUpDate).toBe('2026-11-27');
	});

	it('lists what to prepare when the help is still under way', () => {
		const receipt = buildReceipt({
			resident: tu({
				prerequisites: {
					chipIdCard: false,
					smartphoneWithNfc: true,
					simInOwnName: false,
					hasEmail: null
				},
				outcome: null,
				followUpDate: null,
				updatedAt: NOW
			}),
			volunteer: 'nguyenthilan',
			now: NOW
		});
		expect(receipt.nextSteps.map((s) => s.vi)).toEqual([
			'Làm thẻ căn cước gắn chip tại Công an xã',
			'Chuẩn hoá thông tin thuê bao (SIM chính chủ) tại cửa hàng nhà mạng'
		]);
	});

	it('works for a resident without a CCCD or phone', () => {
		const r = { ...tu(null), idNumber: null, phone: null };
		const receipt = buildReceipt({ resident: r, volunteer: 'nguyenthilan', now: NOW });
		expect(receipt).toMatchObject({
			maskedIdNumber: null,
			maskedPhone: null,
			done: [],
			nextSteps: []
		});
	});

	it('writes dates the Vietnamese way', () => {
		expect(formatDateVi('2026-01-05')).toBe('05/01/2026');
	});
});

describe('receipt reference code and shared text', () => {
	it('gives each resident one short code an official can search, in letters that are not misheard', () => {
		const a = receiptCode('res-mx5fm7uz-33eef6f88d0b');
		expect(a).toMatch(/^TS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
		expect(receiptCode('res-mx5fm7uz-33eef6f88d0b')).toBe(a);
		const many = new Set(Array.from({ length: 5000 }, (_, i) => receiptCode(`res-${i}`)));
		expect(many.size).toBe(5000);
		expect(parseReceiptCode(a.toLowerCase().replace(/-/g, ' '))).toBe(a);
		expect(parseReceiptCode('nguyen van a')).toBeNull();
	});

	it('shares the receipt as text with masked numbers only', () => {
		const r = buildReceipt({
			resident: tu({
				prerequisites,
				outcome: { kind: 'level2_appointment', appointmentDate: '2026-11-27' },
				followUpDate: null,
				updatedAt: NOW
			}),
			address: 'Số 12, Hẻm 3, Ấp Bến Chò',
			volunteer: 'Nguyễn Thị Lan',
			now: NOW
		});
		const text = receiptText(r, 'vi');
		expect(text).toContain(`Mã tra cứu: ${r.code}`);
		expect(text).toContain('Số CCCD: xxxx xxxx 4512');
		expect(text).toContain('Đến Công an xã ngày 27/11/2026');
		expect(text).toContain('Không cung cấp mật khẩu hoặc mã OTP');
		expect(text).not.toContain('072058004512');
		expect(text).not.toContain('913456789');
		expect(receiptText(r, 'en')).toContain('Reference: TS-');
	});
});
