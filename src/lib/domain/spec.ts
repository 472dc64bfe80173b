import { z } from 'zod';
import type { FieldIssue, Validated } from './validation';

/** The shape of a collection's entry in the registry (`collections.ts`), apart from the registry itself so entity files can name it. */

export const roleSchema = z.enum(['volunteer', 'official', 'admin']);
export type Role = z.infer<typeof roleSchema>;

/**
 * Who may read a record: `hamlet` records go to the volunteers of that hamlet
 * and the commune's officials; `own` records to their writer and the officials.
 */
export type Access = 'hamlet' | 'own';

export interface CollectionSpec<S extends z.ZodObject = z.ZodObject> {
	/** RxDB collection name and suffix of the remote database (`c{commune}_{name}`). */
	name: string;
	/** Current `schemaVersion`; RxDB's schema version is the same number. */
	version: number;
	/** Schema of the current version; its `schemaVersion` is `z.literal(version)`. */
	schema: S;
	/** Schemas of older versions still accepted from the wire, by version. */
	olderSchemas: Readonly<Record<number, z.ZodObject>>;
	/** `migrations[v]` turns a version v-1 document into version v. */
	migrations: Readonly<Record<number, (doc: Record<string, unknown>) => Record<string, unknown>>>;
	/** Top-level fields encrypted at rest on the device. */
	encrypted: readonly string[];
	/** Fields RxDB indexes; string fields listed here need a maxLength in the schema. */
	indexes: readonly (string | readonly string[])[];
	access: Access;
	/** Roles allowed to create or change records of this collection. */
	writers: readonly Role[];
	/** Devices only upload these records; nobody's phone pulls them back. */
	pushOnly?: true;
	/** Largest stored document in bytes of its JSON, conflicts and review included; default 256 KiB. */
	maxBytes?: number;
	/** Top-level fields that must name the signed-in user on every write, beyond `updatedBy`. */
	userFields?: readonly string[];
	/** CouchDB attachments the collection accepts (`attachments.ts`); none when absent. */
	attachments?: AttachmentRules;
	/** Validation with the texts of the collection's own rule keys; `validateWith` when absent. */
	validate?: <T>(schema: z.ZodType<T>, doc: unknown) => Validated<T>;
	/** The collection's own workflow check on a write (after scope and authorship); the review workflow when absent. */
	workflow?: (actor: Actor, live: ScopedDoc | null, next: ScopedDoc) => WriteDecision;
}

export interface AttachmentRules {
	/** MIME types accepted, lower case, e.g. `image/jpeg`. */
	contentTypes: readonly string[];
	/** Largest single attachment, in bytes. */
	maxBytes: number;
}

/** Who is acting: the part of a user that authorization needs. */
export interface Actor {
	username: string;
	role: Role;
	commune: string | null;
	hamlets: readonly string[];
}

/**
 * A stored or incoming revision as policy sees it: the envelope fields it
 * reads, and the rest of the record for telling whether its content changed.
 */
export type ScopedDoc = {
	commune?: unknown;
	hamlet?: unknown;
	createdBy?: unknown;
	updatedBy?: unknown;
	review?: { status?: unknown; notes?: unknown; history?: unknown } | null;
	_deleted?: unknown;
	[field: string]: unknown;
};

export type WriteDecision = { ok: true } | { ok: false; issue: FieldIssue };
