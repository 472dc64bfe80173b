import { addressPointCollection } from './address/point';
import { dossierCollection } from './dossier/dossier';
import { heartbeatCollection } from './heartbeat';
import { householdCollection } from './household';
import { residentCollection } from './resident';
import type { CollectionSpec } from './spec';

export type { Access, AttachmentRules, CollectionSpec, Role } from './spec';

export const collections = {
	addresses: addressPointCollection,
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
