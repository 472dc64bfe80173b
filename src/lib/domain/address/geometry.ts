import type { LngLat } from './point';

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres. */
export function distanceM(a: LngLat, b: LngLat): number {
	const dLat = (b.lat - a.lat) * RAD;
	const dLng = (b.lng - a.lng) * RAD;
	const h =
		Math.sin(dLat / 2) ** 2 +
		Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLng / 2) ** 2;
	return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A flat projection in metres around `origin`, exact enough over a commune
 * (tens of km) for grids and averages, and much cheaper than great circles.
 */
export function localProjection(origin: LngLat) {
	const my = EARTH_RADIUS_M * RAD;
	const mx = my * Math.cos(origin.lat * RAD);
	return {
		toXY: (p: LngLat) => ({ x: (p.lng - origin.lng) * mx, y: (p.lat - origin.lat) * my }),
		toLngLat: (x: number, y: number): LngLat => ({
			lng: origin.lng + x / mx,
			lat: origin.lat + y / my
		})
	};
}
