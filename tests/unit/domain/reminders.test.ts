import { describe, expect, it } from 'vitest';
import {
	daysBetween,
	followUps,
	levelTwoAppointments,
	notSentToCommune,
	type AccountHelp
} from '../../../src/lib/domain/index.ts';

const AS_OF = '2026-11-20';
const prereq = { chipIdCard: true, smartphoneWithNfc: true, simInOwnName: true, hasEmail: null };
function person(id: string, help: Partial<AccountHelp> | null, extra: object = {}) {
	return {
		id,
		fullName: id,
		householdId: 'hh',
		accountHelp: help
			? {
					prerequisites: prereq,
					outcome: null,
					followUpDate: null,
					updatedAt: `${AS_OF}T08:00:00+07:00`,
					...help
				}
			: null,
		...extra
	};
}
const appt = (appointmentDate: string, completedOn?: string) => ({
	outcome: {
		kind: 'level2_appointment' as const,
		appointmentDate,
		...(completedOn ? { completedOn } : {})
	}
});

describe('home-screen reminders', () => {
	it('lists level 2 appointments ahead, soonest first, and those passed without a result', () => {
		const r = levelTwoAppointments(
			[
				person('later', appt('2026-12-01')),
				person('soon', appt('2026-11-21')),
				person('today', appt(AS_OF)),
				person('missed', appt('2026-11-15')),
				person('done', appt('2026-11-10', '2026-11-10')),
				person('gone', appt('2026-11-25'), { residency: { status: 'moved_away' } })
			],
			AS_OF
		);
		expect(r.upcoming.map((a) => a.resident.id)).toEqual(['today', 'soon', 'later']);
		expect(r.missed.map((a) => a.resident.id)).toEqual(['missed']);
	});

	it('splits follow-ups due today from overdue ones, leaving out residents whose account works', () => {
		const r = followUps(
			[
				person('due', { followUpDate: AS_OF }),
				person('late', { followUpDate: '2026-11-02' }),
				person('later', { followUpDate: '2026-11-30' }),
				person('active', {
					followUpDate: '2026-11-01',
					outcome: { kind: 'already_active', level: 1 }
				})
			],
			AS_OF
		);
		expect(r.today.map((a) => a.resident.id)).toEqual(['due']);
		expect(r.overdue.map((a) => [a.resident.id, daysBetween(a.date, AS_OF)])).toEqual([
			['late', 18]
		]);
	});

	it('names what the commune has not received', () => {
		const r = notSentToCommune([
			person('new', null),
			person('draft', null, { review: { status: 'draft' } }),
			person('sent', null, { review: { status: 'submitted' } }),
			person('back', null, { review: { status: 'returned' } })
		]);
		expect(r.drafts.map((x) => x.id)).toEqual(['new', 'draft']);
		expect(r.returned.map((x) => x.id)).toEqual(['back']);
	});

	it('lists the latest changed first, so a long list still shows what was just recorded', () => {
		const r = notSentToCommune([
			person('old', null, { updatedAt: '2026-11-01T08:00:00+07:00' }),
			person('newest', null, { updatedAt: '2026-11-20T09:00:00+07:00' }),
			person('middle', null, { updatedAt: '2026-11-10T08:00:00+07:00' })
		]);
		expect(r.drafts.map((x) => x.id)).toEqual(['newest', 'middle', 'old']);
	});
});
