import { z } from 'zod';
import { localProjection } from './geometry';
import type { GpsReading, LngLat } from './point';

/**
 * Soft thresholds of capture, configurable per commune: none of them ever
 * blocks saving a point, they decide which warnings the volunteer sees.
 */
export const captureConfigSchema = z.object({
	/** Above this accuracy (m) the volunteer is told to move into the open and wait. */
	warnAccuracyM: z.number().positive().max(1000).default(10),
	/** Fixes worse than this (m) come from cell towers or "approximate location" and are not used. */
	unusableAccuracyM: z.number().positive().max(10_000).default(100),
	/** Longest averaging window (ms) from the first fix used. */
	averagingMs: z.number().int().min(1000).max(120_000).default(20_000),
	/** Fixes dropped at the start: a cold receiver's first fixes wander. */
	dropFirstFixes: z.number().int().min(0).max(20).default(2),
	/** Another point of the hamlet within this distance (m) is a near-duplicate warning. */
	nearDuplicateM: z.number().positive().max(100).default(8),
	/** Within this distance (m), or with the same house number, the volunteer must confirm. */
	confirmDuplicateM: z.number().positive().max(100).default(3)
});
export type CaptureConfig = z.infer<typeof captureConfigSchema>;

export const defaultCaptureConfig: CaptureConfig = captureConfigSchema.parse({});

/** One position from the receiver (`GeolocationPosition.coords` plus its timestamp). */
export interface Fix {
	lat: number;
	lng: number;
	/** Metres, 68 % confidence radius. */
	accuracy: number;
	/** Milliseconds since the epoch. */
	at: number;
}

export interface Averaged extends GpsReading {
	/** Fixes received but not used: the first ones, unusable, outside the window, outliers. */
	dropped: number;
	/** Milliseconds between the first and last fix used. */
	spanMs: number;
}

/** A fix farther from the median than this many times the median distance is an outlier. */
const OUTLIER_SPREAD = 3;
/** ...and farther than twice its own accuracy: a small spread never rejects honest fixes. */
const OUTLIER_SELF = 2;

function weightedMedian(values: readonly { v: number; w: number }[]): number {
	const sorted = [...values].sort((a, b) => a.v - b.v);
	const half = sorted.reduce((s, x) => s + x.w, 0) / 2;
	let acc = 0;
	for (const x of sorted) {
		acc += x.w;
		if (acc >= half) return x.v;
	}
	return sorted[sorted.length - 1].v;
}

/**
 * Averages the fixes of one capture: drops the first fixes, those too vague
 * to use, those after the window, and outliers far from the weighted median;
 * then weights the rest by 1/accuracy². Returns null while no fix is usable.
 */
export function averageFixes(
	fixes: readonly Fix[],
	config: CaptureConfig = defaultCaptureConfig
): Averaged | null {
	const valid = fixes.filter(
		(f) =>
			Number.isFinite(f.lat) &&
			Number.isFinite(f.lng) &&
			Number.isFinite(f.accuracy) &&
			f.accuracy >= 0
	);
	// With too few fixes to spare the first ones, the best of them is still better than none.
	const afterStart =
		valid.length > config.dropFirstFixes ? valid.slice(config.dropFirstFixes) : valid.slice(-1);
	const usable = afterStart.filter((f) => f.accuracy <= config.unusableAccuracyM);
	if (usable.length === 0) return null;
	const start = usable[0].at;
	const inWindow = usable.filter((f) => f.at - start <= config.averagingMs);
	const weight = (f: Fix) => 1 / Math.max(f.accuracy, 1) ** 2;
	const center: LngLat = {
		lat: weightedMedian(inWindow.map((f) => ({ v: f.lat, w: weight(f) }))),
		lng: weightedMedian(inWindow.map((f) => ({ v: f.lng, w: weight(f) })))
	};
	const proj = localProjection(center);
	const dist = inWindow.map((f) => Math.hypot(proj.toXY(f).x, proj.toXY(f).y));
	const medianDist = [...dist].sort((a, b) => a - b)[Math.floor(dist.length / 2)];
	const kept = inWindow.filter(
		(f, i) => dist[i] <= OUTLIER_SPREAD * medianDist || dist[i] <= OUTLIER_SELF * f.accuracy
	);
	let sw = 0;
	let sx = 0;
	let sy = 0;
	for (const f of kept) {
		const { x, y } = proj.toXY(f);
		const w = weight(f);
		sw += w;
		sx += w * x;
		sy += w * y;
	}
	const mx = sx / sw;
	const my = sy / sw;
	let spread = 0;
	for (const f of kept) {
		const { x, y } = proj.toXY(f);
		spread += weight(f) * ((x - mx) ** 2 + (y - my) ** 2);
	}
	const position = proj.toLngLat(mx, my);
	// Fixes seconds apart share most of their error: the average never claims better than its best fix.
	const best = Math.min(...kept.map((f) => f.accuracy));
	const accuracyM = Math.round(Math.max(best, Math.sqrt(spread / sw)) * 10) / 10;
	return {
		position: { lat: round7(position.lat), lng: round7(position.lng) },
		accuracyM,
		samples: kept.length,
		dropped: fixes.length - kept.length,
		spanMs: kept[kept.length - 1].at - kept[0].at
	};
}

/** 7 decimals is about 1 cm: more is noise, less would move points. */
export function round7(v: number): number {
	return Math.round(v * 1e7) / 1e7;
}

/** Whether the averaging is over: the window is full, measured from the first fix used. */
export function averagingDone(
	fixes: readonly Fix[],
	config: CaptureConfig = defaultCaptureConfig
): boolean {
	const usable = fixes
		.slice(config.dropFirstFixes)
		.filter((f) => f.accuracy <= config.unusableAccuracyM);
	return usable.length > 0 && usable[usable.length - 1].at - usable[0].at >= config.averagingMs;
}

export type GpsHint = 'waiting' | 'approximate' | 'weak' | 'good';

/**
 * What to tell the volunteer about the reading: `approximate` when the phone
 * only gives a coarse location (the precise-location switch is off), `weak`
 * above the commune's warning threshold.
 */
export function gpsHint(
	latest: Fix | undefined,
	config: CaptureConfig = defaultCaptureConfig
): GpsHint {
	if (!latest) return 'waiting';
	if (latest.accuracy > config.unusableAccuracyM) return 'approximate';
	return latest.accuracy > config.warnAccuracyM ? 'weak' : 'good';
}
