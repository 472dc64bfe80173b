import { describe, expect, it } from 'vitest';
import { GpsWatch } from '$lib/device/gps.svelte';

/** A receiver the test drives: positions and errors arrive when the test says. */
function fakeReceiver() {
	let onFix: PositionCallback | null = null;
	let onError: PositionErrorCallback | null | undefined = null;
	const cleared: number[] = [];
	let options: PositionOptions | undefined;
	const geo = {
		watchPosition(
			ok: PositionCallback,
			err?: PositionErrorCallback | null,
			opts?: PositionOptions
		) {
			onFix = ok;
			onError = err;
			options = opts;
			return 7;
		},
		clearWatch: (id: number) => void cleared.push(id),
		getCurrentPosition: () => undefined
	} as unknown as Geolocation;
	const error = (code: number) =>
		onError?.({
			code,
			message: '',
			PERMISSION_DENIED: 1,
			POSITION_UNAVAILABLE: 2,
			TIMEOUT: 3
		} as GeolocationPositionError);
	return {
		geo,
		cleared,
		options: () => options,
		fix: (lat: number, lng: number, accuracy: number, at: number) =>
			onFix?.({
				coords: { latitude: lat, longitude: lng, accuracy },
				timestamp: at
			} as GeolocationPosition),
		error
	};
}

describe('GPS watch', () => {
	it('asks for a precise position and keeps the fixes, bounded', () => {
		const r = fakeReceiver();
		const gps = new GpsWatch(r.geo);
		gps.start();
		expect(r.options()).toMatchObject({ enableHighAccuracy: true, maximumAge: 0 });
		for (let i = 0; i < 350; i++) r.fix(11.2, 106.2 + i * 1e-6, 5, 1000 + i);
		expect(gps.fixes).toHaveLength(300);
		expect(gps.fixes[299]).toEqual({ lat: 11.2, lng: 106.2 + 349 * 1e-6, accuracy: 5, at: 1349 });
		gps.restart();
		expect(r.cleared).toEqual([7]);
		expect(gps.fixes).toEqual([]);
	});

	it('says when permission is denied or the receiver is off, and a timeout is only waiting', () => {
		const r = fakeReceiver();
		const gps = new GpsWatch(r.geo);
		gps.start();
		r.error(3);
		expect(gps.problem).toBeNull();
		r.error(2);
		expect(gps.problem).toBe('unavailable');
		r.fix(11.2, 106.2, 8, 1);
		expect(gps.problem).toBeNull();
		r.error(1);
		expect(gps.problem).toBe('denied');
		expect(new GpsWatch(undefined).problem).toBeNull();
		const none = new GpsWatch(undefined);
		none.start();
		expect(none.problem).toBe('unsupported');
	});
});
