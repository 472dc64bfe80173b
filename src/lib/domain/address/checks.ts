import { finding, type Finding } from '../finding';
import { defaultCaptureConfig, type CaptureConfig } from './capture';
import type { PointGrid } from './grid';
import type { AddressPoint, LngLat } from './point';

/** House numbers compared as people write them: `Số 12/3a` and `12/3A` are the same house. */
export function normalizeHouseNumber(n: string | null | undefined): string {
	return (n ?? '')
		.normalize('NFC')
		.trim()
		.toLowerCase()
		.replace(/^(số|so|sn|no\.?)\s*/u, '')
		.replace(/\s+/g, '');
}

export interface NearDuplicate {
	id: string;
	distanceM: number;
	sameHouseNumber: boolean;
	/** Within the confirm distance or with the same house number: the volunteer must confirm. */
	needsConfirm: boolean;
}

/** Other points of the same hamlet near `point`, nearest first. */
export function nearDuplicates(
	point: Pick<AddressPoint, 'id' | 'position' | 'hamlet' | 'houseNumber'>,
	grid: PointGrid,
	config: CaptureConfig = defaultCaptureConfig
): NearDuplicate[] {
	const own = normalizeHouseNumber(point.houseNumber);
	return grid
		.near(point.position, config.nearDuplicateM)
		.filter(({ entry }) => entry.id !== point.id && entry.hamlet === point.hamlet)
		.map(({ entry, distanceM }) => {
			const sameHouseNumber = own !== '' && normalizeHouseNumber(entry.houseNumber) === own;
			return {
				id: entry.id,
				distanceM: Math.round(distanceM * 10) / 10,
				sameHouseNumber,
				needsConfirm: sameHouseNumber || distanceM <= config.confirmDuplicateM
			};
		});
}

export interface PointContext {
	config?: CaptureConfig;
	/** Whether a position lies in the commune; absent while the boundary is not on the device. */
	insideCommune?: (p: LngLat) => boolean;
	/** The other points of the commune (this one may be in it too: it is skipped). */
	grid?: PointGrid;
}

/**
 * The warnings a point gets before saving. None blocks the save except a
 * `confirm` the volunteer has not confirmed yet (point outside the commune,
 * a very close point or one with the same house number).
 */
export function pointFindings(
	point: Pick<
		AddressPoint,
		'id' | 'position' | 'hamlet' | 'houseNumber' | 'gps' | 'method' | 'confirmed'
	>,
	ctx: PointContext = {}
): Finding[] {
	const config = ctx.config ?? defaultCaptureConfig;
	const out: Finding[] = [];
	if (point.gps && point.method !== 'gps_moved' && point.gps.accuracyM > config.warnAccuracyM) {
		out.push(finding('position', 'address.accuracyLow', 'warning'));
	}
	if (ctx.insideCommune && !ctx.insideCommune(point.position)) {
		const confirmed = point.confirmed.includes('outsideCommune');
		out.push(finding('position', 'address.outsideCommune', confirmed ? 'warning' : 'confirm'));
	}
	if (ctx.grid) {
		const near = nearDuplicates(point, ctx.grid, config);
		if (near.some((n) => n.needsConfirm) && !point.confirmed.includes('nearDuplicate')) {
			out.push(finding('position', 'address.duplicateConfirm', 'confirm'));
		} else if (near.length > 0) {
			out.push(finding('position', 'address.nearDuplicate', 'warning'));
		}
	}
	return out;
}

export interface HouseholdCandidate {
	id: string;
	hamlet: string;
	houseNumber: string | null;
	street: string | null;
}

/** Households of the point's hamlet with its house number, those on the same street first. */
export function householdsForPoint<H extends HouseholdCandidate>(
	point: Pick<AddressPoint, 'hamlet' | 'houseNumber' | 'street'>,
	households: readonly H[]
): H[] {
	const n = normalizeHouseNumber(point.houseNumber);
	if (n === '') return [];
	const street = (point.street ?? '').trim().toLowerCase();
	return households
		.filter((h) => h.hamlet === point.hamlet && normalizeHouseNumber(h.houseNumber) === n)
		.sort(
			(a, b) =>
				Number((b.street ?? '').trim().toLowerCase() === street) -
				Number((a.street ?? '').trim().toLowerCase() === street)
		);
}
