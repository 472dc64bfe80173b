import { isFollowUpDue, type AccountHelp } from './account-help';
import { counted } from './kpi';

/** What reminders need of a resident. */
export interface ReminderResident {
	id: string;
	fullName: string;
	householdId: string;
	accountHelp: AccountHelp | null;
	residency?: { status: string };
	review?: { status: string };
	/** Absent in test fixtures; records always carry it. */
	updatedAt?: string;
}

export interface Appointment<R> {
	resident: R;
	date: string;
}

/** Days from `a` to `b` (ISO dates), negative when `b` is earlier. */
export function daysBetween(a: string, b: string): number {
	return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * Level 2 appointments at the commune police not confirmed done: those still
 * ahead (soonest first) and those whose day passed without a result (oldest
 * first), which the volunteer should check on.
 */
export function levelTwoAppointments<R extends ReminderResident>(
	residents: readonly R[],
	asOf: string
): { upcoming: Appointment<R>[]; missed: Appointment<R>[] } {
	const all = residents.filter(counted).flatMap((r) => {
		const o = r.accountHelp?.outcome;
		return o?.kind === 'level2_appointment' && !o.completedOn
			? [{ resident: r, date: o.appointmentDate }]
			: [];
	});
	const byDate = (a: Appointment<R>, b: Appointment<R>) => (a.date < b.date ? -1 : 1);
	return {
		upcoming: all.filter((a) => a.date >= asOf).sort(byDate),
		missed: all.filter((a) => a.date < asOf).sort(byDate)
	};
}

/** Follow-up visits due today and those already past, for residents still without an account. */
export function followUps<R extends ReminderResident>(
	residents: readonly R[],
	asOf: string
): { today: Appointment<R>[]; overdue: Appointment<R>[] } {
	const due = residents
		.filter((r) => counted(r) && isFollowUpDue(r.accountHelp, asOf))
		.map((r) => ({ resident: r, date: r.accountHelp!.followUpDate! }))
		.sort((a, b) => (a.date < b.date ? -1 : 1));
	return { today: due.filter((d) => d.date === asOf), overdue: due.filter((d) => d.date < asOf) };
}

/** Records the commune has not received for review: drafts, and returned ones waiting for a fix. */
export function notSentToCommune<R extends ReminderResident>(
	residents: readonly R[]
): { drafts: R[]; returned: R[] } {
	const status = (r: R) => r.review?.status ?? 'draft';
	// The latest first: what the volunteer just recorded is what they look for.
	const kept = residents
		.filter((r) => r.residency?.status !== 'removed')
		.sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''));
	return {
		drafts: kept.filter((r) => status(r) === 'draft'),
		returned: kept.filter((r) => status(r) === 'returned')
	};
}
