import { describe, expect, it } from 'vitest';
import {
	averageFixes,
	averagingDone,
	captureConfigSchema,
	defaultCaptureConfig,
	distanceM,
	gpsHint,
	localProjection,
	type Fix
} from '../../../../src/lib/domain/address/index.ts';
import { THANH_DUC_CENTER } from '../../../factories/address.ts';
import { createRng } from '../../../factories/random.ts';

const TRUTH = THANH_DUC_CENTER;
const proj = localProjection(TRUTH);
const T0 = Date.parse('2026-11-20T08:00:00+07:00');

/** A fix `dx`, `dy` metres from the house, `s` seconds after the start. */
function fix(dx: number, dy: number, accuracy: number, s: number): Fix {
	const p = proj.toLngLat(dx, dy);
	return { lat: p.lat, lng: p.lng, accuracy, at: T0 + s * 1000 };
}

/** One fix a second with ±`noiseM` of honest scatter around the house. */
function walk(seconds: number, noiseM: number, accuracy: number, seed = 1, from = 0): Fix[] {
	const rng = createRng(seed);
	return Array.from({ length: seconds }, (_, i) =>
		fix((rng.next() * 2 - 1) * noiseM, (rng.next() * 2 - 1) * noiseM, accuracy, from + i)
	);
}

describe('GPS averaging', () => {
	it('drops the cold-start fixes and a jump, and lands within 2 m of the house', () => {
		const fixes = [
			fix(60, -45, 35, 0),
			fix(25, 30, 20, 1),
			...walk(8, 3, 6, 1, 2),
			fix(-40, 35, 8, 10),
			...walk(9, 3, 5, 2, 11)
		];
		const r = averageFixes(fixes)!;
		expect(distanceM(r.position, TRUTH)).toBeLessThan(2);
		expect(r.samples).toBe(17);
		expect(r.dropped).toBe(3);
		expect(r.accuracyM).toBeGreaterThanOrEqual(5);
		expect(r.accuracyM).toBeLessThan(8);
		// Without outlier removal, the jump alone would pull the mean about 2.5 m away.
		const naive = fixes
			.slice(2)
			.reduce((s, f) => ({ lat: s.lat + f.lat / 18, lng: s.lng + f.lng / 18 }), { lat: 0, lng: 0 });
		expect(distanceM(naive, TRUTH)).toBeGreaterThan(distanceM(r.position, TRUTH));
	});

	it('weights precise fixes over vague ones', () => {
		const fixes = [
			fix(0, 0, 5, 0),
			fix(0, 0, 5, 1),
			fix(4, 0, 4, 2),
			fix(4, 0, 4, 3),
			fix(-4, 0, 16, 4),
			fix(-4, 0, 16, 5)
		];
		const r = averageFixes(fixes, { ...defaultCaptureConfig, dropFirstFixes: 2 })!;
		expect(proj.toXY(r.position).x).toBeGreaterThan(3);
	});

	it('averages over the window only and reports its span', () => {
		const fixes = [...walk(25, 2, 5, 3), fix(30, 30, 5, 25), fix(30, 30, 5, 26)];
		const r = averageFixes(fixes)!;
		expect(r.spanMs).toBeLessThanOrEqual(defaultCaptureConfig.averagingMs);
		expect(r.samples).toBe(21);
		expect(averagingDone(fixes.slice(0, 10))).toBe(false);
		expect(averagingDone(fixes)).toBe(true);
	});

	it('uses nothing from "approximate location" and says what to turn on', () => {
		const coarse = [fix(300, 200, 1200, 0), fix(250, 100, 900, 1), fix(0, 0, 800, 2)];
		expect(averageFixes(coarse)).toBeNull();
		expect(gpsHint(coarse[2])).toBe('approximate');
		expect(gpsHint(undefined)).toBe('waiting');
		expect(gpsHint(fix(0, 0, 15, 0))).toBe('weak');
		expect(gpsHint(fix(0, 0, 15, 0), captureConfigSchema.parse({ warnAccuracyM: 20 }))).toBe(
			'good'
		);
	});

	it('keeps the one fix it has rather than none, and ignores broken fixes', () => {
		const one = averageFixes([fix(1, 1, 7, 0)])!;
		expect(one.samples).toBe(1);
		expect(one.accuracyM).toBe(7);
		const broken = [{ lat: Number.NaN, lng: 1, accuracy: 5, at: T0 }, ...walk(5, 1, 5, 4)];
		expect(averageFixes(broken)!.samples).toBe(3);
	});

	it('is configured per commune with soft defaults', () => {
		expect(defaultCaptureConfig).toMatchObject({
			warnAccuracyM: 10,
			nearDuplicateM: 8,
			confirmDuplicateM: 3,
			averagingMs: 20_000
		});
		expect(captureConfigSchema.safeParse({ warnAccuracyM: -1 }).success).toBe(false);
	});
});
