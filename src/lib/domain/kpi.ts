import {
	hasActiveAccount,
	isFollowUpDue,
	type AccountHelp,
	type BlockedReason
} from './account-help';

/**
 * Age from which a resident holds their own VNeID account: under-14s go
 * through a parent's account (Decree 69/2024), so the province's "adults with
 * an e-service account" KPI counts residents aged 14 and over.
 */
export const ACCOUNT_OWN_AGE = 14;

/** Whole years between an ISO birth date and an ISO date (`asOf`), birthday counted on the day. */
export function ageOn(dateOfBirth: string, asOf: string): number {
	const [by, bm, bd] = dateOfBirth.split('-').map(Number);
	const [y, m, d] = asOf.split('-').map(Number);
	return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export interface KpiResident {
	dateOfBirth: string | null;
	accountHelp: AccountHelp | null;
	/** Absent on records older than residents v2: they live there. */
	residency?: { status: string };
}

/** People who moved away or died stay on record but leave every count. */
export function counted(r: { residency?: { status: string } }): boolean {
	return (r.residency?.status ?? 'present') === 'present';
}

export interface HamletOverview {
	households: number;
	/** Residents living in the hamlet (not those who moved away or died). */
	residents: number;
	/** Residents aged ACCOUNT_OWN_AGE or over on `asOf`. */
	adults: number;
	/** Residents without a recorded date of birth (no consent, or not known); not in `adults`. */
	ageUnknown: number;
	adultsWithAccount: number;
	adultsWithoutAccount: number;
	/** Follow-ups on or before `asOf` for residents without an active account. */
	followUpsDue: number;
	/** The part of `followUpsDue` whose date is already past (before `asOf`). */
	followUpsOverdue: number;
	/** Residents whose account help is blocked, by reason. */
	blockedByReason: Partial<Record<BlockedReason, number>>;
}

/** The hamlet overview figures, as of a day (`YYYY-MM-DD`, the device's local date). */
export function hamletOverview(input: {
	households: readonly unknown[];
	residents: readonly KpiResident[];
	asOf: string;
}): HamletOverview {
	const { households, asOf } = input;
	const residents = input.residents.filter(counted);
	const out: HamletOverview = {
		households: households.length,
		residents: residents.length,
		adults: 0,
		ageUnknown: 0,
		adultsWithAccount: 0,
		adultsWithoutAccount: 0,
		followUpsDue: 0,
		followUpsOverdue: 0,
		blockedByReason: {}
	};
	for (const r of residents) {
		if (!r.dateOfBirth) out.ageUnknown++;
		else if (ageOn(r.dateOfBirth, asOf) >= ACCOUNT_OWN_AGE) {
			out.adults++;
			if (hasActiveAccount(r.accountHelp)) out.adultsWithAccount++;
			else out.adultsWithoutAccount++;
		}
		if (isFollowUpDue(r.accountHelp, asOf)) {
			out.followUpsDue++;
			if ((r.accountHelp?.followUpDate ?? asOf) < asOf) out.followUpsOverdue++;
		}
		const outcome = r.accountHelp?.outcome;
		if (outcome?.kind === 'blocked') {
			out.blockedByReason[outcome.reason] = (out.blockedByReason[outcome.reason] ?? 0) + 1;
		}
	}
	return out;
}

/** Share of adults with an account, 0-100 with one decimal; null when there are no adults. */
export function accountCoveragePercent(o: Pick<HamletOverview, 'adults' | 'adultsWithAccount'>) {
	return o.adults === 0 ? null : Math.round((o.adultsWithAccount / o.adults) * 1000) / 10;
}

/** The same figures for every hamlet of a commune (the officials' dashboard). */
export function overviewByHamlet(input: {
	households: readonly { hamlet: string }[];
	residents: readonly (KpiResident & { hamlet: string })[];
	asOf: string;
}): Map<string, HamletOverview> {
	const groups = new Map<string, { households: unknown[]; residents: KpiResident[] }>();
	const group = (hamlet: string) => {
		let g = groups.get(hamlet);
		if (!g) groups.set(hamlet, (g = { households: [], residents: [] }));
		return g;
	};
	for (const h of input.households) group(h.hamlet).households.push(h);
	for (const r of input.residents) group(r.hamlet).residents.push(r);
	const out = new Map<string, HamletOverview>();
	for (const [hamlet, g] of [...groups].sort(([a], [b]) => (a < b ? -1 : 1))) {
		out.set(hamlet, hamletOverview({ ...g, asOf: input.asOf }));
	}
	return out;
}
