import { objectTypeLabels, reviewStatusOf, type AddressPoint } from '$domain/address';
import type { ReviewStatus } from '$domain/envelope';
import { bi } from '../residents/text';

/** One line that finds the place again: `Nhà ở · Số 12, Hẻm 3` or the name of a shop. */
export function pointTitle(
	p: Pick<AddressPoint, 'objectType' | 'name' | 'houseNumber' | 'street'>
) {
	const where = [p.houseNumber ? `Số ${p.houseNumber}` : null, p.street].filter(Boolean).join(', ');
	return [p.name ?? bi(objectTypeLabels[p.objectType]), where].filter(Boolean).join(' · ');
}

/** Index into the map's STATUS_COLORS: grey draft, blue waiting, amber returned, green validated. */
export const STATUS_GROUP: Readonly<Record<ReviewStatus, number>> = {
	draft: 0,
	submitted: 1,
	returned: 2,
	approved: 3
};

export function mapPoints(points: readonly AddressPoint[]) {
	return points.map((p) => ({
		id: p.id,
		lng: p.position.lng,
		lat: p.position.lat,
		group: STATUS_GROUP[reviewStatusOf(p)]
	}));
}

/** Metres as people read them: one decimal under 10 m. */
export function metres(m: number): string {
	return m < 10 ? m.toFixed(1) : String(Math.round(m));
}
