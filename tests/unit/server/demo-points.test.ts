import { describe, expect, it } from 'vitest';
import { hasActiveConsent, validateRecord } from '../../../src/lib/domain/index.ts';
import { distanceM, reviewStatusOf } from '../../../src/lib/domain/address/index.ts';
import { loadBoundary } from '../../../sync-server/src/maps/boundaries.ts';
import {
	DEMO_POINTS_PER_HAMLET,
	demoCommunePoints
} from '../../../sync-server/src/seed/demo-points.ts';
import { demoRecords } from '../../../sync-server/src/seed/demo-records.ts';

const boundary = loadBoundary('25657')!;
const now = new Date('2026-11-25T03:00:00Z');
const volunteers = [
	{ username: 'nguyenthilan', commune: '25657', hamlet: 'ap-ben-cho' },
	{ username: 'levanhung', commune: '25657', hamlet: 'ap-thanh-hoa' }
];
const { households } = demoRecords(volunteers, now);
const points = demoCommunePoints('25657', volunteers, households, now);

describe('demo address points', () => {
	it('are the same on every run and all pass the schema the device writes with', () => {
		expect(demoCommunePoints('25657', volunteers, households, now)).toEqual(points);
		expect(demoCommunePoints('00000', volunteers, households, now)).toEqual([]);
		expect(points).toHaveLength(2 * DEMO_POINTS_PER_HAMLET);
		const refused = points.map((p) => validateRecord('addresses', p)).filter((v) => !v.ok);
		expect(refused).toEqual([]);
	});

	it('lie inside the commune, each hamlet captured by its volunteer, no two within 8 m', () => {
		for (const p of points) expect(boundary.contains(p.position)).toBe(true);
		for (const v of volunteers) {
			const mine = points.filter((p) => p.hamlet === v.hamlet);
			expect(mine).toHaveLength(DEMO_POINTS_PER_HAMLET);
			expect(new Set(mine.map((p) => p.capturedBy))).toEqual(new Set([v.username]));
			for (const [i, a] of mine.entries()) {
				for (const b of mine.slice(i + 1))
					expect(distanceM(a.position, b.position)).toBeGreaterThan(8);
			}
		}
	});

	it('mix object types, methods and review states, with notes on the returned ones', () => {
		const count = (xs: string[]) =>
			xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});
		const status = count(points.map((p) => reviewStatusOf(p)));
		expect(status.submitted).toBeGreaterThan(points.length / 2);
		expect(status.approved).toBeGreaterThan(20);
		expect(status.returned).toBeGreaterThan(3);
		expect(status.returned).toBeLessThan(status.approved);
		for (const p of points.filter((x) => reviewStatusOf(x) === 'returned')) {
			expect(p.review?.notes[0]?.text.length).toBeGreaterThan(5);
		}
		expect(Object.keys(count(points.map((p) => p.objectType))).length).toBeGreaterThanOrEqual(6);
		expect(Object.keys(count(points.map((p) => p.method))).sort()).toEqual([
			'gps_averaged',
			'gps_moved',
			'gps_single',
			'map_placed'
		]);
	});

	it('link some demo households, each with the address consent its head gave', () => {
		const linked = points.filter((p) => p.householdId !== null);
		expect(linked.length).toBeGreaterThanOrEqual(4);
		const byId = new Map(households.map((h) => [h._id, h]));
		for (const p of linked) {
			const h = byId.get(p.householdId!)!;
			expect(h.hamlet).toBe(p.hamlet);
			expect(p.houseNumber).toBe(h.houseNumber);
			expect(hasActiveConsent([p.consent!], 'address')).toBe(true);
			expect(p.consentResidentId).toBe(h.headResidentId);
		}
		expect(new Set(linked.map((p) => p.householdId)).size).toBe(linked.length);
	});

	it('were captured over the last eight weeks, every week some', () => {
		const weeks = new Set(
			points.map((p) => {
				const age = now.getTime() - Date.parse(p.capturedAt);
				// Written as a device writes them, in working hours in Việt Nam.
				expect(p.capturedAt).toMatch(
					/^\d{4}-\d{2}-\d{2}T(0[7-9]|1[0-7]):\d{2}:\d{2}\.\d{3}\+07:00$/
				);
				expect(age).toBeGreaterThan(0);
				expect(age).toBeLessThan(8 * 7 * 86_400_000);
				for (const h of p.review?.history ?? [])
					expect(Date.parse(h.at)).toBeLessThan(now.getTime());
				return Math.floor(age / (7 * 86_400_000));
			})
		);
		expect(weeks.size).toBe(8);
	});
});
