import { hasActiveAccount } from '$domain/account-help';
import { findDuplicateCccds } from '$domain/duplicates';
import { counted } from '$domain/kpi';
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

/** The commune approved an earlier version of this record. */
export function wasApproved(r: { review?: Review }): boolean {
	return reviewOf(r).history.some((h) => h.action === 'approve');
}

/**
 * Sends a record to the commune for review. A record the commune has seen
 * before (returned, or approved and edited since) goes back as a
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
			const seen = review.history.some((h) => h.action === 'submit' || h.action === 'resubmit');
			const action = review.status === 'returned' || seen ? 'resubmit' : 'submit';
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

/**
 * Returns a record with one note per field to fix. The history keeps one
 * line per note as `field: text`; `historyNoteParts` turns it back into the
 * field's label for people to read.
 */
export function returnResident(
	ctx: ServiceContext,
	id: string,
	notes: readonly { field: ReviewableField; text: string }[]
): Promise<SaveResult<Resident>> {
	requireRole(ctx, 'official');
	const at = localIso(ctx.now());
	const by = ctx.user.username;
	const given = notes
		.map((n) => ({ field: n.field, text: n.text.trim() }))
		.filter((n) => n.text !== '');
	if (given.length === 0) throw new Error('a return needs at least one note');
	return changeResident(
		ctx,
		id,
		(r) => {
			const review = reviewOf(r);
			if (review.status === 'approved') return r;
			return {
				...r,
				review: {
					status: 'returned',
					notes: [...review.notes, ...given.map((n) => ({ ...n, by, at }))],
					history: [
						...review.history,
						{
							action: 'return',
							by,
							at,
							note: given
								.map((n) => `${n.field}: ${n.text}`)
								.join('\n')
								.slice(0, 1000)
						}
					]
				}
			};
		},
		{ keepReview: true }
	);
}

/** A history note as written by `returnResident`: lines of `field: text`; other text stays as is. */
export function historyNoteParts(note: string): { field: ReviewableField | null; text: string }[] {
	return note.split('\n').map((line) => {
		const m = /^([a-zA-Z]+): (.*)$/s.exec(line);
		const field = m && (REVIEWABLE_FIELDS as readonly string[]).includes(m[1]) ? m[1] : null;
		return field ? { field: field as ReviewableField, text: m![2] } : { field: null, text: line };
	});
}

/** Approval is final for this version: an approved record is not approved again. */
export function approveResident(ctx: ServiceContext, id: string): Promise<SaveResult<Resident>> {
	requireRole(ctx, 'official');
	const at = localIso(ctx.now());
	return changeResident(
		ctx,
		id,
		(r) => {
			const review = reviewOf(r);
			if (review.status === 'approved') return r;
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

/** The household's records waiting for the commune, which "approve the whole household" approves. */
export function awaitingInHousehold(
	residents: readonly Resident[],
	householdId: string
): Resident[] {
	return residents.filter(
		(r) => r.householdId === householdId && reviewOf(r).status === 'submitted'
	);
}

/** Approves every submitted record of a household; stops at the first refusal and says which. */
export async function approveHousehold(
	ctx: ServiceContext,
	residents: readonly Resident[],
	householdId: string
): Promise<SaveResult<Resident[]>> {
	const done: Resident[] = [];
	for (const r of awaitingInHousehold(residents, householdId)) {
		const res = await approveResident(ctx, r.id);
		if (!res.ok) return res;
		done.push(res.value);
	}
	return { ok: true, value: done };
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
			// A member removed by mistake is read in the list of changes, not reviewed.
			if (status === 'draft' || r.residency?.status === 'removed') return false;
			if (filter.status && status !== filter.status) return false;
			return !filter.hamlet || r.hamlet === filter.hamlet;
		})
		.sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : 0));
}

/** Each resident sharing a CCCD with others on the device, with those others, so a flag can name them. */
export function duplicatePartners(residents: readonly Resident[]): ReadonlyMap<string, Resident[]> {
	const out = new Map<string, Resident[]>();
	for (const group of findDuplicateCccds(residents).values()) {
		for (const r of group)
			out.set(
				r.id,
				group.filter((o) => o.id !== r.id)
			);
	}
	return out;
}

/** Open notes of the official on one field of the record. */
export function notesOn(r: { review?: Review }, field: string) {
	return reviewOf(r).notes.filter((n) => n.field === field);
}

/** Follow-ups whose day has passed (before `asOf`) for residents still without an account, by hamlet. */
export function overdueFollowUps(
	residents: readonly (Pick<Resident, 'hamlet' | 'accountHelp'> & {
		residency?: { status: string };
	})[],
	asOf: string
): Record<string, number> {
	const out: Record<string, number> = {};
	for (const r of residents.filter(counted)) {
		const day = r.accountHelp?.followUpDate;
		if (!day || day >= asOf || hasActiveAccount(r.accountHelp)) continue;
		out[r.hamlet] = (out[r.hamlet] ?? 0) + 1;
	}
	return out;
}
