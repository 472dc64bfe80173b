import { z } from 'zod';
import { isoDateSchema } from '../envelope';
import type { Bilingual } from '../rules';
import type { Finding } from '../finding';
import { addDays, isoDateOf, vietnamLocal, weekday } from './dates';
import { bilingualSchema } from './form';
import { lunarToSolar } from './lunar';
import { dossierTexts } from './texts';

/**
 * Working days of state agencies: Monday to Friday, less the public holidays
 * of the Labour Code 2019 (Art. 112) and the government's yearly arrangement
 * (swapped and compensatory days, the choice of Tết days and of the second
 * National Day day). The arrangement is data an admin edits each year; years
 * without it fall back to the Labour Code's own rules.
 */

export const offDayKindSchema = z.enum(['holiday', 'compensatory', 'swapped', 'other']);
export type OffDayKind = z.infer<typeof offDayKindSchema>;

/** Which public holiday of the Labour Code 2019, Art. 112(1) a day off is. */
export const holidayKeySchema = z.enum([
	'newYear',
	'tet',
	'hungKings',
	'reunification',
	'labour',
	'national'
]);
export type HolidayKey = z.infer<typeof holidayKeySchema>;

/** Days of each holiday per year, Art. 112(1). */
export const holidayDays: Readonly<Record<HolidayKey, number>> = {
	newYear: 1,
	tet: 5,
	hungKings: 1,
	reunification: 1,
	labour: 1,
	national: 2
};

export const yearArrangementSchema = z
	.object({
		year: z.number().int().min(2000).max(2100),
		/** `provisional` until the government's notice for the year is out. */
		status: z.enum(['official', 'provisional']),
		source: z.object({
			ref: z.string().min(1).max(300),
			urls: z.array(z.url().max(500)).max(10),
			note: z.string().max(2000).optional()
		}),
		/** Weekdays and weekend days off: holidays (also those on a weekend), compensatory and swapped days. */
		offDays: z
			.array(
				z.object({
					date: isoDateSchema,
					kind: offDayKindSchema,
					holiday: holidayKeySchema.optional(),
					name: bilingualSchema
				})
			)
			.max(40),
		/** Weekend days worked to make up for a swapped weekday. */
		workDays: z.array(z.object({ date: isoDateSchema, name: bilingualSchema })).max(10)
	})
	.superRefine((y, ctx) => {
		const add = (path: (string | number)[], message: string) =>
			ctx.addIssue({ code: 'custom', path, message });
		const off = new Set<string>();
		y.offDays.forEach((d, i) => {
			if (!d.date.startsWith(`${y.year}-`)) add(['offDays', i, 'date'], 'calendar.year');
			if (off.has(d.date)) add(['offDays', i, 'date'], 'calendar.duplicateDay');
			off.add(d.date);
		});
		y.workDays.forEach((d, i) => {
			if (!d.date.startsWith(`${y.year}-`)) add(['workDays', i, 'date'], 'calendar.year');
			if (![0, 6].includes(weekday(d.date)))
				add(['workDays', i, 'date'], 'calendar.workDayNotWeekend');
			if (off.has(d.date)) add(['workDays', i, 'date'], 'calendar.offAndWork');
		});
	});
export type YearArrangement = z.infer<typeof yearArrangementSchema>;

export const workCalendarSchema = z
	.object({
		format: z.literal('tramso.work-calendar'),
		formatVersion: z.literal(1),
		/** Raised on every edit, so devices keep the newest. */
		version: z.number().int().min(1),
		updatedAt: z.iso.datetime({ offset: true }),
		years: z.array(yearArrangementSchema).max(100)
	})
	.superRefine((c, ctx) => {
		const seen = new Set<number>();
		c.years.forEach((y, i) => {
			if (seen.has(y.year)) {
				ctx.addIssue({
					code: 'custom',
					path: ['years', i, 'year'],
					message: 'calendar.duplicateYear'
				});
			}
			seen.add(y.year);
		});
	});
export type WorkCalendarData = z.infer<typeof workCalendarSchema>;

export interface OffDay {
	date: string;
	kind: OffDayKind;
	holiday?: HolidayKey;
	name: Bilingual;
}

const names = {
	newYear: { vi: 'Tết Dương lịch', en: "New Year's Day" },
	tet: { vi: 'Tết Âm lịch', en: 'Lunar New Year (Tết)' },
	hungKings: {
		vi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
		en: "Hùng Kings' Commemoration (10th day of the 3rd lunar month)"
	},
	reunification: { vi: 'Ngày Chiến thắng (30/4)', en: 'Reunification Day (30 April)' },
	labour: { vi: 'Ngày Quốc tế Lao động (1/5)', en: 'International Labour Day (1 May)' },
	national: { vi: 'Quốc khánh (2/9)', en: 'National Day (2 September)' },
	nationalSecond: { vi: 'Quốc khánh (ngày liền kề)', en: 'National Day (adjacent day)' },
	compensatory: { vi: 'Nghỉ bù', en: 'Compensatory day off' }
} as const satisfies Record<string, Bilingual>;

const isWeekend = (date: string) => [0, 6].includes(weekday(date));

/**
 * Public holidays of the Labour Code 2019, Art. 112(1), for a year: Tết as
 * the last day of the lunar year and the first four of the next, and for
 * National Day the adjacent day that makes the longer break. Both choices are
 * the Prime Minister's each year (Art. 112(3)): the arrangement data wins.
 */
export function statutoryHolidays(year: number): OffDay[] {
	const day = (m: number, d: number) => isoDateOf(year, m, d);
	const tetStart = lunarToSolar(1, 1, year);
	const hung = lunarToSolar(10, 3, year);
	if (!tetStart || !hung) throw new Error(`no lunar date for ${year}`);
	const tet1 = isoDateOf(tetStart.y, tetStart.m, tetStart.d);
	const h = (date: string, holiday: HolidayKey, name: Bilingual): OffDay => ({
		date,
		kind: 'holiday',
		holiday,
		name
	});
	const out: OffDay[] = [h(day(1, 1), 'newYear', names.newYear)];
	for (let i = -1; i <= 3; i++) out.push(h(addDays(tet1, i), 'tet', names.tet));
	out.push(h(isoDateOf(hung.y, hung.m, hung.d), 'hungKings', names.hungKings));
	out.push(h(day(4, 30), 'reunification', names.reunification));
	out.push(h(day(5, 1), 'labour', names.labour));
	out.push(h(day(9, 2), 'national', names.national));
	// 2/9 on a Monday, Thursday or Sunday pairs with 3/9, otherwise with 1/9: the longer break, as chosen 2021-2026.
	const second = [1, 4, 0].includes(weekday(day(9, 2))) ? day(9, 3) : day(9, 1);
	out.push(h(second, 'national', names.nationalSecond));
	return out.sort((a, b) => (a.date < b.date ? -1 : 1));
}

/** The Labour Code's default year: statutory holidays plus a compensatory weekday for each on a weekend (Art. 111(3)). */
export function defaultArrangement(year: number): { offDays: OffDay[]; workDays: [] } {
	const holidays = statutoryHolidays(year);
	const off = new Set(holidays.map((h) => h.date));
	const out = [...holidays];
	for (const h of holidays) {
		if (!isWeekend(h.date)) continue;
		let d = addDays(h.date, 1);
		while (isWeekend(d) || off.has(d)) d = addDays(d, 1);
		off.add(d);
		out.push({ date: d, kind: 'compensatory', name: names.compensatory });
	}
	return { offDays: out.sort((a, b) => (a.date < b.date ? -1 : 1)), workDays: [] };
}

const finding = (
	path: string,
	rule: 'calendar.statutoryMissing' | 'calendar.swapUnbalanced'
): Finding => ({
	path,
	rule,
	severity: 'warning',
	message: dossierTexts[rule]
});

/**
 * Warnings on one year's arrangement: a holiday with fewer days than the
 * Labour Code gives, a fixed-date holiday on another date, swaps that do not balance.
 */
export function checkArrangement(y: YearArrangement): Finding[] {
	const out: Finding[] = [];
	const fixed = statutoryHolidays(y.year).filter(
		(h) => h.holiday !== 'tet' && h.name !== names.nationalSecond
	);
	const given = y.offDays.filter((d) => d.holiday);
	const short = (Object.keys(holidayDays) as HolidayKey[]).some(
		(k) => given.filter((d) => d.holiday === k).length < holidayDays[k]
	);
	const moved = fixed.some((h) => !given.some((d) => d.holiday === h.holiday && d.date === h.date));
	if (short || moved) out.push(finding(`years.${y.year}.offDays`, 'calendar.statutoryMissing'));
	const swapped = y.offDays.filter((d) => d.kind === 'swapped').length;
	if (swapped !== y.workDays.length)
		out.push(finding(`years.${y.year}.workDays`, 'calendar.swapUnbalanced'));
	return out;
}

/** Answers "is this a working day" for any year, from the arrangement data or the Labour Code. */
export class WorkCalendar {
	private readonly years = new Map<number, { off: Map<string, OffDay>; work: Set<string> }>();

	constructor(private readonly data: Pick<WorkCalendarData, 'years'>) {}

	private year(y: number) {
		let entry = this.years.get(y);
		if (!entry) {
			const arranged = this.data.years.find((a) => a.year === y) ?? defaultArrangement(y);
			entry = {
				off: new Map(arranged.offDays.map((d) => [d.date, d])),
				work: new Set(arranged.workDays.map((d) => d.date))
			};
			this.years.set(y, entry);
		}
		return entry;
	}

	/** Why a day is off, or undefined on a working day. */
	offDay(date: string): OffDay | { date: string; kind: 'weekend' } | undefined {
		const y = this.year(Number(date.slice(0, 4)));
		const off = y.off.get(date);
		if (off) return off;
		if (isWeekend(date) && !y.work.has(date)) return { date, kind: 'weekend' };
		return undefined;
	}

	isWorkingDay(date: string): boolean {
		return this.offDay(date) === undefined;
	}

	/** The first working day strictly after `date`. */
	nextWorkingDay(date: string): string {
		let d = addDays(date, 1);
		for (let i = 0; i < 366 && !this.isWorkingDay(d); i++) d = addDays(d, 1);
		return d;
	}
}

/**
 * The day `days` working days after `from` (which itself is not counted, as
 * the Civil Code 2015 Art. 147 counts periods); `days = 0` gives `from`.
 */
export function addWorkingDays(cal: WorkCalendar, from: string, days: number): string {
	if (!Number.isInteger(days) || days < 0 || days > 3650) throw new RangeError(`days: ${days}`);
	let d = from;
	for (let i = 0; i < days; i++) d = cal.nextWorkingDay(d);
	return d;
}

/** Working days after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(cal: WorkCalendar, from: string, to: string): number {
	let n = 0;
	for (let d = from; d < to && n < 3650;) {
		d = cal.nextWorkingDay(d);
		if (d <= to) n++;
	}
	return n;
}

/** Dossiers received after 15:00 are processed from the next working day (Decree 63/2024; Decree 23/2015 Art. 7). */
export const CUTOFF_SECONDS = 15 * 3600;

/**
 * The working day from which a dossier's time limit runs: the day of receipt
 * in Asia/Ho_Chi_Minh, or the next working day when it came after 15:00 or
 * on a day off (online filings arrive at any hour).
 */
export function countingDay(cal: WorkCalendar, receivedAt: string): string {
	const { date, seconds } = vietnamLocal(receivedAt);
	if (!cal.isWorkingDay(date) || seconds > CUTOFF_SECONDS) return cal.nextWorkingDay(date);
	return date;
}

/** Expected day of the result: `days` working days from the counting day. */
export function dueDate(cal: WorkCalendar, receivedAt: string, days: number): string {
	return addWorkingDays(cal, countingDay(cal, receivedAt), days);
}

export type DueState = 'on_track' | 'due_soon' | 'overdue' | 'on_time' | 'late';

/**
 * Where a dossier stands against its due day: finished ones are `on_time` or
 * `late`; open ones `overdue` after the due day, `due_soon` when at most
 * `soonDays` working days are left, else `on_track`.
 */
export function dueState(
	cal: WorkCalendar,
	input: { due: string; today: string; finishedOn?: string | null },
	soonDays = 1
): DueState {
	if (input.finishedOn) return input.finishedOn <= input.due ? 'on_time' : 'late';
	if (input.today > input.due) return 'overdue';
	return workingDaysBetween(cal, input.today, input.due) <= soonDays ? 'due_soon' : 'on_track';
}

/** A late or overdue dossier owes the resident a letter of apology (Decree 61/2018/NĐ-CP, Art. 12). */
export function apologyDue(state: DueState): boolean {
	return state === 'overdue' || state === 'late';
}
