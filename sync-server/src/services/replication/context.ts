import {
	canRead,
	type Actor,
	type CollectionSpec,
	type FieldIssue,
	type ScopedDoc
} from '../../../../src/lib/domain/index.ts';
import type { CouchDoc, DocDb } from '../../storage/index.ts';
import type { Audit } from '../audit.ts';
import type { Moves } from '../moves.ts';
import type { ReadBudget } from '../read-budget.ts';

/** The current revision of each id (tombstones included, with their body), read in one go. */
export async function currentById(
	db: DocDb,
	ids: readonly string[]
): Promise<Map<string, CouchDoc | null>> {
	const unique = [...new Set(ids)];
	const docs = await db.getCurrentMany(unique);
	return new Map(unique.map((id, i) => [id, docs[i]]));
}

/** Most rows one read returns, whatever it asks for: room for pull pages of several thousand. */
export const MAX_ROWS = 10_000;

/** One client database as the gateway sees it. */
export interface Target {
	db: DocDb;
	name: string;
	commune: string;
	collection: string;
	spec: CollectionSpec;
	/** Hamlet ids of the commune: records must name one of them. */
	hamlets: ReadonlySet<string>;
	/** Merged hamlet → the hamlet it became: a write there is in scope for that hamlet's people. */
	mergedInto?: ReadonlyMap<string, string>;
}

export interface ReplicationContext {
	actor: Actor;
	target: Target;
	audit: Audit;
	moves: Moves;
	/** Throttles large reads per user. */
	reads: ReadBudget;
	now: () => Date;
	/** Keeps what was refused from each user's phone, for the office's queue. */
	refusals?: {
		record(
			commune: string,
			by: string,
			refused: readonly { collection: string; id: string; reason: string }[],
			at: string
		): Promise<void>;
		clear(
			commune: string,
			by: string,
			taken: readonly { collection: string; id: string }[]
		): Promise<void>;
	};
	/** Moves records that arrived in a merged hamlet on to the hamlet it became. */
	merges?: {
		moveArrived(commune: string, collection: string, ids: readonly string[]): Promise<void>;
	};
	/** Checks that need more than the record (the dossier's procedure catalogue), by collection. */
	recordChecks?: Readonly<Record<string, (doc: Record<string, unknown>) => Promise<FieldIssue[]>>>;
}

/** What a tombstone shows to readers; the scope the server keeps for reads stays inside. */
const TOMBSTONE_VIEW = ['_id', '_rev', '_deleted', '_revisions', 'updatedBy', 'updatedAt'];

/** A stored revision as readers see it: a tombstone shows only the deletion. */
export function publicView<T>(doc: T): T {
	if (typeof doc !== 'object' || doc === null || !(doc as { _deleted?: unknown })._deleted)
		return doc;
	const d = doc as Record<string, unknown>;
	return Object.fromEntries(TOMBSTONE_VIEW.filter((k) => k in d).map((k) => [k, d[k]])) as T;
}

/** Whether the actor may see a stored revision (tombstones included); anything not an object is hidden. */
export const readable = (ctx: ReplicationContext) => (doc: unknown) =>
	typeof doc === 'object' && doc !== null && canRead(ctx.actor, doc as ScopedDoc, ctx.target.spec);
