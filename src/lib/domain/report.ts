import { z } from 'zod';
import type { AccountHelp } from './account-help';
import { coveragePercent } from './address/coverage';
import type { AddressPoint } from './address/point';
import { vietnamLocal } from './dossier/dates';
import { filingChannel, finishedAt } from './dossier/dossier';
import { rate, type KpiDossier } from './dossier/kpi';
import { isoDateSchema } from './envelope';
import { BOM, csvField } from './export';
import { ACCOUNT_OWN_AGE, ageOn, counted } from './kpi';

/** A report covers at most a year: 53 weekly bars still fit a phone's screen when scrolled. */
export const REPORT_MAX_DAYS = 366;

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const fromDayNumber = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The days a report covers, both included (`YYYY-MM-DD`, Việt Nam's calendar). */
export const reportPeriodSchema = z
	.object({ from: isoDateSchema, to: isoDateSchema })
	.refine((p) => p.from <= p.to, { message: 'report.periodOrder', path: ['to'] })
	.refine((p) => dayNumber(p.to) - dayNumber(p.from) < REPORT_MAX_DAYS, {
		message: 'report.periodTooLong',
		path: ['to']
	});
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;

/** The calendar month `YYYY-MM` as a period. */
export function monthPeriod(month: string): ReportPeriod {
	const [y, m] = month.split('-').map(Number);
	const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
	return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** Counts for one hamlet (or the commune) over a period; rates come from `reportRates`. */
export interface ReportFigures {
	households: number;
	/** Residents living there, as the records stand today. */
	residents: number;
	/** Residents aged ACCOUNT_OWN_AGE or over on the period's last day. */
	adults: number;
	/** Of those, the ones whose account was working by the period's last day. */
	adultsWithAccount: number;
	/** Accounts activated during the period (level 1 on the day, level 2 on completion). */
	activated: number;
	/** Dossiers first filed during the period, and those filed online. */
	filed: number;
	filedOnline: number;
	/** Dossiers finished during the period that have a due day, and those on or before it. */
	finished: number;
	onTime: number;
	/** Satisfaction ratings taken during the period, and those of 4 or 5. */
	rated: number;
	satisfied: number;
	/** Households linked to a point captured by the period's last day. */
	householdsWithPoint: number;
	/** Address points captured during the period. */
	points: number;
}

export interface WeekFigures {
	/** Monday of the week, `YYYY-MM-DD`; the first and last weeks may be cut by the period. */
	weekStart: string;
	activated: number;
	filed: number;
	filedOnline: number;
	finished: number;
	onTime: number;
	points: number;
}

export interface CommuneReport {
	period: ReportPeriod;
	/** By hamlet id, sorted; a hamlet with nothing on record still has its row. */
	hamlets: [string, ReportFigures][];
	total: ReportFigures;
	weeks: WeekFigures[];
	/** The same weeks for each hamlet, in the order of `hamlets`. */
	weeksByHamlet: Record<string, WeekFigures[]>;
}

export interface ReportInput<D extends KpiDossier = KpiDossier> {
	period: ReportPeriod;
	/** Hamlets to show even without any record (the commune's list). */
	hamletIds?: readonly string[];
	households: readonly { id: string; hamlet: string }[];
	residents: readonly {
		hamlet: string;
		dateOfBirth: string | null;
		accountHelp: AccountHelp | null;
		residency?: { status: string };
	}[];
	dossiers: readonly D[];
	points: readonly Pick<AddressPoint, 'hamlet' | 'householdId' | 'capturedAt'>[];
	/** The dossier's due day (the agency's, or estimated from its procedure); null if none. */
	dueOf: (d: D) => string | null;
}

const empty = (): ReportFigures => ({
	households: 0,
	residents: 0,
	adults: 0,
	adultsWithAccount: 0,
	activated: 0,
	filed: 0,
	filedOnline: 0,
	finished: 0,
	onTime: 0,
	rated: 0,
	satisfied: 0,
	householdsWithPoint: 0,
	points: 0
});

/** The day an account started working, or null if it has not (already active: before any day). */
function activatedOn(help: AccountHelp | null): string | null | 'before' {
	const o = help?.outcome;
	if (o?.kind === 'level1_activated') return o.on;
	if (o?.kind === 'level2_appointment') return o.completedOn ?? null;
	if (o?.kind === 'already_active') return 'before';
	return null;
}

/** A point's day is read in the offset it was written with, as the volunteer saw it. */
const pointDay = (p: { capturedAt: string }) => p.capturedAt.slice(0, 10);
const localDate = (iso: string) => vietnamLocal(iso).date;

/**
 * The monthly report the commune sends the province: per hamlet and for the whole
 * commune, the accounts, dossier and address figures of a period, and the same week by week.
 */
export function communeReport<D extends KpiDossier>(input: ReportInput<D>): CommuneReport {
	const { period, dueOf } = input;
	const inPeriod = (day: string) => day >= period.from && day <= period.to;
	const rows = new Map<string, ReportFigures>();
	for (const id of input.hamletIds ?? []) rows.set(id, empty());
	const row = (hamlet: string) => {
		let r = rows.get(hamlet);
		if (!r) rows.set(hamlet, (r = empty()));
		return r;
	};
	const firstWeek = mondayOf(period.from);
	const emptyWeeks = (): WeekFigures[] => {
		const out: WeekFigures[] = [];
		for (let d = firstWeek; d <= dayNumber(period.to); d += 7) {
			out.push({
				weekStart: fromDayNumber(d),
				activated: 0,
				filed: 0,
				filedOnline: 0,
				finished: 0,
				onTime: 0,
				points: 0
			});
		}
		return out;
	};
	const weeks = emptyWeeks();
	const byHamlet = new Map<string, WeekFigures[]>();
	/** Counts `field` in the week of `day`, for the commune and for the hamlet. */
	const count = (hamlet: string, day: string, field: Exclude<keyof WeekFigures, 'weekStart'>) => {
		const i = (mondayOf(day) - firstWeek) / 7;
		let own = byHamlet.get(hamlet);
		if (!own) byHamlet.set(hamlet, (own = emptyWeeks()));
		weeks[i][field]++;
		own[i][field]++;
	};

	for (const h of input.households) row(h.hamlet).households++;
	for (const r of input.residents) {
		if (!counted(r)) continue;
		const f = row(r.hamlet);
		f.residents++;
		const on = activatedOn(r.accountHelp);
		if (r.dateOfBirth && ageOn(r.dateOfBirth, period.to) >= ACCOUNT_OWN_AGE) {
			f.adults++;
			if (on === 'before' || (on !== null && on <= period.to)) f.adultsWithAccount++;
		}
		if (on !== null && on !== 'before' && inPeriod(on)) {
			f.activated++;
			count(r.hamlet, on, 'activated');
		}
	}
	for (const d of input.dossiers) {
		const f = row(d.hamlet);
		const filedEntry = d.history.find((e) => filingChannel([e]) !== null);
		if (filedEntry && inPeriod(localDate(filedEntry.at))) {
			const online = filingChannel(d.history) === 'online';
			const day = localDate(filedEntry.at);
			f.filed++;
			count(d.hamlet, day, 'filed');
			if (online) {
				f.filedOnline++;
				count(d.hamlet, day, 'filedOnline');
			}
		}
		const done = finishedAt(d.history);
		const due = done && inPeriod(localDate(done)) ? dueOf(d) : null;
		if (done && due) {
			f.finished++;
			count(d.hamlet, localDate(done), 'finished');
			if (localDate(done) <= due) {
				f.onTime++;
				count(d.hamlet, localDate(done), 'onTime');
			}
		}
		if (d.satisfaction && inPeriod(localDate(d.satisfaction.at))) {
			f.rated++;
			if (d.satisfaction.overall >= 4) f.satisfied++;
		}
	}
	const linked = new Set<string>();
	for (const p of input.points) {
		const day = pointDay(p);
		if (day > period.to) continue;
		if (p.householdId) linked.add(`${p.hamlet}\n${p.householdId}`);
		if (day >= period.from) {
			row(p.hamlet).points++;
			count(p.hamlet, day, 'points');
		}
	}
	for (const h of input.households) {
		if (linked.has(`${h.hamlet}\n${h.id}`)) row(h.hamlet).householdsWithPoint++;
	}

	const hamlets = [...rows].sort(([a], [b]) => (a < b ? -1 : 1));
	const total = empty();
	for (const [, f] of hamlets) {
		for (const k of Object.keys(total) as (keyof ReportFigures)[]) total[k] += f[k];
	}
	const weeksByHamlet = Object.fromEntries(
		hamlets.map(([id]) => [id, byHamlet.get(id) ?? emptyWeeks()])
	);
	return { period, hamlets, total, weeks, weeksByHamlet };
}

function mondayOf(day: string): number {
	const n = dayNumber(day);
	// 1970-01-01 was a Thursday; weeks start on Monday, as in Việt Nam's calendars.
	return n - ((((n + 3) % 7) + 7) % 7);
}

/** The province's rates (0-100, one decimal; null when nothing is counted). */
export function reportRates(f: ReportFigures) {
	return {
		accountRate: rate(f.adultsWithAccount, f.adults),
		onlineRate: rate(f.filedOnline, f.filed),
		onTimeRate: rate(f.onTime, f.finished),
		satisfactionRate: rate(f.satisfied, f.rated),
		addressRate: coveragePercent(f, f.householdsWithPoint)
	};
}

export const REPORT_CSV_COLUMNS = [
	'Ấp/thôn',
	'Số hộ',
	'Nhân khẩu',
	`Từ ${ACCOUNT_OWN_AGE} tuổi`,
	'Có tài khoản định danh',
	'Tỷ lệ có tài khoản (%)',
	'Kích hoạt trong kỳ',
	'Hồ sơ đã nộp',
	'Nộp trực tuyến',
	'Tỷ lệ trực tuyến (%)',
	'Hồ sơ có kết quả',
	'Đúng hạn',
	'Tỷ lệ đúng hạn (%)',
	'Lượt đánh giá',
	'Hài lòng',
	'Tỷ lệ hài lòng (%)',
	'Hộ có địa chỉ số',
	'Tỷ lệ hộ có địa chỉ số (%)',
	'Điểm địa chỉ ghi trong kỳ'
] as const;

/** Excel in Việt Nam reads a decimal comma; the CSV keeps the dot and lets the sheet format it. */
const pct = (v: number | null) => (v === null ? '' : String(v));

function figuresRow(name: string, f: ReportFigures): string[] {
	const r = reportRates(f);
	return [
		name,
		f.households,
		f.residents,
		f.adults,
		f.adultsWithAccount,
		pct(r.accountRate),
		f.activated,
		f.filed,
		f.filedOnline,
		pct(r.onlineRate),
		f.finished,
		f.onTime,
		pct(r.onTimeRate),
		f.rated,
		f.satisfied,
		pct(r.satisfactionRate),
		f.householdsWithPoint,
		pct(r.addressRate),
		f.points
	].map(String);
}

/** The report as CSV for Excel: one row per hamlet and a last row for the whole commune. */
export function reportCsv(
	report: CommuneReport,
	opts: { hamletName?: (id: string) => string; separator?: ',' | ';' } = {}
): string {
	const sep = opts.separator ?? ',';
	const name = opts.hamletName ?? ((id: string) => id);
	const line = (cells: readonly string[]) => cells.map((c) => csvField(c, sep)).join(sep);
	return (
		BOM +
		[
			line(REPORT_CSV_COLUMNS),
			...report.hamlets.map(([id, f]) => line(figuresRow(name(id), f))),
			line(figuresRow('Toàn xã', report.total))
		].join('\r\n') +
		'\r\n'
	);
}

/** `tramso-baocao-<commune>-<from>-<to>.csv` */
export const reportFilename = (commune: string, p: ReportPeriod) =>
	`tramso-baocao-${commune}-${p.from}-${p.to}.csv`;
