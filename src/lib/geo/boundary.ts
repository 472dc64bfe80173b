import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import type { LngLat } from '../domain/address/point';

/** The one place that uses @turf: a commune's boundary and the point-in-polygon test. */

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
const ring = z.array(position).min(4).max(200_000);
const polygon = z.array(ring).min(1).max(1000);
const geometry = z.discriminatedUnion('type', [
	z.object({ type: z.literal('Polygon'), coordinates: polygon }),
	z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygon).min(1).max(1000) })
]);
const feature = z.object({
	type: z.literal('Feature'),
	id: z.union([z.string(), z.number()]).optional(),
	geometry,
	properties: z.record(z.string(), z.unknown()).nullable().optional()
});
const boundaryFile = z.union([
	z.object({ type: z.literal('FeatureCollection'), features: z.array(feature).min(1).max(1) }),
	feature
]);

export type BBox = [west: number, south: number, east: number, north: number];

export class Boundary {
	readonly bbox: BBox;

	private constructor(
		readonly code: string,
		readonly name: string,
		readonly feature: Feature<Polygon | MultiPolygon>
	) {
		let [w, s, e, n] = [180, 90, -180, -90];
		const polys =
			feature.geometry.type === 'Polygon'
				? [feature.geometry.coordinates]
				: feature.geometry.coordinates;
		for (const poly of polys) {
			for (const [lng, lat] of poly[0]) {
				w = Math.min(w, lng);
				e = Math.max(e, lng);
				s = Math.min(s, lat);
				n = Math.max(n, lat);
			}
		}
		this.bbox = [w, s, e, n];
	}

	/** Reads a boundary as shipped in `static-data/vn-units/geojson/` (one feature). */
	static parse(input: unknown): Boundary {
		const parsed = boundaryFile.parse(input);
		const f = parsed.type === 'FeatureCollection' ? parsed.features[0] : parsed;
		const props = f.properties ?? {};
		const code = String(props.code ?? f.id ?? '');
		const name = typeof props.fullName === 'string' ? props.fullName : String(props.name ?? code);
		return new Boundary(code, name, {
			type: 'Feature',
			properties: { code, name },
			geometry: f.geometry
		});
	}

	/** Inside the outer ring and outside its holes, in any part of a multipolygon. */
	contains(p: LngLat): boolean {
		const [w, s, e, n] = this.bbox;
		if (p.lng < w || p.lng > e || p.lat < s || p.lat > n) return false;
		return booleanPointInPolygon([p.lng, p.lat], this.feature);
	}

	/** Middle of the bounding box: the reference of short Plus Codes in the commune. */
	get center(): LngLat {
		const [w, s, e, n] = this.bbox;
		return { lng: (w + e) / 2, lat: (s + n) / 2 };
	}
}
