import { reviewStatusOf } from './geojson';
import type { AddressPoint } from './point';

export interface AddressCoverage {
	households: number;
	/** Households that some point of the hamlet links to. */
	withPoint: number;
	/** Households linked to a point the commune validated. */
	validated: number;
}

/**
 * The province's digital-address KPI per hamlet: households with a point over
 * all households. A point counts for its household only in the same hamlet.
 */
export function addressCoverage(
	households: readonly { id: string; hamlet: string }[],
	points: readonly Pick<AddressPoint, 'hamlet' | 'householdId' | 'review'>[]
): Map<string, AddressCoverage> {
	const linked = new Map<string, boolean>();
	for (const p of points) {
		if (!p.householdId) continue;
		const key = `${p.hamlet}\n${p.householdId}`;
		linked.set(key, (linked.get(key) ?? false) || reviewStatusOf(p) === 'approved');
	}
	const out = new Map<string, AddressCoverage>();
	for (const h of households) {
		const row = out.get(h.hamlet) ?? { households: 0, withPoint: 0, validated: 0 };
		row.households += 1;
		const state = linked.get(`${h.hamlet}\n${h.id}`);
		if (state !== undefined) row.withPoint += 1;
		if (state) row.validated += 1;
		out.set(h.hamlet, row);
	}
	return out;
}

/** Whole percent, or null for a hamlet without households. */
export function coveragePercent(
	c: Pick<AddressCoverage, 'households'>,
	count: number
): number | null {
	return c.households === 0 ? null : Math.round((count / c.households) * 100);
}

export interface WeekCount {
	/** Monday of the week, `YYYY-MM-DD`. */
	weekStart: string;
	count: number;
}

const DAY_MS = 86_400_000;

function mondayOf(day: string): number {
	const t = Date.parse(`${day}T00:00:00Z`);
	// getUTCDay: 0 is Sunday; weeks start on Monday, as in Việt Nam's calendars.
	return t - ((new Date(t).getUTCDay() + 6) % 7) * DAY_MS;
}

/**
 * Points captured per week over the last `weeks` weeks, oldest first, the
 * week of `asOf` last. A point's day is read in the offset it was written with.
 */
export function pointsPerWeek(
	points: readonly Pick<AddressPoint, 'capturedAt'>[],
	asOf: string,
	weeks = 8
): WeekCount[] {
	const last = mondayOf(asOf);
	const first = last - (weeks - 1) * 7 * DAY_MS;
	const out = Array.from({ length: weeks }, (_, i) => ({
		weekStart: new Date(first + i * 7 * DAY_MS).toISOString().slice(0, 10),
		count: 0
	}));
	for (const p of points) {
		const i = (mondayOf(p.capturedAt.slice(0, 10)) - first) / (7 * DAY_MS);
		if (i >= 0 && i < weeks) out[i].count += 1;
	}
	return out;
}
