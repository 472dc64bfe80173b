import { describe, expect, it } from 'vitest';
import { addressCoverage, coveragePercent } from '../../../../src/lib/domain/address/index.ts';

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
