import { describe, expect, it } from 'vitest';
import {
	cccdCollisions,
	collisionView,
	findDuplicateCccds
} from '../../../src/lib/domain/index.ts';
import { makeHamletPopulation, makeResident } from '../../factories/index.ts';

describe('duplicate CCCDs', () => {
	const tai = makeResident({
		seed: 1,
		id: 'r-tai',
		fullName: 'Võ Tấn Tài',
		idNumber: '072062998877',
		dateOfBirth: '1962-05-02',
		sex: 'male',
		consentTo: ['eservice']
	});
	const taiAgain = {
		...tai,
		id: 'r-tai-2',
		hamlet: 'ap-bong-trang',
		householdId: 'hh-ap-bong-trang-0007'
	};
	const lan = makeResident({ seed: 2, id: 'r-lan', fullName: 'Nguyễn Thị Lan' });
	const child = makeResident({
		seed: 3,
		id: 'r-be',
		age: 5,
		consentTo: ['eservice'],
		representativeName: 'Nguyễn Thị Lan'
	});

	it('groups the records that share a CCCD and ignores residents without one', () => {
		expect(child.idNumber).toBeNull();
		const groups = findDuplicateCccds([tai, lan, child, taiAgain, { ...child, id: 'r-be-2' }]);
		expect([...groups.keys()]).toEqual(['072062998877']);
		expect(groups.get('072062998877')?.map((r) => r.id)).toEqual(['r-tai', 'r-tai-2']);
	});

	it('finds none in a generated hamlet', () => {
		const { residents } = makeHamletPopulation({ hamlet: 'ap-ben-cho', households: 200, seed: 9 });
		expect(findDuplicateCccds(residents).size).toBe(0);
	});

	it('tells the volunteer which record a new entry collides with, never itself', () => {
		expect(cccdCollisions(tai, [tai, lan, taiAgain]).map((r) => r.id)).toEqual(['r-tai-2']);
		expect(cccdCollisions(child, [tai, lan, child])).toEqual([]);
	});

	it('shows a colliding record of another hamlet only by its hamlet to a volunteer', () => {
		expect(collisionView(taiAgain, { hamlet: 'ap-ben-cho' })).toEqual({
			scope: 'other_hamlet',
			hamlet: 'ap-bong-trang'
		});
		expect(collisionView(taiAgain, { hamlet: 'ap-bong-trang' })).toMatchObject({
			scope: 'own_hamlet',
			fullName: 'Võ Tấn Tài'
		});
		expect(collisionView(taiAgain, { hamlet: null }).scope).toBe('own_hamlet');
	});

	// No timing asserted: timed assertions flake on a loaded machine.
	it('finds the one pair among 20,000 records', () => {
		const many = Array.from({ length: 20_000 }, (_, i) => ({
			id: `r-${i}`,
			idNumber: `072${String(100000000 + i).slice(1)}`
		}));
		many.push({ id: 'r-dup', idNumber: many[12_345].idNumber });
		const groups = findDuplicateCccds(many);
		expect([...groups.values()].map((g) => g.map((r) => r.id))).toEqual([['r-12345', 'r-dup']]);
	});
});
