import type { CollectionSpec, Role } from './collections';
import type { PolicyRule } from './refusals';
import { ruleTexts } from './rules';
import type { FieldIssue } from './validation';

/** Who is acting: the part of a user that authorization needs. */
export interface Actor {
	username: string;
	role: Role;
	commune: string | null;
	hamlets: readonly string[];
}

/** The envelope fields policy looks at; anything else in the document is ignored. */
export interface ScopedDoc {
	commune?: unknown;
	hamlet?: unknown;
	createdBy?: unknown;
	updatedBy?: unknown;
	review?: { status?: unknown } | null;
	_deleted?: unknown;
}

export type WriteDecision = { ok: true } | { ok: false; issue: FieldIssue };

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
 * Whether `actor` may store `next` over `prev` (the current revision, null if new).
 * Both revisions must be in scope, so nobody moves a record into or out of reach.
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
	// 'own' records are written by their creator only, officials included.
	if (spec.access === 'own' && next.createdBy !== actor.username) {
		return refuse('policy.own', 'createdBy');
	}
	if (next.updatedBy !== actor.username) return refuse('policy.updatedBy', 'updatedBy');
	if (next._deleted) return { ok: true };
	if (prev && prev.createdBy !== next.createdBy) return refuse('policy.createdBy', 'createdBy');
	const status = next.review?.status;
	if (
		actor.role === 'volunteer' &&
		OFFICIAL_STATUSES.includes(status) &&
		prev?.review?.status !== status
	) {
		return refuse('policy.review', 'review.status');
	}
	return { ok: true };
}
