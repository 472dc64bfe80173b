import { describe, expect, it } from 'vitest';
import {
	addressCoverage,
	coveragePercent,
	pointsPerWeek
} from '../../../../src/lib/domain/address/index.ts';

const hh = (id: string, hamlet = 'ap-ben-cho') => ({ id, hamlet });
const pt = (householdId: string | null, status: string | null, hamlet = 'ap-ben-cho') => ({
	hamlet,
	householdId,
	review: status ? { status: status as 'approved', notes: [], history: [] } : undefined
});

describe('digital-address coverage per hamlet', () => {
	it('counts households with a point and with a validated point, once each', () => {
		const cov = addressCoverage(
			[hh('a'), hh('b'), hh('c'), hh('d'), hh('e', 'ap-thanh-hoa')],
			[
				pt('a', 'submitted'),
				pt('a', 'approved'),
				pt('b', 'returned'),
				pt(null, 'approved'),
				pt('e', 'approved', 'ap-thanh-hoa'),
				pt('z', 'approved')
			]
		);
		expect(cov.get('ap-ben-cho')).toEqual({ households: 4, withPoint: 2, validated: 1 });
		expect(cov.get('ap-thanh-hoa')).toEqual({ households: 1, withPoint: 1, validated: 1 });
		expect(coveragePercent(cov.get('ap-ben-cho')!, 1)).toBe(25);
	});

	it('a point in another hamlet does not cover a household, and no households is no percent', () => {
		const cov = addressCoverage([hh('a')], [pt('a', 'approved', 'ap-thanh-hoa')]);
		expect(cov.get('ap-ben-cho')).toEqual({ households: 1, withPoint: 0, validated: 0 });
		expect(coveragePercent({ households: 0 }, 0)).toBeNull();
	});
});

describe('points captured per week', () => {
	const at = (capturedAt: string) => ({ capturedAt });

	it('counts each week from Monday, oldest first, the current week last', () => {
		const weeks = pointsPerWeek(
			[
				at('2026-11-30T08:00:00.000+07:00'), // Monday of the current week
				at('2026-12-02T16:00:00.000+07:00'),
				at('2026-11-29T23:30:00.000+07:00'), // Sunday: the week before
				at('2026-11-23T07:00:00.000+07:00'),
				at('2026-10-11T07:00:00.000+07:00'), // before the eight weeks
				at('2026-12-07T07:00:00.000+07:00') // after asOf's week
			],
			'2026-12-02'
		);
		expect(weeks).toHaveLength(8);
		expect(weeks[0].weekStart).toBe('2026-10-12');
		expect(weeks.at(-1)).toEqual({ weekStart: '2026-11-30', count: 2 });
		expect(weeks.at(-2)).toEqual({ weekStart: '2026-11-23', count: 2 });
		expect(weeks.reduce((s, w) => s + w.count, 0)).toBe(4);
	});

	it('has empty weeks when nothing was captured', () => {
		expect(pointsPerWeek([], '2026-12-06', 2)).toEqual([
			{ weekStart: '2026-11-23', count: 0 },
			{ weekStart: '2026-11-30', count: 0 }
		]);
	});
});
