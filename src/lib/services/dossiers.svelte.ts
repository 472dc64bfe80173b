import {
	dueDate,
	dueState,
	finishedAt,
	isClosed,
	processingDaysFor,
	receiptOf,
	vietnamLocal,
	workingDaysBetween,
	type Dossier,
	type DueState
} from '$domain/dossier';
import { watchRecords, type AppDatabase } from '$lib/db';
import { procedureByCode, shippedCatalogue, workCalendar } from './catalogue';

/** The dossiers on the device, kept current from RxDB's change stream. */
export class LiveDossiers {
	all = $state.raw<Dossier[]>([]);
	loaded = $state(false);
	#stop: () => void;

	constructor(db: AppDatabase) {
		this.#stop = watchRecords(db, 'dossiers', (list) => {
			this.all = list;
			this.loaded = true;
		});
	}

	destroy(): void {
		this.#stop();
	}
}

export interface DueInfo {
	due: string;
	/** The agency's day from its receipt, or an estimate from the legal limit. */
	estimated: boolean;
	state: DueState;
	/** Working days from today to the due day (0 once it passed). */
	daysLeft: number;
}

/** The due day of a filed dossier, or null before filing (the limit runs from the agency's receipt). */
export function dueOf(d: Dossier, today: string): DueInfo | null {
	const received = receiptOf(d.history);
	const procedure = procedureByCode(d.procedure.code);
	if (!received || !procedure) return null;
	const cal = workCalendar();
	const due =
		d.agencyDueDate ??
		dueDate(cal, received, processingDaysFor(shippedCatalogue(), procedure, d.answers));
	const done = finishedAt(d.history);
	const state = dueState(cal, { due, today, finishedOn: done ? vietnamLocal(done).date : null });
	return { due, estimated: !d.agencyDueDate, state, daysLeft: workingDaysBetween(cal, today, due) };
}

const RANK: Record<DueState, number> = {
	overdue: 0,
	due_soon: 1,
	on_track: 2,
	late: 3,
	on_time: 4
};

/** Overdue first, then due soon, then by due day; open dossiers not filed yet after those, newest first; closed last. */
export function sortForWork(
	list: readonly Dossier[],
	today: string
): { d: Dossier; due: DueInfo | null }[] {
	const rows = list.map((d) => ({ d, due: dueOf(d, today) }));
	const rank = (r: (typeof rows)[number]) =>
		isClosed(r.d.status) ? 9 : r.due ? RANK[r.due.state] : 5;
	return rows.sort(
		(a, b) =>
			rank(a) - rank(b) ||
			(a.due && b.due ? a.due.due.localeCompare(b.due.due) : 0) ||
			b.d.updatedAt.localeCompare(a.d.updatedAt)
	);
}

/** What the office narrows the dossier list to; '' is "all". */
export interface DossierFilter {
	hamlet: string;
	procedure: string;
	status: string;
	/** `late_or_soon`: overdue or due soon (open ones only). */
	due: '' | DueState | 'late_or_soon';
}

export const NO_FILTER: DossierFilter = { hamlet: '', procedure: '', status: '', due: '' };

export function filterRows<R extends { d: Dossier; due: DueInfo | null }>(
	rows: readonly R[],
	f: DossierFilter
): R[] {
	return rows.filter(
		({ d, due }) =>
			(!f.hamlet || d.hamlet === f.hamlet) &&
			(!f.procedure || d.procedure.code === f.procedure) &&
			(!f.status || d.status === f.status) &&
			(!f.due ||
				(f.due === 'late_or_soon'
					? due?.state === 'overdue' || due?.state === 'due_soon'
					: due?.state === f.due))
	);
}
