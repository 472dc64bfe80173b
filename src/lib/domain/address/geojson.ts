import { z } from 'zod';
import { isoDateTimeSchema, type ReviewStatus } from '../envelope';
import { ruleTexts, type Bilingual, type RuleKey } from '../rules';
import { describeIssue } from '../validation';
import { defaultCaptureConfig, round7, type CaptureConfig } from './capture';
import { nearDuplicates } from './checks';
import { PointGrid, type GridEntry } from './grid';
import {
	addressPointSchema,
	captureMethodSchema,
	objectTypeSchema,
	type AddressPoint,
	type LngLat
} from './point';
import { encodePlusCode, PLUS_CODE_LENGTH } from './plus-code';

export interface PointFeature {
	type: 'Feature';
	id: string;
	geometry: { type: 'Point'; coordinates: [number, number] };
	properties: Record<string, string | number | null>;
}

export interface PointFeatureCollection {
	type: 'FeatureCollection';
	features: PointFeature[];
}

export function reviewStatusOf(p: Pick<AddressPoint, 'review'>): ReviewStatus {
	return p.review?.status ?? 'draft';
}

/**
 * The columns of the GeoJSON and CSV exports. Household links and consents
 * stay out: the export goes to the digital-address platform, not the registry.
 */
export function exportProperties(p: AddressPoint, hamletName: (id: string) => string = (id) => id) {
	return {
		object_type: p.objectType,
		name: p.name,
		house_number: p.houseNumber,
		street: p.street,
		hamlet: p.hamlet,
		hamlet_name: hamletName(p.hamlet),
		commune: p.commune,
		plus_code: p.plusCode,
		accuracy_m: p.gps?.accuracyM ?? null,
		samples: p.gps?.samples ?? 0,
		method: p.method,
		status: reviewStatusOf(p),
		official_code: p.officialCode?.code ?? null,
		official_source: p.officialCode?.source ?? null,
		captured_at: p.capturedAt,
		captured_by: p.capturedBy
	};
}

/** RFC 7946: WGS84 only (no `crs`), positions `[longitude, latitude]`. */
export function pointsToGeoJson(
	points: readonly AddressPoint[],
	hamletName?: (id: string) => string
): PointFeatureCollection {
	return {
		type: 'FeatureCollection',
		features: points.map((p) => ({
			type: 'Feature',
			id: p.id,
			geometry: { type: 'Point', coordinates: [round7(p.position.lng), round7(p.position.lat)] },
			properties: exportProperties(p, hamletName)
		}))
	};
}

export interface ImportContext {
	commune: string;
	/** Hamlets of the commune: a feature's `hamlet` may give the id or the name. */
	hamlets: readonly { id: string; name: string }[];
	insideCommune?: (p: LngLat) => boolean;
	/** Who imports, when, and from which survey. */
	by: string;
	at: string;
	source: string;
	newId: () => string;
	maxFeatures?: number;
	/** The hamlet of features that give none (chosen in the import dialog). */
	defaultHamlet?: string;
	/** The commune's points already on the device, for the near-duplicate check. */
	existing?: readonly GridEntry[];
	config?: CaptureConfig;
}

export interface ImportRefusal {
	/** Position of the feature in the file, from 0. */
	index: number;
	id: string | null;
	reasons: { rule: string; path: string; message: Bilingual }[];
}

export interface ImportReport {
	accepted: AddressPoint[];
	refused: ImportRefusal[];
	/** Set when the file as a whole was refused. */
	fileError?: { rule: RuleKey; message: Bilingual };
}

export const MAX_IMPORT_FEATURES = 50_000;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const featureSchema = z.object({
	type: z.literal('Feature'),
	id: z.union([z.string().max(128), z.number()]).optional(),
	geometry: z.object({ type: z.string(), coordinates: z.unknown() }).nullable(),
	properties: z.record(z.string(), z.unknown()).nullable().optional()
});

function reason(rule: RuleKey, path = 'geometry') {
	return { rule, path, message: ruleTexts[rule] };
}

function text(v: unknown): string | null {
	if (typeof v === 'number') return String(v);
	return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

function folded(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/gi, 'd')
		.toLowerCase()
		.trim();
}

/** Vietnam lies within these longitudes and latitudes, so a swapped pair is easy to tell. */
function looksSwapped([a, b]: [number, number], inside?: (p: LngLat) => boolean): boolean {
	if (inside) return !inside({ lng: a, lat: b }) && inside({ lng: b, lat: a });
	return a >= 8 && a <= 24 && b >= 102 && b <= 110;
}

/**
 * Checks a GeoJSON file of points (e.g. from an earlier survey) and turns
 * each good feature into a point record; every other feature is listed with
 * the reasons it was refused. Nothing is written here.
 */
export function importPointsGeoJson(input: unknown, ctx: ImportContext): ImportReport {
	const root = z
		.object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()) })
		.safeParse(input);
	if (!root.success) return fileError('import.notCollection');
	if (root.data.features.length > (ctx.maxFeatures ?? MAX_IMPORT_FEATURES)) {
		return fileError('import.tooMany');
	}
	const hamletById = new Map(ctx.hamlets.map((h) => [h.id, h.id]));
	const hamletByName = new Map(ctx.hamlets.map((h) => [folded(h.name), h.id]));
	const seenIds = new Set<string>();
	const existing = ctx.existing ?? [];
	// Features of the file are checked against each other too: the grid takes each accepted one.
	const grid = new PointGrid(existing[0]?.position ?? { lng: 106, lat: 16 });
	for (const e of existing) grid.put(e);
	const config = ctx.config ?? defaultCaptureConfig;
	const accepted: AddressPoint[] = [];
	const refused: ImportRefusal[] = [];
	root.data.features.forEach((raw, index) => {
		const f = featureSchema.safeParse(raw);
		const sourceId = f.success && f.data.id !== undefined ? String(f.data.id) : null;
		const reasons: ImportRefusal['reasons'] = [];
		const refuse = () => refused.push({ index, id: sourceId, reasons });
		if (!f.success) {
			reasons.push(reason('import.notFeature', ''));
			return refuse();
		}
		const props = f.data.properties ?? {};
		const g = f.data.geometry;
		const c = g?.coordinates;
		if (!g || g.type !== 'Point') reasons.push(reason('import.notPoint'));
		else if (
			!Array.isArray(c) ||
			c.length < 2 ||
			c.length > 3 ||
			!c.every((n) => typeof n === 'number' && Number.isFinite(n))
		) {
			reasons.push(reason('import.coordinates'));
		} else if (looksSwapped([c[0], c[1]], ctx.insideCommune)) {
			reasons.push(reason('import.swapped'));
		} else if (Math.abs(c[0]) > 180 || Math.abs(c[1]) > 90) {
			reasons.push(reason('import.coordinates'));
		} else if (ctx.insideCommune && !ctx.insideCommune({ lng: c[0], lat: c[1] })) {
			reasons.push(reason('import.outsideCommune'));
		}
		if (sourceId !== null) {
			if (seenIds.has(sourceId)) reasons.push(reason('import.duplicateId', 'id'));
			seenIds.add(sourceId);
		}
		const hamletText = text(props.hamlet) ?? text(props.hamlet_name);
		const hamlet = hamletText
			? (hamletById.get(hamletText) ?? hamletByName.get(folded(hamletText)))
			: ctx.defaultHamlet && hamletById.get(ctx.defaultHamlet);
		if (!hamlet) reasons.push(reason('import.hamlet', 'properties.hamlet'));
		const typeText = text(props.object_type);
		const objectType = typeText === null ? 'other' : objectTypeSchema.safeParse(typeText).data;
		if (!objectType) reasons.push(reason('import.objectType', 'properties.object_type'));
		if (reasons.length > 0 || !hamlet || !objectType || !Array.isArray(c)) return refuse();
		const position = { lng: round7(c[0] as number), lat: round7(c[1] as number) };
		const accuracy = typeof props.accuracy_m === 'number' ? props.accuracy_m : null;
		const samples =
			typeof props.samples === 'number' && Number.isInteger(props.samples) && props.samples > 0
				? props.samples
				: 1;
		const declared = captureMethodSchema.safeParse(props.method).data;
		const method =
			accuracy === null
				? 'map_placed'
				: (declared ?? (samples > 1 ? 'gps_averaged' : 'gps_single'));
		const official = text(props.official_code);
		const doc = {
			id: ctx.newId(),
			schemaVersion: 0,
			commune: ctx.commune,
			hamlet,
			createdAt: ctx.at,
			updatedAt: ctx.at,
			createdBy: ctx.by,
			updatedBy: ctx.by,
			review: {
				status: 'submitted',
				notes: [],
				history: [
					{ action: 'submit', by: ctx.by, at: ctx.at, note: `import: ${ctx.source}`.slice(0, 1000) }
				]
			},
			position,
			method,
			gps:
				method === 'map_placed' || accuracy === null
					? null
					: {
							position,
							accuracyM: accuracy,
							samples: method === 'gps_single' ? 1 : Math.max(samples, 2)
						},
			objectType,
			name: text(props.name),
			houseNumber: text(props.house_number),
			street: text(props.street),
			householdId: null,
			photoHash: null,
			officialCode: official
				? { code: official, source: text(props.official_source) ?? ctx.source }
				: null,
			plusCode: encodePlusCode(position.lat, position.lng, PLUS_CODE_LENGTH),
			capturedAt:
				typeof props.captured_at === 'string' &&
				isoDateTimeSchema.safeParse(props.captured_at).success
					? props.captured_at
					: ctx.at,
			capturedBy: ctx.by,
			importedFrom: ctx.source,
			confirmed: [],
			consent: null,
			consentResidentId: null
		};
		const v = addressPointSchema.safeParse(doc);
		if (!v.success) {
			for (const i of v.error.issues) {
				const d = describeIssue(i);
				reasons.push({ rule: d.rule, path: `properties.${d.path}`, message: d.message });
			}
			return refuse();
		}
		if (nearDuplicates(v.data, grid, config).some((n) => n.needsConfirm)) {
			reasons.push(reason('import.nearDuplicate'));
			return refuse();
		}
		grid.put(v.data);
		accepted.push(v.data);
	});
	return { accepted, refused };
}

function fileError(rule: RuleKey): ImportReport {
	return { accepted: [], refused: [], fileError: { rule, message: ruleTexts[rule] } };
}

/**
 * Reads a picked `.geojson` or `.json` file: too big or not JSON refuses the
 * whole file, otherwise its features are checked as `importPointsGeoJson` does.
 */
export function readPointsFile(text: string, bytes: number, ctx: ImportContext): ImportReport {
	if (bytes > MAX_IMPORT_BYTES) return fileError('import.tooLarge');
	let json: unknown;
	try {
		json = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch {
		return fileError('import.notJson');
	}
	return importPointsGeoJson(json, ctx);
}
