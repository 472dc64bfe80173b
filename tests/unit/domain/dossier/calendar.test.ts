import { describe, expect, it } from 'vitest';
import {
	WorkCalendar,
	addWorkingDays,
	apologyDue,
	checkArrangement,
	countingDay,
	defaultArrangement,
	dueDate,
	dueState,
	lunarToSolar,
	solarToLunar,
	statutoryHolidays,
	workCalendarSchema,
	workingDaysBetween,
	yearArrangementSchema
} from '../../../../src/lib/domain/dossier/index.ts';
import { calendar } from './fixtures.ts';

const solar = (d: number, m: number, y: number, leap = false) => {
	const s = lunarToSolar(d, m, y, leap);
	return s && `${s.y}-${String(s.m).padStart(2, '0')}-${String(s.d).padStart(2, '0')}`;
};

describe('lunar calendar (Hồ Ngọc Đức, UTC+7)', () => {
	it('puts Tết on its published dates', () => {
		expect(
			[2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028].map((y) => solar(1, 1, y))
		).toEqual([
			'2020-01-25',
			'2021-02-12',
			'2022-02-01',
			'2023-01-22',
			'2024-02-10',
			'2025-01-29',
			'2026-02-17',
			'2027-02-06',
			'2028-01-26'
		]);
	});

	it("puts the Hùng Kings' day (10/3) on its published dates", () => {
		expect([2022, 2023, 2024, 2025, 2026].map((y) => solar(10, 3, y))).toEqual([
			'2022-04-10',
			'2023-04-29',
			'2024-04-18',
			'2025-04-07',
			'2026-04-26'
		]);
	});

	it("uses Vietnam's time zone: Tết 1985 and 2007 differ from China's", () => {
		expect(solar(1, 1, 1985)).toBe('1985-01-21');
		expect(solar(1, 1, 2007)).toBe('2007-02-17');
	});

	it('knows the leap months (6th of 2025, 2nd of 2023) and refuses ones that do not exist', () => {
		expect(solarToLunar(25, 7, 2025)).toEqual({ day: 1, month: 6, year: 2025, leap: true });
		expect(solarToLunar(24, 7, 2025)).toEqual({ day: 30, month: 6, year: 2025, leap: false });
		expect(solarToLunar(22, 3, 2023)).toEqual({ day: 1, month: 2, year: 2023, leap: true });
		expect(solar(1, 6, 2025, true)).toBe('2025-07-25');
		expect(solar(1, 5, 2025, true)).toBeUndefined();
	});

	it('converts every day of 2024-2027 to the lunar calendar and back', () => {
		for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
			const d = new Date(t);
			const l = solarToLunar(d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCFullYear());
			expect(lunarToSolar(l.day, l.month, l.year, l.leap)).toEqual({
				d: d.getUTCDate(),
				m: d.getUTCMonth() + 1,
				y: d.getUTCFullYear()
			});
		}
	});
});

describe('public holidays and the yearly arrangement', () => {
	it('computes the Labour Code holidays with compensatory days for weekends', () => {
		expect(statutoryHolidays(2026).map((h) => h.date)).toEqual([
			'2026-01-01',
			'2026-02-16',
			'2026-02-17',
			'2026-02-18',
			'2026-02-19',
			'2026-02-20',
			'2026-04-26',
			'2026-04-30',
			'2026-05-01',
			'2026-09-01',
			'2026-09-02'
		]);
		const comp = (y: number) =>
			defaultArrangement(y)
				.offDays.filter((d) => d.kind === 'compensatory')
				.map((d) => d.date);
		expect(comp(2026)).toEqual(['2026-04-27']);
		expect(comp(2027)).toEqual(['2027-02-10', '2027-02-11', '2027-05-03']);
	});

	it('ships 2025-2027 as valid data that covers every statutory holiday', () => {
		for (const y of [2025, 2026, 2027]) expect(calendar.offDay(`${y}-01-01`)).toBeDefined();
		const data = workCalendarSchema.parse(
			JSON.parse(
				JSON.stringify({
					format: 'tramso.work-calendar',
					formatVersion: 1,
					version: 1,
					updatedAt: '2026-12-01T00:00:00+07:00',
					years: []
				})
			)
		);
		expect(data.years).toEqual([]);
	});

	it('follows the government rather than the default where they differ', () => {
		// Tết 2025 was Mon 27/1 - Fri 31/1, not the default 28/1 - 1/2 with Mon 3/2 in lieu.
		expect(calendar.isWorkingDay('2025-01-27')).toBe(false);
		expect(calendar.isWorkingDay('2025-02-03')).toBe(true);
		// New Year 2026: Fri 2/1 off, made up on Sat 10/1.
		expect(calendar.offDay('2026-01-02')).toMatchObject({ kind: 'swapped' });
		expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
		expect(calendar.isWorkingDay('2026-01-17')).toBe(false);
		// Years without data fall back to the Labour Code.
		expect(calendar.isWorkingDay('2028-01-25')).toBe(false);
		expect(calendar.offDay('2028-01-24')).toBeUndefined();
	});

	it('warns on an arrangement that drops a holiday or leaves a swap unbalanced', () => {
		const y = yearArrangementSchema.parse({
			year: 2026,
			status: 'provisional',
			source: { ref: 'test', urls: [] },
			offDays: defaultArrangement(2026)
				.offDays.filter((d) => d.date !== '2026-04-30')
				.concat({ date: '2026-05-04', kind: 'swapped', name: { vi: 'Hoán đổi', en: 'Swap' } }),
			workDays: []
		});
		expect(checkArrangement(y).map((f) => f.rule)).toEqual([
			'calendar.statutoryMissing',
			'calendar.swapUnbalanced'
		]);
	});

	it('refuses a make-up day on a weekday, a day twice and a day of another year', () => {
		const r = yearArrangementSchema.safeParse({
			year: 2026,
			status: 'official',
			source: { ref: 'test', urls: [] },
			offDays: [
				{ date: '2026-01-01', kind: 'holiday', name: { vi: 'a', en: 'a' } },
				{ date: '2026-01-01', kind: 'holiday', name: { vi: 'a', en: 'a' } },
				{ date: '2027-01-01', kind: 'holiday', name: { vi: 'a', en: 'a' } }
			],
			workDays: [{ date: '2026-01-12', name: { vi: 'b', en: 'b' } }]
		});
		expect(r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`)).toEqual([
			'offDays.1.date:calendar.duplicateDay',
			'offDays.2.date:calendar.year',
			'workDays.0.date:calendar.workDayNotWeekend'
		]);
	});
});

describe('working days', () => {
	it('skips weekends', () => {
		// Thu 2026-11-19 + 2 = Mon 2026-11-23.
		expect(addWorkingDays(calendar, '2026-11-19', 2)).toBe('2026-11-23');
		expect(addWorkingDays(calendar, '2026-11-19', 0)).toBe('2026-11-19');
		expect(workingDaysBetween(calendar, '2026-11-19', '2026-11-23')).toBe(2);
	});

	it('skips the nine days of Tết 2026', () => {
		// Fri 13/2 + 1 working day = Mon 23/2, the first day back.
		expect(addWorkingDays(calendar, '2026-02-13', 1)).toBe('2026-02-23');
		expect(addWorkingDays(calendar, '2026-02-12', 3)).toBe('2026-02-24');
	});

	it('counts the make-up Saturday as a working day', () => {
		// Fri 9/1/2026 + 1 = Sat 10/1 (worked for the New Year swap).
		expect(addWorkingDays(calendar, '2026-01-09', 1)).toBe('2026-01-10');
		expect(addWorkingDays(calendar, '2025-12-31', 1)).toBe('2026-01-05');
	});

	it('refuses a negative or fractional number of days', () => {
		expect(() => addWorkingDays(calendar, '2026-01-05', -1)).toThrow(RangeError);
		expect(() => addWorkingDays(calendar, '2026-01-05', 1.5)).toThrow(RangeError);
	});
});

describe('the 15:00 rule and due days', () => {
	it('counts a dossier received up to 15:00 from the same day, after 15:00 from the next working day', () => {
		expect(countingDay(calendar, '2026-11-19T14:59:59+07:00')).toBe('2026-11-19');
		expect(countingDay(calendar, '2026-11-19T15:00:00+07:00')).toBe('2026-11-19');
		expect(countingDay(calendar, '2026-11-19T15:00:01+07:00')).toBe('2026-11-20');
		// Friday after 15:00 counts from Monday.
		expect(countingDay(calendar, '2026-11-20T16:30:00+07:00')).toBe('2026-11-23');
	});

	it('reads the hour in Vietnam whatever offset the time carries', () => {
		// 08:30 UTC is 15:30 in Hà Nội; 23:00 UTC on the 18th is 06:00 on the 19th.
		expect(countingDay(calendar, '2026-11-19T08:30:00Z')).toBe('2026-11-20');
		expect(countingDay(calendar, '2026-11-18T23:00:00Z')).toBe('2026-11-19');
	});

	it('counts a filing on a day off from the next working day', () => {
		expect(countingDay(calendar, '2026-11-21T09:00:00+07:00')).toBe('2026-11-23');
		expect(countingDay(calendar, '2026-02-17T09:00:00+07:00')).toBe('2026-02-23');
	});

	it('gives the birth bundle filed the afternoon before Tết its result after Tết', () => {
		expect(dueDate(calendar, '2026-02-13T16:00:00+07:00', 3)).toBe('2026-02-26');
		expect(dueDate(calendar, '2026-02-13T10:00:00+07:00', 3)).toBe('2026-02-25');
		expect(dueDate(calendar, '2026-11-19T10:00:00+07:00', 0)).toBe('2026-11-19');
	});

	it('classifies open and finished dossiers against the due day', () => {
		const due = '2026-11-25';
		expect(dueState(calendar, { due, today: '2026-11-20' })).toBe('on_track');
		expect(dueState(calendar, { due, today: '2026-11-24' })).toBe('due_soon');
		expect(dueState(calendar, { due, today: '2026-11-25' })).toBe('due_soon');
		expect(dueState(calendar, { due, today: '2026-11-26' })).toBe('overdue');
		expect(dueState(calendar, { due, today: '2026-11-30', finishedOn: '2026-11-25' })).toBe(
			'on_time'
		);
		expect(dueState(calendar, { due, today: '2026-11-30', finishedOn: '2026-11-26' })).toBe('late');
		expect(
			['on_track', 'due_soon', 'overdue', 'on_time', 'late'].map((s) => apologyDue(s as never))
		).toEqual([false, false, true, false, true]);
	});

	it('uses the Labour Code for a calendar with no data at all', () => {
		const bare = new WorkCalendar({ years: [] });
		expect(bare.isWorkingDay('2025-01-27')).toBe(true);
		expect(bare.isWorkingDay('2025-02-03')).toBe(false);
	});
});
