import type { Actor, CollectionSpec, Role, ScopedDoc, WriteDecision } from './spec';
import { sameValue } from './merge';
import type { PolicyRule } from './refusals';
import { ruleTexts } from './rules';

export type { Actor, ScopedDoc, WriteDecision } from './spec';

const OFFICIAL_STATUSES: readonly unknown[] = ['approved', 'returned'];

function refuse(rule: PolicyRule, path: string): WriteDecision {
	return { ok: false, issue: { path, rule, message: ruleTexts[rule] } };
}

function inScope(actor: Actor, doc: ScopedDoc, spec: CollectionSpec): PolicyRule | null {
	if (actor.role === 'admin') return null;
	if (doc.commune !== actor.commune) return 'policy.commune';
	if (spec.access === 'own') {
		return actor.role === 'official' || doc.createdBy === actor.username ? null : 'policy.own';
	}
	if (actor.role === 'official') return null;
	return typeof doc.hamlet === 'string' && actor.hamlets.includes(doc.hamlet)
		? null
		: 'policy.hamlet';
}

/** Whether `actor` may see `doc` (a stored revision, tombstones included) of collection `spec`. */
export function canRead(actor: Actor, doc: ScopedDoc, spec: CollectionSpec): boolean {
	return inScope(actor, doc, spec) === null;
}

/**
 * Whether `actor` may store `next` over `prev` (the current revision, null if
 * new; a tombstone when the record was deleted). Both revisions must be in
 * scope, so nobody moves a record into or out of reach; the review workflow
 * may only move as its owner roles allow (`reviewRule`).
 */
export function canWrite(
	actor: Actor,
	prev: ScopedDoc | null,
	next: ScopedDoc,
	spec: CollectionSpec
): WriteDecision {
	if (actor.role === 'admin') return { ok: true };
	if (!spec.writers.includes(actor.role)) return refuse('policy.role', '');
	for (const doc of prev ? [prev, next] : [next]) {
		const rule = inScope(actor, doc, spec);
		if (rule === 'policy.commune') return refuse(rule, 'commune');
		if (rule === 'policy.hamlet') return refuse(rule, 'hamlet');
		if (rule === 'policy.own') return refuse(rule, 'createdBy');
	}
	// Writing over a tombstone creates the record anew.
	const live = prev && !prev._deleted ? prev : null;
	if (next.updatedBy !== actor.username) return refuse('policy.updatedBy', 'updatedBy');
	if (next._deleted) return { ok: true };
	// 'own' records are written by their creator only, officials included.
	if (spec.access === 'own' && next.createdBy !== actor.username) {
		return refuse('policy.own', 'createdBy');
	}
	if (live && live.createdBy !== next.createdBy) return refuse('policy.createdBy', 'createdBy');
	if (!live && next.createdBy !== actor.username) return refuse('policy.creator', 'createdBy');
	for (const field of spec.userFields ?? []) {
		if (next[field] !== actor.username) return refuse('policy.user', field);
	}
	return (spec.workflow ?? reviewRule)(actor, live, next);
}

interface ReviewParts {
	status: unknown;
	notes: unknown[];
	history: { action?: unknown; by?: unknown }[];
}

function reviewParts(doc: ScopedDoc | null): ReviewParts {
	const review = doc?.review;
	const list = (v: unknown) => (Array.isArray(v) ? v : []);
	return {
		status: review?.status,
		notes: list(review?.notes),
		history: list(review?.history)
	};
}

/** Fields every edit changes or that belong to the review itself: not the record's content. */
const NOT_CONTENT = new Set(['updatedAt', 'updatedBy', 'review', 'conflicts']);

function contentChanged(prev: ScopedDoc, next: ScopedDoc): boolean {
	const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
	for (const k of keys) {
		if (k.startsWith('_') || NOT_CONTENT.has(k)) continue;
		if (!sameValue(prev[k], next[k])) return true;
	}
	return false;
}

/**
 * The review workflow, for non-admins: history only grows; a volunteer adds
 * submit/resubmit entries in their own name and closes notes but never adds
 * them; officials add entries and notes in their own name; only officials
 * approve or return; a volunteer's edit of an approved record leaves approved.
 */
export function reviewRule(actor: Actor, prev: ScopedDoc | null, next: ScopedDoc): WriteDecision {
	if (actor.role === 'admin') return { ok: true };
	const before = reviewParts(prev);
	const after = reviewParts(next);
	const volunteer = actor.role === 'volunteer';
	const kept = after.history.slice(0, before.history.length);
	if (kept.length < before.history.length || !sameValue(kept, before.history)) {
		return refuse('policy.history', 'review.history');
	}
	for (const entry of after.history.slice(before.history.length)) {
		if (volunteer && entry.action !== 'submit' && entry.action !== 'resubmit') {
			return refuse('policy.historyEntry', 'review.history');
		}
		if (entry.by !== actor.username) {
			return refuse(volunteer ? 'policy.historyEntry' : 'policy.reviewer', 'review.history');
		}
	}
	const notes = notesRule(actor, before.notes, after.notes, 'review.notes');
	if (notes) return notes;
	if (volunteer && OFFICIAL_STATUSES.includes(after.status) && before.status !== after.status) {
		return refuse('policy.review', 'review.status');
	}
	if (
		volunteer &&
		prev &&
		before.status === 'approved' &&
		after.status === 'approved' &&
		contentChanged(prev, next)
	) {
		return refuse('policy.approvedEdit', 'review.status');
	}
	return { ok: true };
}

/**
 * Notes from the office: a volunteer closes them (removes) but never adds
 * one; an official adds them in their own name. Null when the change is allowed.
 */
export function notesRule(
	actor: Actor,
	before: readonly unknown[],
	after: readonly unknown[],
	path: string
): WriteDecision | null {
	const added = after.filter((n) => !before.some((b) => sameValue(b, n)));
	if (added.length > 0 && actor.role === 'volunteer') return refuse('policy.notes', path);
	if (added.some((n) => (n as { by?: unknown } | null)?.by !== actor.username)) {
		return refuse('policy.reviewer', path);
	}
	return null;
}

/**
 * What a volunteer's device sends after changing an approved record: the
 * record goes back to draft, so the commune reviews what it approved.
 */
export function reopenedForReview<T extends ScopedDoc>(role: Role, prev: ScopedDoc, next: T): T {
	const status = next.review?.status;
	if (role !== 'volunteer' || status !== 'approved' || prev.review?.status !== 'approved') {
		return next;
	}
	if (!contentChanged(prev, next)) return next;
	return { ...next, review: { ...next.review, status: 'draft' } };
}
