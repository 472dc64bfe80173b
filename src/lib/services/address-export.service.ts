import { exportProperties, type AddressPoint } from '$domain/address';
import { BOM, csvField } from '$domain/export';

/** Same columns as the GeoJSON export, with the position first, for Excel. */
export function addressPointsCsv(
	points: readonly AddressPoint[],
	hamletName?: (id: string) => string
): string {
	const rows = points.map((p) => ({
		lng: p.position.lng,
		lat: p.position.lat,
		...exportProperties(p, hamletName)
	}));
	const headers = ['id', 'lng', 'lat', ...Object.keys(exportProperties(points[0] ?? EMPTY))];
	const lines = rows.map((r, i) =>
		[points[i].id, ...headers.slice(1).map((h) => r[h as keyof typeof r])]
			.map((v) =>
				v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : csvField(v)
			)
			.join(',')
	);
	return BOM + [headers.join(','), ...lines].join('\r\n') + '\r\n';
}

const EMPTY = {
	position: { lng: 0, lat: 0 },
	gps: null,
	review: undefined
} as unknown as AddressPoint;
