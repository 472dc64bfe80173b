import type { RuleKey } from '../../../../src/lib/domain/index.ts';

/**
 * Revision metadata of an incoming document, checked before the store sees it:
 * a malformed `_revisions` once made PouchDB throw inside `_changes` for every
 * reader. Client databases take revisions as CouchDB and PouchDB make them
 * (32 hex digits); other databases, reached by admins only, CouchDB's looser form.
 */
export type RevisionRules = 'strict' | 'couchdb';

const HASH = { strict: /^[0-9a-f]{32}$/, couchdb: /^[^\s-][^\s]{0,99}$/ } as const;
const MAX_GENERATION = 1_000_000_000;
/** CouchDB keeps 1,000 revisions per document by default. */
const MAX_HISTORY = 1000;
const MAX_CONFLICTS = 100;

/** Generation and hash of a revision, or null when it is not one. */
export function parseRev(rev: unknown, rules: RevisionRules): { gen: number; hash: string } | null {
	if (typeof rev !== 'string') return null;
	const m = /^([1-9]\d{0,9})-(.+)$/.exec(rev);
	if (!m || Number(m[1]) > MAX_GENERATION || !HASH[rules].test(m[2])) return null;
	return { gen: Number(m[1]), hash: m[2] };
}

export type RevisionProblem = { path: '_rev' | '_revisions' | '_conflicts'; rule: RuleKey };

/**
 * Checks `_rev`, `_revisions` and `_conflicts` of one document. With `newEdits` false (a
 * replicated revision) `_rev` is required and `_revisions`, if given, must end in it: `start`
 * its generation, `ids[0]` its hash, at most `start` ids. Normal edits take no `_revisions`.
 */
export function checkRevisions(
	doc: Record<string, unknown>,
	newEdits: boolean,
	rules: RevisionRules
): RevisionProblem | null {
	const rev = doc._rev === undefined ? null : parseRev(doc._rev, rules);
	if (doc._rev !== undefined && !rev) return { path: '_rev', rule: 'rev.format' };
	if (!newEdits && !rev) return { path: '_rev', rule: 'rev.required' };
	if (doc._revisions !== undefined) {
		if (newEdits || !rev || !validHistory(doc._revisions, rev, rules)) {
			return { path: '_revisions', rule: 'revisions.format' };
		}
	}
	if (doc._conflicts !== undefined) {
		const c = doc._conflicts;
		if (!Array.isArray(c) || c.length > MAX_CONFLICTS || c.some((r) => !parseRev(r, rules))) {
			return { path: '_conflicts', rule: 'conflicts.format' };
		}
	}
	return null;
}

function validHistory(
	value: unknown,
	rev: { gen: number; hash: string },
	rules: RevisionRules
): boolean {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const { start, ids, ...rest } = value as Record<string, unknown>;
	if (Object.keys(rest).length > 0) return false;
	if (start !== rev.gen || !Array.isArray(ids)) return false;
	if (ids.length === 0 || ids.length > Math.min(start, MAX_HISTORY)) return false;
	return ids[0] === rev.hash && ids.every((id) => typeof id === 'string' && HASH[rules].test(id));
}
