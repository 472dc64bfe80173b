import { describe, expect, it } from 'vitest';
import { accountHelpFindings, type AccountHelp } from '../../../src/lib/domain/index.ts';

const TODAY = '2026-11-20';
const ready = { chipIdCard: true, smartphoneWithNfc: true, simInOwnName: true, hasEmail: null };

function help(over: Partial<AccountHelp> = {}): AccountHelp {
	return {
		prerequisites: ready,
		outcome: null,
		followUpDate: null,
		updatedAt: `${TODAY}T09:00:00+07:00`,
		...over
	};
}
const rules = (next: AccountHelp, previous: AccountHelp | null = null) =>
	accountHelpFindings(next, { today: TODAY, previous }).map((f) => `${f.severity}:${f.rule}`);

describe('account help rules', () => {
	it('refuses an activation or a level 2 completion dated after today', () => {
		expect(rules(help({ outcome: { kind: 'level1_activated', on: '2026-11-21' } }))).toEqual([
			'error:account.activatedFuture'
		]);
		expect(rules(help({ outcome: { kind: 'level1_activated', on: TODAY } }))).toEqual([]);
		const done = { kind: 'level2_appointment' as const, appointmentDate: '2026-11-10' };
		expect(rules(help({ outcome: { ...done, completedOn: '2026-12-01' } }))).toEqual([
			'error:account.completedFuture'
		]);
		expect(rules(help({ outcome: { ...done, completedOn: '2026-11-12' } }))).toEqual([]);
	});

	it('refuses a follow-up planned in the past, but not one that has passed since it was set', () => {
		expect(rules(help({ followUpDate: '2026-11-19' }))).toEqual(['error:account.followUpPast']);
		expect(rules(help({ followUpDate: TODAY }))).toEqual([]);
		const earlier = help({ followUpDate: '2026-11-15' });
		expect(rules(help({ followUpDate: '2026-11-15', notes: 'Đã gọi' }), earlier)).toEqual([]);
	});

	it('asks to confirm a level 1 activation that contradicts the prerequisites', () => {
		const activated = { kind: 'level1_activated' as const, on: TODAY };
		expect(
			rules(help({ outcome: activated, prerequisites: { ...ready, simInOwnName: false } }))
		).toEqual(['confirm:account.level1WithoutOwnSim']);
		expect(
			rules(
				help({
					outcome: activated,
					prerequisites: { ...ready, chipIdCard: false, smartphoneWithNfc: false }
				})
			)
		).toEqual(['confirm:account.level1WithoutChipCard', 'confirm:account.level1WithoutNfc']);
		// Unknown prerequisites are not a contradiction.
		expect(
			rules(help({ outcome: activated, prerequisites: { ...ready, simInOwnName: null } }))
		).toEqual([]);
	});

	it('does not ask again about a contradiction already saved when nothing about it changed', () => {
		const saved = help({
			outcome: { kind: 'level1_activated', on: '2026-11-01' },
			prerequisites: { ...ready, simInOwnName: false }
		});
		expect(rules({ ...saved, notes: 'Đã hướng dẫn đổi mật khẩu ứng dụng' }, saved)).toEqual([]);
	});
});
