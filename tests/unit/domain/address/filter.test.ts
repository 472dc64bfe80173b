import { describe, expect, it } from 'vitest';
import {
	filterPoints,
	isFiltering,
	pointVolunteers
} from '../../../../src/lib/domain/address/index.ts';
import { makeAddressPoint } from '../../../factories/address.ts';

const submitted = { status: 'submitted' as const, notes: [], history: [] };
const points = [
	makeAddressPoint({
		seed: 1,
		hamlet: 'ap-ben-cho',
		volunteer: 'nguyenthilan',
		objectType: 'house',
		review: submitted
	}),
	makeAddressPoint({ seed: 2, hamlet: 'ap-ben-cho', volunteer: 'levanhung', objectType: 'shop' }),
	makeAddressPoint({
		seed: 3,
		hamlet: 'ap-thanh-hoa',
		volunteer: 'levanhung',
		objectType: 'house',
		review: submitted
	})
];
const ids = (f: Parameters<typeof filterPoints>[1]) =>
	filterPoints(points, f).map((p) => points.indexOf(p));

describe('point filters', () => {
	it('let every point through with no value chosen', () => {
		expect(ids({})).toEqual([0, 1, 2]);
		expect(ids({ hamlet: '', capturedBy: '', status: '', objectType: '' })).toEqual([0, 1, 2]);
		expect(isFiltering({ hamlet: '', status: '' })).toBe(false);
	});

	it('narrow by hamlet, volunteer, status and object type, all together', () => {
		expect(ids({ hamlet: 'ap-ben-cho' })).toEqual([0, 1]);
		expect(ids({ capturedBy: 'levanhung' })).toEqual([1, 2]);
		expect(ids({ status: 'draft' })).toEqual([1]);
		expect(ids({ objectType: 'house' })).toEqual([0, 2]);
		expect(ids({ capturedBy: 'levanhung', objectType: 'house', status: 'submitted' })).toEqual([2]);
		expect(ids({ hamlet: 'ap-thanh-hoa', capturedBy: 'nguyenthilan' })).toEqual([]);
		expect(isFiltering({ objectType: 'shop' })).toBe(true);
	});

	it('offer each volunteer once, in order', () => {
		expect(pointVolunteers(points)).toEqual(['levanhung', 'nguyenthilan']);
	});
});
