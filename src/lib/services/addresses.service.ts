import {
	PLUS_CODE_LENGTH,
	PointGrid,
	encodePlusCode,
	pointFindings,
	readPointsFile,
	reviewStatusOf,
	type AddressPoint,
	type CaptureConfig,
	type CaptureMethod,
	type Confirmable,
	type GpsReading,
	type ImportReport,
	type LngLat,
	type ObjectType
} from '$domain/address';
import { NOTICE_VERSION, type Consent } from '$domain/consent';
import type { Review } from '$domain/envelope';
import type { Finding } from '$domain/finding';
import {
	findRecords,
	getRecord,
	saveRecords,
	saveTyped,
	updateTyped,
	type AppDatabase
} from '$lib/db';
import { localIso, newEnvelope, newId, touched, type ServiceContext } from './context';
import { saving, type SaveResult } from './result';

/** The capture form as the volunteer filled it in; empty strings for "not given". */
export interface PointInput {
	hamlet: string;
	/** The final position: the GPS reading, or where the point was placed or dragged on the map. */
	position: LngLat;
	/** The averaged GPS reading, kept beside a point moved on the map; null when none was taken. */
	gps: GpsReading | null;
	/** Whether `position` was set on the map rather than taken from `gps`. */
	placedOnMap: boolean;
	objectType: ObjectType;
	name: string;
	houseNumber: string;
	street: string;
	householdId: string | null;
	/** The household agreed to link its house to the point (a ticked consent is recorded). */
	householdConsent: boolean;
	confirmed: readonly Confirmable[];
	/** The photo of the front kept on the device (its SHA-256); absent leaves a stored one as it is. */
	photoHash?: string | null;
}

/** What the pre-save checks read: all offline, on the device. */
export interface PointChecks {
	grid?: PointGrid;
	insideCommune?: (p: LngLat) => boolean;
	config?: CaptureConfig;
}

const blankToNull = (s: string) => (s.trim() === '' ? null : s.trim());

function methodOf(input: Pick<PointInput, 'gps' | 'placedOnMap'>): CaptureMethod {
	if (!input.gps) return 'map_placed';
	if (input.placedOnMap) return 'gps_moved';
	return input.gps.samples === 1 ? 'gps_single' : 'gps_averaged';
}

/** The warnings and confirmations the point gets before saving, all computed on the device. */
export function checkPoint(
	input: PointInput,
	checks: PointChecks,
	id = ''
): { findings: Finding[]; blocking: Finding[] } {
	const findings = pointFindings(
		{
			id,
			position: input.position,
			hamlet: input.hamlet,
			houseNumber: blankToNull(input.houseNumber),
			gps: input.gps,
			method: methodOf(input),
			confirmed: [...input.confirmed]
		},
		checks
	);
	return { findings, blocking: findings.filter((f) => f.severity !== 'warning') };
}

/** Near-duplicate index of the points on the device, centred on the first of them. */
export function pointGrid(points: readonly AddressPoint[], origin?: LngLat): PointGrid {
	const grid = new PointGrid(origin ?? points[0]?.position ?? { lng: 106.2, lat: 11.2 });
	for (const p of points) grid.put(p);
	return grid;
}

function consentFor(ctx: ServiceContext, input: PointInput, kept: Consent | null): Consent | null {
	if (!input.householdId || !input.householdConsent) return null;
	if (kept && !kept.withdrawnAt) return kept;
	return {
		purpose: 'address',
		noticeVersion: NOTICE_VERSION,
		givenAt: localIso(ctx.now()),
		takenBy: ctx.user.username,
		method: 'ticked'
	};
}

/** Saving sends the point to the commune: a first save submits it, a later one resubmits it. */
function submitted(ctx: ServiceContext, review: Review | undefined): Review {
	const before = review ?? { status: 'draft', notes: [], history: [] };
	if (before.status === 'submitted') return before;
	const seen = before.history.some((h) => h.action === 'submit' || h.action === 'resubmit');
	const entry = {
		action: seen ? ('resubmit' as const) : ('submit' as const),
		by: ctx.user.username,
		at: localIso(ctx.now())
	};
	return { status: 'submitted', notes: [], history: [...before.history, entry] };
}

function pointFields(ctx: ServiceContext, input: PointInput, kept: Consent | null) {
	const linked = input.householdId && input.householdConsent ? input.householdId : null;
	return {
		position: input.position,
		method: methodOf(input),
		gps: input.gps,
		objectType: input.objectType,
		name: blankToNull(input.name),
		houseNumber: blankToNull(input.houseNumber),
		street: blankToNull(input.street),
		householdId: linked,
		plusCode: encodePlusCode(input.position.lat, input.position.lng, PLUS_CODE_LENGTH),
		confirmed: [...new Set(input.confirmed)],
		consent: linked ? consentFor(ctx, input, kept) : null,
		...(input.photoHash !== undefined ? { photoHash: input.photoHash } : {})
	};
}

/**
 * Saves a new point on the device and sends it for validation. A warning
 * never stops it; a confirmation not yet given does (outside the commune,
 * a very close point or one with the same house number).
 */
export async function createPoint(
	ctx: ServiceContext,
	input: PointInput,
	checks: PointChecks = {}
): Promise<SaveResult<AddressPoint>> {
	const { blocking } = checkPoint(input, checks);
	if (blocking.length) return { ok: false, issues: blocking };
	const envelope = newEnvelope(ctx, 'ap', input.hamlet);
	const record: AddressPoint = {
		...envelope,
		schemaVersion: 0,
		photoHash: null,
		...pointFields(ctx, input, null),
		officialCode: null,
		capturedAt: envelope.createdAt,
		capturedBy: ctx.user.username,
		importedFrom: null,
		consentResidentId: null,
		review: submitted(ctx, undefined)
	};
	return saving(async () => await saveTyped(ctx.db, 'addresses', record));
}

/** Corrects a point (position, details, household link) and sends it again for validation. */
export async function updatePoint(
	ctx: ServiceContext,
	id: string,
	input: PointInput,
	checks: PointChecks = {}
): Promise<SaveResult<AddressPoint>> {
	const { blocking } = checkPoint(input, checks, id);
	if (blocking.length) return { ok: false, issues: blocking };
	return saving(
		async () =>
			await updateTyped(ctx.db, 'addresses', id, (p) => {
				return {
					...p,
					// A consent belongs to its household: another household gives its own.
					...pointFields(ctx, input, input.householdId === p.householdId ? p.consent : null),
					consentResidentId: input.householdId === p.householdId ? p.consentResidentId : null,
					review: submitted(ctx, p.review),
					...touched(ctx)
				};
			})
	);
}

async function review(
	ctx: ServiceContext,
	id: string,
	action: 'approve' | 'return',
	note?: string
): Promise<SaveResult<AddressPoint>> {
	if (ctx.user.role !== 'official') throw new Error('only an official validates points');
	const at = localIso(ctx.now());
	const by = ctx.user.username;
	return saving(
		async () =>
			await updateTyped(ctx.db, 'addresses', id, (p) => {
				const before = p.review ?? { status: 'draft' as const, notes: [], history: [] };
				if (before.status === 'approved') return p;
				const next: Review =
					action === 'approve'
						? { status: 'approved', notes: [], history: [...before.history, { action, by, at }] }
						: {
								status: 'returned',
								notes: [...before.notes, { field: 'position', text: note!, by, at }],
								history: [...before.history, { action, by, at, note }]
							};
				return { ...p, review: next, ...touched(ctx) };
			})
	);
}

/** The official validates the point as it stands. */
export function approvePoint(ctx: ServiceContext, id: string): Promise<SaveResult<AddressPoint>> {
	return review(ctx, id, 'approve');
}

/** The official sends the point back to its volunteer with a note saying what to fix. */
export async function returnPoint(
	ctx: ServiceContext,
	id: string,
	note: string
): Promise<SaveResult<AddressPoint>> {
	const text = note.trim();
	if (text === '') throw new Error('a returned point needs a note');
	return review(ctx, id, 'return', text.slice(0, 1000));
}

export async function getPoint(db: AppDatabase, id: string): Promise<AddressPoint | null> {
	return getRecord(db, 'addresses', id);
}

export async function listPoints(db: AppDatabase): Promise<AddressPoint[]> {
	return findRecords(db, 'addresses');
}

export interface ImportChoice {
	hamlets: readonly { id: string; name: string }[];
	/** The hamlet of features whose file gives none; '' when the official chose none. */
	defaultHamlet: string;
	/** The earlier survey the file comes from, kept on each point. */
	source: string;
	insideCommune?: (p: LngLat) => boolean;
	/** The commune's points on the device: a feature on top of one of them is refused. */
	existing: readonly AddressPoint[];
}

/** Checks a picked GeoJSON file on the device, feature by feature; nothing is written yet. */
export function checkImport(
	ctx: ServiceContext,
	text: string,
	bytes: number,
	choice: ImportChoice
): ImportReport {
	const at = ctx.now();
	return readPointsFile(text, bytes, {
		commune: ctx.user.commune ?? '',
		hamlets: choice.hamlets,
		insideCommune: choice.insideCommune,
		by: ctx.user.username,
		at: localIso(at),
		source: choice.source.trim().slice(0, 120) || 'GeoJSON',
		newId: () => newId('ap', at),
		defaultHamlet: choice.defaultHamlet || undefined,
		existing: choice.existing
	});
}

/** Saves the accepted points of an import in one write; they sync and wait for validation. */
export async function importPoints(
	ctx: ServiceContext,
	points: readonly AddressPoint[]
): Promise<SaveResult<number>> {
	if (ctx.user.role !== 'official') throw new Error('only an official imports points');
	return saving(async () => {
		await saveRecords(ctx.db, 'addresses', [...points]);
		return points.length;
	});
}

/** The input of the edit form for a stored point. */
export function inputOf(p: AddressPoint): PointInput {
	return {
		hamlet: p.hamlet,
		position: p.position,
		gps: p.gps,
		placedOnMap: p.method === 'map_placed' || p.method === 'gps_moved',
		objectType: p.objectType,
		name: p.name ?? '',
		houseNumber: p.houseNumber ?? '',
		street: p.street ?? '',
		householdId: p.householdId,
		householdConsent: p.householdId !== null,
		confirmed: p.confirmed,
		photoHash: p.photoHash
	};
}

/** A photo of the front, kept on the device like a dossier's papers; its hash goes on the point. */
export { takeAnswerPhoto as takeFrontPhoto } from './dossiers.service';

export { reviewStatusOf };
