import type { Fix } from '$domain/address';

/** Why no usable position comes: the volunteer is told what to turn on. */
export type GpsProblem = 'denied' | 'unavailable' | 'unsupported' | null;

/** Fixes kept per capture: 20 s at one per second with room to spare, so memory stays bounded. */
const MAX_FIXES = 300;

/**
 * The one place that talks to `navigator.geolocation`: watches positions
 * from the moment a capture screen opens (a cold receiver needs time) and
 * keeps the fixes for the domain's averaging.
 */
export class GpsWatch {
	fixes = $state.raw<Fix[]>([]);
	problem = $state<GpsProblem>(null);
	latest = $derived<Fix | undefined>(this.fixes[this.fixes.length - 1]);
	#id: number | null = null;

	constructor(private readonly geo: Geolocation | undefined) {}

	start(): void {
		if (this.#id !== null) return;
		if (!this.geo) {
			this.problem = 'unsupported';
			return;
		}
		this.#id = this.geo.watchPosition(
			(pos) => {
				this.problem = null;
				const fix: Fix = {
					lat: pos.coords.latitude,
					lng: pos.coords.longitude,
					accuracy: pos.coords.accuracy,
					at: pos.timestamp
				};
				this.fixes = [...this.fixes.slice(-(MAX_FIXES - 1)), fix];
			},
			(err) => {
				// A timeout only means no fix yet: the watch goes on.
				if (err.code === err.PERMISSION_DENIED) this.problem = 'denied';
				else if (err.code === err.POSITION_UNAVAILABLE) this.problem = 'unavailable';
			},
			{ enableHighAccuracy: true, maximumAge: 0, timeout: 30_000 }
		);
	}

	/** Starts a new averaging, e.g. after the volunteer walked to the next door. */
	restart(): void {
		this.stop();
		this.fixes = [];
		this.start();
	}

	stop(): void {
		if (this.#id !== null) this.geo?.clearWatch(this.#id);
		this.#id = null;
	}
}
