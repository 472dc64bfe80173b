import { hasActiveAccount } from '$domain/account-help';
import type { Review, ReviewStatus } from '$domain/envelope';
import type { Resident } from '$domain/resident';
import { localIso, type ServiceContext } from './context';
import { changeResident } from './residents.service';
import type { SaveResult } from './result';

const EMPTY: Review = { status: 'draft', notes: [], history: [] };

export function reviewOf(r: { review?: Review }): Review {
	return r.review ?? EMPTY;
}

/** Fields an official may put a note on, in the order of the record. */
export const REVIEWABLE_FIELDS = [
	'fullName',
	'relationship',
	'dateOfBirth',
	'sex',
	'ethnicityCode',
	'idNumber',
	'legacyIdNumber',
	'phone',
	'consents',
	'accountHelp',
	'notes'
] as const;
export type ReviewableField = (typeof REVIEWABLE_FIELDS)[number];

function requireRole(ctx: ServiceContext, role: 'official' | 'volunteer') {
	const ok = role === 'official' ? ctx.user.role === 'official' : ctx.user.role !== 'admin';
	if (!ok) throw new Error(`only a ${role} may do this`);
}

/**
 * Sends a record to the commune for review. A returned record goes back as a
 * resubmission; its notes are closed, the history keeps what they said.
 */
export function submitResident(ctx: ServiceContext, id: string): Promise<SaveResult<Resident>> {
	requireRole(ctx, 'volunteer');
	return changeResident(
		ctx,
		id,
		(r) => {
			const review = reviewOf(r);
			if (review.status === 'submitted' || review.status === 'approved') return r;
			const action = review.status === 'returned' ? 'resubmit' : 'submit';
			return {
				...r,
				review: {
					status: 'submitted',
					notes: [],
					history: [...review.history, { action, by: ctx.user.username, at: localIso(ctx.now()) }]
				}
			};
		},
		{ keepReview: true }
	);
}

export function returnResident(
	ctx: ServiceContext,
	id: string,
	note: { field: ReviewableField; text: string }
): Promise<SaveResult<Resident>> {
	requireRole(ctx, 'official');
	const at = localIso(ctx.now());
	const by = ctx.user.username;
	const text = note.text.trim();
	return changeResident(
		ctx,
		id,
		(r) => {
			const review = reviewOf(r);
			return {
				...r,
				review: {
					status: 'returned',
					notes: [...review.notes, { field: note.field, text, by, at }],
					history: [...review.history, { action: 'return', by, at, note: `${note.field}: ${text}` }]
				}
			};
		},
		{ keepReview: true }
	);
}

export function approveResident(ctx: ServiceContext, id: string): Promise<SaveResult<Resident>> {
	requireRole(ctx, 'official');
	const at = localIso(ctx.now());
	return changeResident(
		ctx,
		id,
		(r) => {
			const review = reviewOf(r);
			return {
				...r,
				review: {
					status: 'approved',
					notes: [],
					history: [...review.history, { action: 'approve', by: ctx.user.username, at }]
				}
			};
		},
		{ keepReview: true }
	);
}

export interface QueueFilter {
	hamlet: string | null;
	status: ReviewStatus | null;
}

/** The official's queue: residents past draft, oldest change first so nothing waits forever. */
export function reviewQueue(residents: readonly Resident[], filter: QueueFilter): Resident[] {
	return residents
		.filter((r) => {
			const status = reviewOf(r).status;
			if (status === 'draft') return false;
			if (filter.status && status !== filter.status) return false;
			return !filter.hamlet || r.hamlet === filter.hamlet;
		})
		.sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0));
}

/** Open notes of the official on one field of the record. */
export function notesOn(r: { review?: Review }, field: string) {
	return reviewOf(r).notes.filter((n) => n.field === field);
}

/** Follow-ups whose day has passed (before `asOf`) for residents still without an account, by hamlet. */
export function overdueFollowUps(
	residents: readonly Pick<Resident, 'hamlet' | 'accountHelp'>[],
	asOf: string
): Record<string, number> {
	const out: Record<string, number> = {};
	for (const r of residents) {
		const day = r.accountHelp?.followUpDate;
		if (!day || day >= asOf || hasActiveAccount(r.accountHelp)) continue;
		out[r.hamlet] = (out[r.hamlet] ?? 0) + 1;
	}
	return out;
}
