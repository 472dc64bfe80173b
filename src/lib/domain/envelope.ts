import { z } from 'zod';

export const communeCodeSchema = z.string().regex(/^\d{5}$/, 'commune.format');
export const provinceCodeSchema = z.string().regex(/^\d{2}$/, 'province.format');
/** Hamlets have no national code list: ids are minted locally, scoped to a commune. */
export const hamletIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'hamlet.format');
export const usernameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, 'username.format');
export const docIdSchema = z
	.string()
	.min(1, 'id.format')
	.max(128, 'id.format')
	.regex(/^[A-Za-z0-9][A-Za-z0-9:._-]*$/, 'id.format');
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/** A losing value is one field of a record, never a record smuggled into another. */
export const MAX_CONFLICT_VALUE_BYTES = 128 * 1024;

const utf8 = new TextEncoder();

/** Size of a JSON value as UTF-8 bytes; `undefined` counts as nothing. */
export function jsonBytes(value: unknown): number {
	const text = JSON.stringify(value);
	return text === undefined ? 0 : utf8.encode(text).length;
}
export const isoDateSchema = z.iso.date();

/**
 * Fields every synced record carries. `commune` and `hamlet` decide who may
 * read and write it; the server checks them against the writer's scope.
 */
export const envelopeShape = {
	id: docIdSchema,
	schemaVersion: z.number().int().min(0),
	commune: communeCodeSchema,
	hamlet: hamletIdSchema,
	createdAt: isoDateTimeSchema,
	updatedAt: isoDateTimeSchema,
	createdBy: usernameSchema,
	updatedBy: usernameSchema
} as const;

export const envelopeSchema = z.object(envelopeShape);

/**
 * A deletion as it crosses the wire: the id, who deleted it and when, and nothing of the
 * record it deletes (CouchDB adds `_rev` and `_deleted`). The server keeps the scope.
 */
export const tombstoneSchema = z.strictObject({
	id: docIdSchema,
	updatedBy: usernameSchema,
	updatedAt: isoDateTimeSchema
});
export type Tombstone = z.infer<typeof tombstoneSchema> & { _deleted: true };

export function tombstoneOf(id: string, by: string, at: string): Tombstone {
	return { id, _deleted: true, updatedBy: by, updatedAt: at };
}
export type Envelope = z.infer<typeof envelopeSchema>;

export const reviewStatusSchema = z.enum(['draft', 'submitted', 'returned', 'approved']);
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

/** Review state travels with the record, so a return note reaches the volunteer with it. */
export const reviewSchema = z.object({
	status: reviewStatusSchema,
	/** Open notes from the official, each on one field of the record. */
	notes: z
		.array(
			z.object({
				field: z.string().max(100),
				text: z.string().min(1).max(1000),
				by: usernameSchema,
				at: isoDateTimeSchema
			})
		)
		.max(50),
	history: z
		.array(
			z.object({
				action: z.enum(['submit', 'return', 'approve', 'resubmit']),
				by: usernameSchema,
				at: isoDateTimeSchema,
				note: z.string().max(1000).optional()
			})
		)
		.max(200)
});
export type Review = z.infer<typeof reviewSchema>;

/**
 * A value that lost a concurrent edit. The winning value is in the record;
 * the losing one waits here until a person picks one.
 */
export const conflictSchema = z.object({
	field: z.string().max(100),
	value: z.unknown().refine((v) => jsonBytes(v) <= MAX_CONFLICT_VALUE_BYTES, 'conflict.tooLarge'),
	by: usernameSchema,
	at: isoDateTimeSchema
});
export type Conflict = z.infer<typeof conflictSchema>;

export const reviewShape = {
	review: reviewSchema.optional(),
	conflicts: z.array(conflictSchema).max(100).optional()
} as const;
