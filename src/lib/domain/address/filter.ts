import type { ReviewStatus } from '../envelope';
import { reviewStatusOf } from './geojson';
import type { AddressPoint, ObjectType } from './point';

/** What the official narrows the points to; an empty or absent value lets every point through. */
export interface PointFilter {
	hamlet?: string;
	capturedBy?: string;
	status?: ReviewStatus | '';
	objectType?: ObjectType | '';
}

type Filterable = Pick<AddressPoint, 'hamlet' | 'capturedBy' | 'review' | 'objectType'>;

export function filterPoints<P extends Filterable>(points: readonly P[], f: PointFilter): P[] {
	return points.filter(
		(p) =>
			(!f.hamlet || p.hamlet === f.hamlet) &&
			(!f.capturedBy || p.capturedBy === f.capturedBy) &&
			(!f.status || reviewStatusOf(p) === f.status) &&
			(!f.objectType || p.objectType === f.objectType)
	);
}

export function isFiltering(f: PointFilter): boolean {
	return Boolean(f.hamlet || f.capturedBy || f.status || f.objectType);
}

/** The volunteers who captured the points, for the filter's choices, in alphabetical order. */
export function pointVolunteers(points: readonly Pick<AddressPoint, 'capturedBy'>[]): string[] {
	return [...new Set(points.map((p) => p.capturedBy))].sort();
}
