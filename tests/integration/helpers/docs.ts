import { createRng, makeHousehold, makeResident } from '../../factories/index.ts';
import { makeAddressPoint } from '../../factories/address.ts';
import { makeDossier } from '../../unit/domain/dossier/fixtures.ts';

/** A document as it travels over the CouchDB API: the record's `id` becomes `_id`. */
export type WireDoc = { _id: string; _rev?: string; _deleted?: boolean } & Record<string, unknown>;

export interface Author {
	username: string;
	commune: string;
	hamlet: string;
}

/** Demo volunteers and official (see sync-server/src/seed/demo.ts). */
export const LAN: Author = { username: 'nguyenthilan', commune: '25657', hamlet: 'ap-ben-cho' };
export const HUNG: Author = { username: 'levanhung', commune: '25657', hamlet: 'ap-thanh-hoa' };
export const TUAN: Author = { username: 'phamminhtuan', commune: '25666', hamlet: 'ap-thuan-an' };
export const HAI: Author = { username: 'cb.tranvanhai', commune: '25657', hamlet: 'ap-ben-cho' };

function toWire(record: Record<string, unknown>): WireDoc {
	const { id, ...rest } = record;
	return { _id: String(id), ...rest };
}

const isoMinutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

/** A device heartbeat ('own' access: readable by its writer and the commune's officials). */
export function heartbeat(author: Author, n = 0, overrides: Record<string, unknown> = {}): WireDoc {
	const at = isoMinutesAgo(n % 600);
	return toWire({
		id: `hb-${author.username}-${n}`,
		schemaVersion: 0,
		commune: author.commune,
		hamlet: author.hamlet,
		createdAt: at,
		updatedAt: at,
		createdBy: author.username,
		updatedBy: author.username,
		deviceId: `device-${author.username}-${n}`,
		username: author.username,
		appVersion: '0.1.0',
		lastPullAt: at,
		lastPushAt: null,
		pending: { households: n % 7, residents: n % 11 },
		quarantined: 0,
		conflicts: 0,
		storageUsedBytes: 1_500_000 + n * 1024,
		storageQuotaBytes: 2_000_000_000,
		...overrides
	});
}

/** A household of the author's hamlet, from the shared realistic factories. */
export function household(
	author: Author,
	seed: number,
	overrides: Record<string, unknown> = {}
): WireDoc {
	const record = makeHousehold({
		seed,
		volunteer: author.username,
		hamlet: author.hamlet,
		commune: author.commune
	} as Parameters<typeof makeHousehold>[0]);
	return toWire({ ...record, id: `hh-${author.hamlet}-${seed}`, ...overrides });
}

/** A resident of the author's hamlet (current schema version), from the shared factories. */
export function resident(
	author: Author,
	seed: number,
	overrides: Record<string, unknown> = {}
): WireDoc {
	const record = makeResident({
		rng: createRng(seed),
		volunteer: author.username,
		hamlet: author.hamlet,
		commune: author.commune,
		householdId: `hh-${author.hamlet}-${seed}`
	} as Parameters<typeof makeResident>[0]);
	return toWire({ ...record, id: `r-${author.hamlet}-${seed}`, ...overrides });
}

/** A digital-address point of the author's hamlet, from the shared factories. */
export function addressPoint(
	author: Author,
	seed: number,
	overrides: Record<string, unknown> = {}
): WireDoc {
	const record = makeAddressPoint({
		seed,
		volunteer: author.username,
		hamlet: author.hamlet,
		commune: author.commune
	});
	return toWire({ ...record, id: `ap-${author.hamlet}-${seed}`, ...overrides });
}

/** A draft birth-bundle dossier of the author's hamlet with the declarant's consent (unit fixtures). */
export function dossier(
	author: Author,
	seed: number,
	overrides: Record<string, unknown> = {}
): WireDoc {
	const at = isoMinutesAgo(seed % 600);
	const base = makeDossier();
	return toWire({
		...base,
		id: `ds-${author.hamlet}-${seed}`,
		commune: author.commune,
		hamlet: author.hamlet,
		createdAt: at,
		updatedAt: at,
		createdBy: author.username,
		updatedBy: author.username,
		residentIds: [`r-${author.hamlet}-${seed}`],
		householdId: `hh-${author.hamlet}-${seed}`,
		consent: { ...base.consent, givenAt: at, takenBy: author.username },
		...overrides
	});
}
