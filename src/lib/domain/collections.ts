import type { z } from 'zod';
import { dossierCollection } from './dossier/dossier';
import { heartbeatCollection } from './heartbeat';
import { householdCollection } from './household';
import type { Actor, ScopedDoc, WriteDecision } from './policy';
import { residentCollection } from './resident';
import type { Validated } from './validation';

export type Role = 'volunteer' | 'official' | 'admin';

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

export const collections = {
	dossiers: dossierCollection,
	heartbeats: heartbeatCollection,
	households: householdCollection,
	residents: residentCollection
} as const satisfies Record<string, CollectionSpec>;

export type CollectionName = keyof typeof collections;

const DEFAULT_MAX_BYTES = 256 * 1024;

export function recordMaxBytes(spec: CollectionSpec): number {
	return spec.maxBytes ?? DEFAULT_MAX_BYTES;
}

export function collectionSpec(name: string): CollectionSpec | undefined {
	return Object.hasOwn(collections, name) ? collections[name as CollectionName] : undefined;
}

/** Remote database of one collection of one commune, e.g. `c25657_households`. */
export function remoteDbName(commune: string, collection: CollectionName): string {
	return `c${commune}_${collection}`;
}

export function parseRemoteDbName(
	db: string
): { commune: string; collection: CollectionName } | undefined {
	const m = /^c(\d{5})_([a-z][a-zA-Z]*)$/.exec(db);
	if (!m || !collectionSpec(m[2])) return undefined;
	return { commune: m[1], collection: m[2] as CollectionName };
}
