import { describe, expect, it } from 'vitest';
import {
	eraseRequestSchema,
	isOverdue,
	rightsDeadline,
	rightsRequestSchema,
	subjectSummary
} from '$domain/rights';

describe('rights requests', () => {
	it('are due 72 hours after they were received, and overdue only while unanswered', () => {
		const deadline = rightsDeadline('2026-12-01T08:00:00+07:00');
		expect(deadline).toBe('2026-12-04T01:00:00.000Z');
		const after = new Date('2026-12-04T01:00:01Z');
		expect(isOverdue({ deadline, closed: null }, after)).toBe(true);
		expect(isOverdue({ deadline, closed: null }, new Date('2026-12-04T00:59:59Z'))).toBe(false);
		const closed = { at: '2026-12-02T00:00:00Z', by: 'x', outcome: 'done' as const, note: 'ok' };
		expect(isOverdue({ deadline, closed }, after)).toBe(false);
	});

	it('take only known kinds and fields; an erasure needs a reason of 10 characters', () => {
		expect(rightsRequestSchema.safeParse({ residentId: 'r-1', kind: 'erase' }).success).toBe(true);
		expect(rightsRequestSchema.safeParse({ residentId: 'r-1', kind: 'sell' }).success).toBe(false);
		expect(
			rightsRequestSchema.safeParse({ residentId: 'r-1', kind: 'access', by: 'x' }).success
		).toBe(false);
		expect(eraseRequestSchema.safeParse({ reason: 'ngắn quá' }).success).toBe(false);
		expect(eraseRequestSchema.safeParse({ reason: '   người dân yêu cầu   ' }).success).toBe(true);
		expect(
			eraseRequestSchema.safeParse({ reason: 'người dân yêu cầu', request: 'x' }).success
		).toBe(false);
	});
});

describe('the readable summary of an access export', () => {
	it('says what is held in Vietnamese, with the ID and phone masked', () => {
		const lines = subjectSummary({
			resident: {
				fullName: 'Trần Văn Bình',
				dateOfBirth: '1985-03-02',
				idNumber: '072085123456',
				phone: '+84912345678',
				consents: [
					{ purpose: 'account', givenAt: '2026-11-20T09:00:00+07:00' },
					{
						purpose: 'dossier',
						givenAt: '2026-11-20T09:00:00+07:00',
						withdrawnAt: '2026-11-25T09:00:00+07:00'
					}
				]
			},
			household: { id: 'hh-1', hamlet: 'ap-ben-cho', houseNumber: 'Số 45', street: 'Hẻm 3' },
			dossiers: [{ id: 'ds-1' }],
			photos: [
				{ dossier: 'ds-1', hash: 'a' },
				{ dossier: 'ds-1', hash: 'b' }
			],
			history: [{}, {}, {}],
			exportedAt: '2026-12-03T03:00:00.000Z'
		});
		const byLabel = Object.fromEntries(lines.map((l) => [l.label, l.value]));
		expect(byLabel['Họ và tên']).toBe('Trần Văn Bình');
		expect(byLabel['Ngày sinh']).toBe('02/03/1985');
		expect(byLabel['Số CCCD']).not.toContain('0720851');
		expect(byLabel['Số CCCD']).toMatch(/3456$/);
		expect(byLabel['Số điện thoại']).not.toContain('912345');
		expect(byLabel['Hộ gia đình']).toBe('Số 45, Hẻm 3');
		expect(byLabel['Đồng ý: Hỗ trợ nộp hồ sơ thủ tục hành chính']).toContain(
			'đã rút ngày 25/11/2026'
		);
		expect(byLabel['Hồ sơ thủ tục có tên người này']).toBe('1');
		expect(byLabel['Ảnh giấy tờ']).toBe('2');
		expect(byLabel['Lần ghi, sửa trong nhật ký']).toBe('3');
		expect(byLabel['Xuất ngày']).toBe('03/12/2026');
	});

	it('does not fail on a record with little in it', () => {
		expect(subjectSummary({ resident: {} })[0]).toEqual({ label: 'Họ và tên', value: '—' });
	});
});
