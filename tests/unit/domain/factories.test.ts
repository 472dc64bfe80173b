import { describe, expect, it } from 'vitest';
import {
	checkCccd,
	householdSchema,
	residentSchema,
	validateRecord,
	type Resident
} from '../../../src/lib/domain/index.ts';
import {
	makeCommunePopulation,
	makeHamletPopulation,
	makeHousehold,
	makeResident,
	THANH_DUC
} from '../../factories/index.ts';

describe('factories', () => {
	it('make residents that pass the resident schema for many seeds', () => {
		for (let seed = 1; seed <= 300; seed++) {
			const r = makeResident({ seed });
			const parsed = residentSchema.safeParse(r);
			expect(parsed.error?.issues, `seed ${seed}`).toBeUndefined();
		}
	});

	it('are deterministic for a seed', () => {
		expect(makeResident({ seed: 42 })).toEqual(makeResident({ seed: 42 }));
		expect(makeResident({ seed: 42 }).fullName).not.toBe(makeResident({ seed: 43 }).fullName);
		const a = makeHamletPopulation({ hamlet: 'ap-ben-cho', households: 20, seed: 7 });
		const b = makeHamletPopulation({ hamlet: 'ap-ben-cho', households: 20, seed: 7 });
		expect(a).toEqual(b);
	});

	it('give CCCDs consistent with the date of birth and sex', () => {
		const r = makeResident({
			seed: 5,
			sex: 'female',
			dateOfBirth: '2003-04-17',
			consentTo: ['eservice']
		});
		expect(r.idNumber).toMatch(/^\d{3}303\d{6}$/);
		expect(checkCccd(r.idNumber ?? '', r)).toEqual([]);
	});

	it('keep only the name when the resident gives no consent', () => {
		const r = makeResident({ seed: 9, consentTo: [] });
		expect(r).toMatchObject({
			dateOfBirth: null,
			sex: null,
			idNumber: null,
			phone: null,
			accountHelp: null
		});
		expect(r.fullName.split(' ').length).toBeGreaterThanOrEqual(3);
	});

	it('build a hamlet of households whose members are valid and point at them', () => {
		const { households, residents } = makeHamletPopulation({
			commune: THANH_DUC.commune,
			hamlet: 'ap-bong-trang',
			households: 60,
			seed: 2026
		});
		expect(households).toHaveLength(60);
		expect(residents.length).toBeGreaterThan(150);
		for (const h of households) {
			expect(householdSchema.safeParse(h).error?.issues).toBeUndefined();
			expect(residents.find((r) => r.id === h.headResidentId)?.relationship).toBe('head');
		}
		for (const r of residents) {
			expect(validateRecord('residents', r).ok, JSON.stringify(r)).toBe(true);
			expect(households.some((h) => h.id === r.householdId)).toBe(true);
		}
		const families = residents.map((r) => r.fullName.split(' ')[0]);
		const nguyen = families.filter((f) => f === 'Nguyễn').length / families.length;
		expect(nguyen).toBeGreaterThan(0.2);
		expect(nguyen).toBeLessThan(0.55);
		expect(new Set(families).size).toBeGreaterThan(8);
	});

	it("give children their father's family name", () => {
		const { residents } = makeHamletPopulation({ hamlet: 'ap-cau-sat', households: 40, seed: 3 });
		const byHousehold = new Map<string, Resident[]>();
		for (const r of residents)
			byHousehold.set(r.householdId, [...(byHousehold.get(r.householdId) ?? []), r]);
		let checked = 0;
		for (const members of byHousehold.values()) {
			const father = members.find(
				(m) => (m.relationship === 'head' || m.relationship === 'spouse') && m.sex === 'male'
			);
			if (!father) continue;
			for (const child of members.filter((m) => m.relationship === 'child')) {
				expect(child.fullName.split(' ')[0]).toBe(father.fullName.split(' ')[0]);
				checked++;
			}
		}
		expect(checked).toBeGreaterThan(10);
	});

	it('keep CCCDs unique across the hamlets of a commune', () => {
		const { residents } = makeCommunePopulation({ householdsPerHamlet: 150, seed: 1 });
		const ids = residents.flatMap((r) => (r.idNumber ? [r.idNumber] : []));
		expect(new Set(ids).size).toBe(ids.length);
		expect(new Set(residents.map((r) => r.id)).size).toBe(residents.length);
	});

	it('make households with an address in the hamlet', () => {
		const h = makeHousehold({ seed: 4, hamlet: 'ap-tram-vang' });
		expect(householdSchema.parse(h).hamlet).toBe('ap-tram-vang');
		expect(h.commune).toBe('25657');
	});
});
