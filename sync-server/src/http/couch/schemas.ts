import { z } from 'zod';
import { localRevSchema } from '../../services/replication/checkpoints.ts';
import { MAX_ROWS } from '../../services/replication/context.ts';

/**
 * Query options and bodies of the CouchDB endpoints of client databases, each
 * parsed with its type and range. Every option CouchDB documents for an
 * endpoint is listed; anything else, or a wrong type, is a 400.
 */

/** A larger `limit` is clamped to this. */
export const MAX_LIMIT = MAX_ROWS;
/** Most ids one request may name (`keys`, `doc_ids`, `_bulk_get`, `_revs_diff`). */
export const MAX_KEYS = 10_000;
/** Most documents in one `_bulk_docs`. */
export const MAX_DOCS = 10_000;

const bool = z.enum(['true', 'false'], 'must be true or false').transform((v) => v === 'true');

const int = (min: number, max: number) =>
	z
		.string()
		.regex(/^\d{1,15}$/, `must be an integer from ${min} to ${max}`)
		.transform(Number)
		.pipe(
			z
				.number()
				.min(min, `must be an integer from ${min} to ${max}`)
				.max(max, `must be an integer from ${min} to ${max}`)
		);

/** A count that may exceed the cap and is then clamped to it (CouchDB has no cap; clients page on). */
const capped = (max: number) =>
	z
		.string()
		.regex(/^\d{1,15}$/, 'must be a non-negative integer')
		.transform((v) => Math.min(Number(v), max));

/** CouchDB sends keys and revision lists JSON-encoded in the query string. */
const json = <T extends z.ZodType>(schema: T) =>
	z
		.string()
		.transform((s, ctx) => {
			try {
				return JSON.parse(s) as unknown;
			} catch {
				ctx.addIssue({ code: 'custom', message: 'must be JSON' });
				return z.NEVER;
			}
		})
		.pipe(schema);

/** A revision as it may be asked for: generation, dash, hash (strictly checked on writes). */
export const revSchema = z
	.string()
	.max(100)
	.regex(/^[1-9]\d{0,15}-[0-9A-Za-z]{1,64}$/, 'must be a revision like 2-9f3c…');
/** A document id in a key range or key list; ids are checked strictly where they are written. */
const keySchema = z.string().max(1000);
const keysSchema = z.array(keySchema).max(MAX_KEYS);
/** A sequence: a number here, CouchDB's opaque `N-…` string through a CouchDB store. */
export const seqSchema = z
	.string()
	.max(2000)
	.regex(/^(now|\d{1,15}|\d{1,15}-[A-Za-z0-9_-]+)$/, 'must be a sequence or now');

const batch = z.literal('ok', 'must be ok');

export const noQuery = z.strictObject({});

export const changesQuery = z.strictObject({
	doc_ids: json(keysSchema).optional(),
	conflicts: bool.optional(),
	descending: bool.optional(),
	feed: z.enum(['normal', 'longpoll', 'continuous', 'eventsource']).optional(),
	filter: z.string().max(200).optional(),
	heartbeat: z.union([z.literal('true'), int(0, 3_600_000)]).optional(),
	include_docs: bool.optional(),
	attachments: bool.optional(),
	att_encoding_info: bool.optional(),
	'last-event-id': seqSchema.optional(),
	limit: capped(MAX_LIMIT).optional(),
	since: seqSchema.optional(),
	style: z.enum(['main_only', 'all_docs']).optional(),
	timeout: int(0, 3_600_000).optional(),
	view: z.string().max(200).optional(),
	seq_interval: int(1, MAX_LIMIT).optional()
});
export type ChangesQuery = z.output<typeof changesQuery>;

export const changesBody = z.strictObject({
	doc_ids: keysSchema.optional(),
	selector: z.record(z.string(), z.unknown()).optional()
});

const allDocsShape = {
	conflicts: bool.optional(),
	descending: bool.optional(),
	endkey: json(keySchema).optional(),
	end_key: json(keySchema).optional(),
	endkey_docid: keySchema.optional(),
	end_key_doc_id: keySchema.optional(),
	group: bool.optional(),
	group_level: int(0, 1000).optional(),
	include_docs: bool.optional(),
	attachments: bool.optional(),
	att_encoding_info: bool.optional(),
	inclusive_end: bool.optional(),
	key: json(keySchema).optional(),
	keys: json(keysSchema).optional(),
	limit: capped(MAX_LIMIT).optional(),
	reduce: bool.optional(),
	skip: int(0, 1_000_000).optional(),
	sorted: bool.optional(),
	stable: bool.optional(),
	stale: z.enum(['ok', 'update_after']).optional(),
	startkey: json(keySchema).optional(),
	start_key: json(keySchema).optional(),
	startkey_docid: keySchema.optional(),
	start_key_doc_id: keySchema.optional(),
	update: z.enum(['true', 'false', 'lazy']).optional(),
	update_seq: bool.optional(),
	/** PouchDB's and RxDB's request for tombstones in a keys query. */
	deleted: z.literal('ok').optional()
};
export const allDocsQuery = z.strictObject(allDocsShape);
export type AllDocsQuery = z.output<typeof allDocsQuery>;

/** The body of `POST _all_docs`: the same options as JSON values. */
export const allDocsBody = z.strictObject({
	keys: keysSchema.optional(),
	conflicts: z.boolean().optional(),
	descending: z.boolean().optional(),
	endkey: keySchema.optional(),
	end_key: keySchema.optional(),
	include_docs: z.boolean().optional(),
	attachments: z.boolean().optional(),
	inclusive_end: z.boolean().optional(),
	key: keySchema.optional(),
	limit: z
		.number()
		.int()
		.min(0)
		.transform((n) => Math.min(n, MAX_LIMIT))
		.optional(),
	skip: z.number().int().min(0).max(1_000_000).optional(),
	startkey: keySchema.optional(),
	start_key: keySchema.optional(),
	update_seq: z.boolean().optional(),
	deleted: z.literal('ok').optional()
});

export const bulkGetQuery = z.strictObject({
	revs: bool.optional(),
	attachments: bool.optional(),
	latest: bool.optional()
});

export const bulkGetBody = z.strictObject({
	docs: z
		.array(
			z.strictObject({
				id: keySchema,
				rev: revSchema.optional(),
				atts_since: z.array(revSchema).max(100).optional()
			})
		)
		.max(MAX_KEYS)
});

export const revsDiffBody = z
	.record(keySchema, z.array(z.string().max(100)).max(1000))
	.refine((b) => Object.keys(b).length <= MAX_KEYS, `at most ${MAX_KEYS} ids`);

export const bulkDocsBody = z.strictObject({
	docs: z.array(z.unknown()).max(MAX_DOCS),
	new_edits: z.boolean().optional(),
	all_or_nothing: z.literal(false, 'all_or_nothing is not supported').optional()
});

export const docGetQuery = z.strictObject({
	attachments: bool.optional(),
	att_encoding_info: bool.optional(),
	atts_since: json(z.array(revSchema).max(100)).optional(),
	conflicts: bool.optional(),
	deleted_conflicts: bool.optional(),
	latest: bool.optional(),
	local_seq: bool.optional(),
	meta: bool.optional(),
	open_revs: z.union([z.literal('all'), json(z.array(revSchema).min(1).max(100))]).optional(),
	rev: revSchema.optional(),
	revs: bool.optional(),
	revs_info: bool.optional()
});
export type DocGetQuery = z.output<typeof docGetQuery>;

export const docPutQuery = z.strictObject({
	rev: revSchema.optional(),
	batch: batch.optional(),
	new_edits: bool.optional()
});

export const docDeleteQuery = z.strictObject({
	rev: revSchema.optional(),
	batch: batch.optional()
});

export const dbPostQuery = z.strictObject({ batch: batch.optional() });

export const localGetQuery = z.strictObject({ rev: localRevSchema.optional() });
export const localPutQuery = z.strictObject({
	rev: localRevSchema.optional(),
	batch: batch.optional()
});
export const localDeleteQuery = z.strictObject({
	rev: localRevSchema.optional(),
	batch: batch.optional()
});

export const attachmentQuery = z.strictObject({ rev: revSchema.optional() });

/** A JSON object body (a document, a checkpoint); its content is checked by the service. */
export const objectBody = z.record(z.string(), z.unknown());

/** `_ensure_full_commit` takes no body, or any JSON CouchDB would ignore. */
export const anyBody = z.unknown();
