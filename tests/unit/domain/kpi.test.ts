import { describe, expect, it } from 'vitest';
import {
	ACCOUNT_OWN_AGE,
	accountCoveragePercent,
	ageOn,
	hamletOverview,
	overviewByHamlet,
	type Resident
} from '../../../src/lib/domain/index.ts';
import { makeHamletPopulation, makeHousehold, makeResident } from '../../factories/index.ts';

const AS_OF = '2026-11-20';

describe('ageOn', () => {
	it('counts the birthday on the day', () => {
		expect(ageOn('2012-11-20', AS_OF)).toBe(14);
		expect(ageOn('2012-11-21', AS_OF)).toBe(13);
		expect(ageOn('1960-02-29', '2026-02-28')).toBe(65);
		expect(ageOn('1960-02-29', '2026-03-01')).toBe(66);
	});
});

describe('hamletOverview', () => {
	const resident = (seed: number, o: Parameters<typeof makeResident>[0]) =>
		makeResident({ seed, asOf: AS_OF, consentTo: ['eservice'], ...o });
	const residents: Resident[] = [
		resident(1, { age: 40, account: 'level1_activated' }),
		resident(2, { age: 70, account: 'already_active' }),
		resident(3, { age: 35, account: 'blocked' }),
		resident(4, { age: 14, account: 'pending' }),
		resident(5, { age: 13, account: 'none', representativeName: 'Lê Văn Sơn' }),
		resident(6, { consentTo: [] })
	];
	// Pin the outcomes and follow-ups the figures depend on.
	residents[2].accountHelp = {
		...residents[2].accountHelp!,
		outcome: { kind: 'blocked', reason: 'sim_not_own_name' },
		followUpDate: '2026-11-18'
	};
	residents[3].accountHelp = { ...residents[3].accountHelp!, followUpDate: '2026-11-25' };

	it('counts adults from age 14, the age of an own VNeID account', () => {
		expect(ACCOUNT_OWN_AGE).toBe(14);
		const o = hamletOverview({ households: [makeHousehold({ seed: 1 })], residents, asOf: AS_OF });
		expect(o).toEqual({
			households: 1,
			residents: 6,
			adults: 4,
			ageUnknown: 1,
			adultsWithAccount: 2,
			adultsWithoutAccount: 2,
			followUpsDue: 1,
			followUpsOverdue: 1,
			blockedByReason: { sim_not_own_name: 1 }
		});
		expect(accountCoveragePercent(o)).toBe(50);
	});

	it('counts follow-ups due by the given day', () => {
		const later = hamletOverview({ households: [], residents, asOf: '2026-11-25' });
		expect(later.followUpsDue).toBe(2);
		expect(later.followUpsOverdue).toBe(1);
	});

	it('counts a level 2 account only once it is completed', () => {
		const base = resident(7, { age: 50, account: 'level2_appointment' });
		const booked = {
			...base,
			accountHelp: {
				...base.accountHelp!,
				outcome: { kind: 'level2_appointment' as const, appointmentDate: '2026-11-28' }
			}
		};
		const done = {
			...base,
			accountHelp: {
				...base.accountHelp!,
				outcome: {
					kind: 'level2_appointment' as const,
					appointmentDate: '2026-11-10',
					completedOn: '2026-11-10'
				}
			}
		};
		expect(
			hamletOverview({ households: [], residents: [booked], asOf: AS_OF }).adultsWithAccount
		).toBe(0);
		expect(
			hamletOverview({ households: [], residents: [done], asOf: AS_OF }).adultsWithAccount
		).toBe(1);
	});

	it('has no coverage figure without adults', () => {
		expect(accountCoveragePercent({ adults: 0, adultsWithAccount: 0 })).toBeNull();
	});

	it('splits a commune by hamlet for the officials', () => {
		const a = makeHamletPopulation({ hamlet: 'ap-ben-cho', households: 30, seed: 1 });
		const b = makeHamletPopulation({ hamlet: 'ap-tram-vang', households: 20, seed: 2 });
		const byHamlet = overviewByHamlet({
			households: [...a.households, ...b.households],
			residents: [...a.residents, ...b.residents],
			asOf: AS_OF
		});
		expect([...byHamlet.keys()]).toEqual(['ap-ben-cho', 'ap-tram-vang']);
		expect(byHamlet.get('ap-tram-vang')).toMatchObject({
			households: 20,
			residents: b.residents.length
		});
		const benCho = byHamlet.get('ap-ben-cho')!;
		expect(benCho.adults + benCho.ageUnknown).toBeLessThanOrEqual(benCho.residents);
		expect(benCho.adultsWithAccount).toBeGreaterThan(0);
	});
});

describe('residents who moved away or died', () => {
	it('leave every count of the hamlet but stay on record', () => {
		const asOf = '2026-11-20';
		const adult = { dateOfBirth: '1980-01-01', accountHelp: null };
		const o = hamletOverview({
			households: [{}],
			residents: [
				adult,
				{ ...adult, residency: { status: 'present' } },
				{ ...adult, residency: { status: 'moved_away' } },
				{ ...adult, residency: { status: 'deceased' } }
			],
			asOf
		});
		expect(o).toMatchObject({ residents: 2, adults: 2, adultsWithoutAccount: 2 });
	});
});
