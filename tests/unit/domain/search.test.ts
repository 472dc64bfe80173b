import { describe, expect, it } from 'vitest';
import {
	buildSearchIndex,
	normalizeForSearch,
	receiptCode,
	searchResidents,
	type SearchableHousehold,
	type SearchableResident
} from '../../../src/lib/domain/index.ts';
import { makeCommunePopulation } from '../../factories/index.ts';

describe('normalizeForSearch', () => {
	it('strips diacritics including đ, lowercases and collapses spaces', () => {
		expect(normalizeForSearch('  Nguyễn   Văn  Ánh ')).toBe('nguyen van anh');
		expect(normalizeForSearch('ĐẶNG THỊ ĐÀO')).toBe('dang thi dao');
		expect(normalizeForSearch('Huỳnh Ngọc Trâm')).toBe('huynh ngoc tram');
		// Decomposed input (as some keyboards send it) folds the same.
		expect(normalizeForSearch('Nguyễn'.normalize('NFD'))).toBe('nguyen');
	});
});

const households: SearchableHousehold[] = [
	{ id: 'hh-1', houseNumber: '12' },
	{ id: 'hh-2', houseNumber: '12/3' },
	{ id: 'hh-3', houseNumber: '125' },
	{ id: 'hh-4', houseNumber: null }
];
const residents: SearchableResident[] = [
	{
		id: 'r-a',
		householdId: 'hh-1',
		fullName: 'Nguyễn Văn A',
		idNumber: '072085001234',
		phone: '+84912345678'
	},
	{ id: 'r-an', householdId: 'hh-1', fullName: 'Nguyễn Văn An', idNumber: null, phone: null },
	{
		id: 'r-anh',
		householdId: 'hh-2',
		fullName: 'Trần Thị Ánh',
		idNumber: '072190012345',
		phone: '+84868123467'
	},
	{
		id: 'r-dao',
		householdId: 'hh-3',
		fullName: 'Đặng Thị Đào',
		legacyIdNumber: '290456789',
		phone: '+84389456123'
	},
	{ id: 'r-tai', householdId: 'hh-4', fullName: 'Võ Tấn Tài', idNumber: '080062998877' },
	{ id: 'r-bui', householdId: 'hh-4', fullName: 'Bùi Văn Anh' }
];
const index = buildSearchIndex(residents, households);
const ids = (q: string, limit?: number) => searchResidents(index, q, limit).map((h) => h.id);

describe('searchResidents', () => {
	it('finds names typed without diacritics and in any case', () => {
		expect(ids('nguyen van a')[0]).toBe('r-a');
		expect(ids('NGUYEN VAN A')).toEqual(['r-a', 'r-an']);
		expect(ids('dang thi dao')).toEqual(['r-dao']);
		expect(ids('Đào')).toEqual(['r-dao']);
	});

	it('matches word beginnings in any order', () => {
		expect(ids('anh tran')).toEqual(['r-anh']);
		expect(ids('ta vo')).toEqual(['r-tai']);
		expect(ids('thi')).toEqual(['r-dao', 'r-anh']);
		expect(ids('guyen')).toEqual([]);
	});

	it('ranks whole-word matches first', () => {
		expect(ids('an')).toEqual(['r-an', 'r-bui', 'r-anh']);
		expect(ids('nguyen van a')).toEqual(['r-a', 'r-an']);
	});

	it('finds a CCCD, a CMND or part of one', () => {
		expect(ids('072190012345')).toEqual(['r-anh']);
		expect(ids('072 190 012 345')).toEqual(['r-anh']);
		expect(ids('290456789')).toEqual(['r-dao']);
		expect(ids('8877')).toEqual(['r-tai']);
	});

	it('finds a phone however it is typed', () => {
		for (const typed of [
			'0912345678',
			'0912 345 678',
			'+84 912 345 678',
			'84912345678',
			'0912.345.678'
		]) {
			expect(ids(typed), typed).toEqual(['r-a']);
		}
		expect(ids('3467')).toEqual(['r-anh']);
	});

	it('finds house numbers, with or without a slash', () => {
		expect(ids('12/3')).toEqual(['r-anh']);
		expect(ids('125')).toEqual(['r-dao']);
		expect(ids('12')).toEqual(['r-a', 'r-an', 'r-dao', 'r-anh']);
		expect(ids('12 an')).toEqual(['r-an', 'r-anh']);
	});

	it('honours the limit and ignores empty queries', () => {
		expect(ids('thi', 1)).toEqual(['r-dao']);
		expect(ids('   ')).toEqual([]);
		expect(searchResidents(buildSearchIndex([]), 'nguyen')).toEqual([]);
	});

	it('returns the household of each hit', () => {
		expect(searchResidents(index, 'dao')).toEqual([{ id: 'r-dao', householdId: 'hh-3' }]);
	});
});

describe('search by receipt code', () => {
	it('finds the one resident a receipt was printed for, however the code is typed', () => {
		const pop = makeCommunePopulation({ householdsPerHamlet: 20, seed: 9 });
		const index = buildSearchIndex(pop.residents, pop.households);
		const r = pop.residents[7];
		const code = receiptCode(r.id);
		for (const q of [code, code.toLowerCase(), code.replace(/-/g, ' ')]) {
			expect(searchResidents(index, q).map((h) => h.id)).toEqual([r.id]);
		}
		expect(searchResidents(index, 'TS-0000-0000')).toEqual([]);
		// One letter still searches names, not every code.
		expect(searchResidents(index, 't', 1000).length).toBeLessThan(pop.residents.length);
	});
});

// Timing lives in `npm run bench:search`; this checks that a commune-sized index stays correct.
describe('search on 20,000 residents', () => {
	it('finds each resident by full name, phone tail and ID tail', () => {
		const pop = makeCommunePopulation({ householdsPerHamlet: 1400, seed: 5 });
		const people = pop.residents.slice(0, 20_000);
		expect(people).toHaveLength(20_000);
		const big = buildSearchIndex(people, pop.households);
		for (const r of people.slice(0, 40)) {
			expect(searchResidents(big, normalizeForSearch(r.fullName), 1000).map((h) => h.id)).toContain(
				r.id
			);
		}
		for (const r of people.filter((p) => p.phone).slice(0, 20)) {
			const hits = searchResidents(big, '0' + r.phone!.slice(3), 1000).map((h) => h.id);
			expect(hits).toContain(r.id);
		}
		for (const r of people.filter((p) => p.idNumber).slice(0, 20)) {
			expect(searchResidents(big, r.idNumber!.slice(-6), 1000).map((h) => h.id)).toContain(r.id);
		}
		expect(searchResidents(big, 'nguyen van', 50).length).toBeLessThanOrEqual(50);
	});
});
