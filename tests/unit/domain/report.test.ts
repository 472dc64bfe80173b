import { describe, expect, it } from 'vitest';
import type { AccountHelp } from '$domain/account-help';
import type { KpiDossier } from '$domain/dossier';
import {
	communeReport,
	monthPeriod,
	reportCsv,
	reportPeriodSchema,
	reportRates,
	REPORT_CSV_COLUMNS,
	type ReportInput
} from '$domain/report';

const help = (outcome: AccountHelp['outcome']): AccountHelp => ({
	prerequisites: { chipIdCard: true, smartphoneWithNfc: true, simInOwnName: true, hasEmail: null },
	outcome,
	followUpDate: null,
	updatedAt: '2026-11-01T08:00:00+07:00'
});
const adult = (hamlet: string, accountHelp: AccountHelp | null, status = 'present') => ({
	hamlet,
	dateOfBirth: '1980-05-05',
	accountHelp,
	residency: { status }
});
const step = (to: string, at: string) => ({
	from: 'ready' as const,
	to: to as KpiDossier['history'][number]['to'],
	by: 'nguyenthilan',
	role: 'volunteer' as const,
	at
});
const dossier = (
	hamlet: string,
	history: ReturnType<typeof step>[],
	overall?: number,
	at?: string
): KpiDossier => ({
	hamlet,
	procedure: { code: 'birth-bundle', catalogueVersion: 1 },
	history,
	satisfaction:
		overall === undefined ? null : { at: at!, takenBy: 'nguyenthilan', overall, criteria: {} }
});

const november = monthPeriod('2026-11');
const base: ReportInput = {
	period: november,
	households: [],
	residents: [],
	dossiers: [],
	points: [],
	dueOf: () => '2026-11-20'
};

describe('the monthly report', () => {
	it('reads a month as its first and last day, leap years included', () => {
		expect(monthPeriod('2026-11')).toEqual({ from: '2026-11-01', to: '2026-11-30' });
		expect(monthPeriod('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
		expect(monthPeriod('2026-12').to).toBe('2026-12-31');
	});

	it('refuses a period that ends before it starts or covers more than a year', () => {
		const order = reportPeriodSchema.safeParse({ from: '2026-11-30', to: '2026-11-01' });
		expect(order.success).toBe(false);
		expect(order.error?.issues[0]).toMatchObject({ message: 'report.periodOrder', path: ['to'] });
		const long = reportPeriodSchema.safeParse({ from: '2025-01-01', to: '2026-01-02' });
		expect(long.error?.issues[0]?.message).toBe('report.periodTooLong');
		expect(reportPeriodSchema.safeParse({ from: '2026-01-01', to: '2026-12-31' }).success).toBe(
			true
		);
		expect(reportPeriodSchema.safeParse({ from: '2026-13-01', to: '2026-12-31' }).success).toBe(
			false
		);
	});

	it('counts activations in the period and accounts working by its last day', () => {
		const r = communeReport({
			...base,
			residents: [
				adult('a', help({ kind: 'level1_activated', on: '2026-11-03' })),
				adult('a', help({ kind: 'level1_activated', on: '2026-10-03' })),
				// Activated after the period: not yet working at its end.
				adult('a', help({ kind: 'level1_activated', on: '2026-12-02' })),
				adult('a', help({ kind: 'already_active', level: 2 })),
				adult(
					'b',
					help({
						kind: 'level2_appointment',
						appointmentDate: '2026-11-05',
						completedOn: '2026-11-10'
					})
				),
				adult('b', help({ kind: 'level2_appointment', appointmentDate: '2026-11-05' })),
				adult('b', help({ kind: 'level1_activated', on: '2026-11-04' }), 'moved_away'),
				{ hamlet: 'b', dateOfBirth: '2020-01-01', accountHelp: null }
			]
		});
		expect(r.hamlets.map(([h]) => h)).toEqual(['a', 'b']);
		const [a, b] = r.hamlets.map(([, f]) => f);
		expect(a).toMatchObject({ residents: 4, adults: 4, adultsWithAccount: 3, activated: 1 });
		expect(b).toMatchObject({ residents: 3, adults: 2, adultsWithAccount: 1, activated: 1 });
		expect(r.total).toMatchObject({ residents: 7, adults: 6, adultsWithAccount: 4, activated: 2 });
		expect(reportRates(r.total).accountRate).toBe(66.7);
		// Weeks start on Monday: 2026-11-01 is a Sunday, so the first week starts 2026-10-26.
		expect(r.weeks[0].weekStart).toBe('2026-10-26');
		expect(r.weeks.at(-1)?.weekStart).toBe('2026-11-30');
		expect(r.weeks.find((w) => w.weekStart === '2026-11-02')?.activated).toBe(1);
		expect(r.weeks.find((w) => w.weekStart === '2026-11-09')?.activated).toBe(1);
		// Each hamlet has its own weeks: a's activation in the week of 2 November, b's of the 9th.
		const of = (h: string, week: string) =>
			r.weeksByHamlet[h].find((w) => w.weekStart === week)?.activated;
		expect([of('a', '2026-11-02'), of('a', '2026-11-09')]).toEqual([1, 0]);
		expect([of('b', '2026-11-02'), of('b', '2026-11-09')]).toEqual([0, 1]);
	});

	it('counts dossiers by the day they were filed, finished and rated, in Việt Nam’s time', () => {
		const r = communeReport({
			...base,
			dossiers: [
				// 23:30 UTC on 31 October is 06:30 on 1 November in Việt Nam.
				dossier(
					'a',
					[
						step('filed_online', '2026-10-31T23:30:00Z'),
						step('result_ready', '2026-11-19T09:00:00+07:00')
					],
					5,
					'2026-11-19T10:00:00+07:00'
				),
				dossier(
					'a',
					[
						step('filed_in_person', '2026-11-02T09:00:00+07:00'),
						step('result_ready', '2026-11-25T09:00:00+07:00')
					],
					2,
					'2026-11-26T10:00:00+07:00'
				),
				// Filed before the period, finished in it.
				dossier('a', [
					step('filed_online', '2026-10-20T09:00:00+07:00'),
					step('refused', '2026-11-05T09:00:00+07:00')
				]),
				// Filed on 30 November late in the evening, still November in Việt Nam.
				dossier('a', [step('filed_online', '2026-11-30T16:30:00Z')]),
				// Filed in December.
				dossier('a', [step('filed_online', '2026-11-30T17:30:00Z')])
			]
		});
		const a = r.total;
		expect(a).toMatchObject({
			filed: 3,
			filedOnline: 2,
			finished: 3,
			onTime: 2,
			rated: 2,
			satisfied: 1
		});
		expect(reportRates(a)).toMatchObject({
			onlineRate: 66.7,
			onTimeRate: 66.7,
			satisfactionRate: 50
		});
		expect(r.weeks.find((w) => w.weekStart === '2026-10-26')).toMatchObject({
			filed: 1,
			filedOnline: 1
		});
	});

	it('counts address coverage by the period’s end and points captured in it', () => {
		const r = communeReport({
			...base,
			hamletIds: ['a', 'b', 'c'],
			households: [
				{ id: 'h1', hamlet: 'a' },
				{ id: 'h2', hamlet: 'a' },
				{ id: 'h3', hamlet: 'b' }
			],
			points: [
				{ hamlet: 'a', householdId: 'h1', capturedAt: '2026-10-10T08:00:00+07:00' },
				{ hamlet: 'a', householdId: 'h2', capturedAt: '2026-12-01T08:00:00+07:00' },
				// A point of another hamlet's household does not cover it.
				{ hamlet: 'a', householdId: 'h3', capturedAt: '2026-11-10T08:00:00+07:00' },
				{ hamlet: 'b', householdId: null, capturedAt: '2026-11-11T08:00:00+07:00' }
			]
		});
		const rows = Object.fromEntries(r.hamlets);
		expect(rows.a).toMatchObject({ households: 2, householdsWithPoint: 1, points: 1 });
		expect(rows.b).toMatchObject({ households: 1, householdsWithPoint: 0, points: 1 });
		expect(rows.c).toMatchObject({ households: 0, points: 0 });
		expect(reportRates(rows.a).addressRate).toBe(50);
		expect(reportRates(rows.c).addressRate).toBeNull();
		expect(r.weeks.reduce((n, w) => n + w.points, 0)).toBe(2);
	});

	it('writes one CSV row per hamlet and one for the commune, names and formulas quoted safely', () => {
		const r = communeReport({
			...base,
			hamletIds: ['a', 'b'],
			residents: [adult('a', help({ kind: 'level1_activated', on: '2026-11-03' }))]
		});
		const csv = reportCsv(r, { hamletName: (id) => (id === 'a' ? 'Ấp Long, Hòa' : '=cmd') });
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).trimEnd().split('\r\n');
		expect(lines).toHaveLength(4);
		expect(lines[0].split(',')).toEqual([...REPORT_CSV_COLUMNS]);
		expect(lines[1]).toBe('"Ấp Long, Hòa",0,1,1,1,100,1,0,0,,0,0,,0,0,,0,,0');
		expect(lines[2].startsWith("'=cmd,")).toBe(true);
		expect(lines[3].startsWith('Toàn xã,0,1,1,1,100,1,')).toBe(true);
	});
});
