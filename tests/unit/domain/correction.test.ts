import { describe, expect, it } from 'vitest';
import {
	collections,
	deleteHouseholdFindings,
	mergeFindings,
	moveFindings,
	removeFindings,
	validateRecord
} from '../../../src/lib/domain/index.ts';

const AT = '2026-11-20T09:30:00+07:00';
const base = {
	id: 'cor-1',
	schemaVersion: 0,
	commune: '25657',
	hamlet: 'ap-ben-cho',
	createdAt: AT,
	updatedAt: AT,
	createdBy: 'nguyenthilan',
	updatedBy: 'nguyenthilan',
	kind: 'member_removed',
	subjectId: 'res-1',
	subjectLabel: 'Trần Văn Ba',
	fromHouseholdId: 'hh-1',
	toHouseholdId: null,
	reason: 'Nhập trùng với hộ bên cạnh'
};
const rules = (doc: unknown) => {
	const v = validateRecord('corrections', doc);
	return v.ok ? [] : v.issues.map((i) => `${i.path}:${i.rule}`);
};
const volunteer = { role: 'volunteer' as const };
const official = { role: 'official' as const };

describe('correction records', () => {
	it('are a synced collection of the hamlet, with the name and reason sealed on the device', () => {
		expect(collections.corrections).toMatchObject({
			access: 'hamlet',
			encrypted: ['subjectLabel', 'reason']
		});
		expect(rules(base)).toEqual([]);
	});

	it('need a reason to remove a member, a target to move or merge, and never hold a secret', () => {
		expect(rules({ ...base, reason: ' ' })).toEqual(['reason:correction.reasonRequired']);
		expect(rules({ ...base, kind: 'member_moved', reason: '' })).toEqual([
			'toHouseholdId:correction.target'
		]);
		expect(rules({ ...base, kind: 'household_merged', toHouseholdId: 'hh-1' })).toEqual([
			'toHouseholdId:correction.sameHousehold'
		]);
		expect(rules({ ...base, reason: 'OTP là 552341' })).toEqual(['reason:notes.otp']);
		expect(rules({ ...base, extra: 1 })).toEqual(['extra:record.unknownField']);
	});
});

describe('who may correct what', () => {
	const member = { householdId: 'hh-1', hamlet: 'ap-ben-cho' };

	it('volunteers move people within their hamlet; officials across hamlets', () => {
		expect(moveFindings(volunteer, member, { id: 'hh-2', hamlet: 'ap-ben-cho' })).toEqual([]);
		expect(
			moveFindings(volunteer, member, { id: 'hh-9', hamlet: 'ap-thanh-hoa' }).map((f) => f.rule)
		).toEqual(['correction.crossHamlet']);
		expect(moveFindings(official, member, { id: 'hh-9', hamlet: 'ap-thanh-hoa' })).toEqual([]);
		expect(moveFindings(official, member, { id: 'hh-1', hamlet: 'ap-ben-cho' })[0].rule).toBe(
			'correction.sameHousehold'
		);
	});

	it('a volunteer does not remove what the commune approved; an official may', () => {
		const approved = { review: { status: 'approved' } };
		expect(removeFindings(volunteer, approved).map((f) => f.rule)).toEqual([
			'correction.removeApproved'
		]);
		expect(removeFindings(official, approved)).toEqual([]);
		expect(removeFindings(volunteer, { review: { status: 'submitted' } })).toEqual([]);
	});

	it('merges within a hamlet for volunteers, and deletes only empty households', () => {
		const a = { id: 'hh-1', hamlet: 'ap-ben-cho' };
		expect(mergeFindings(volunteer, a, { id: 'hh-2', hamlet: 'ap-ben-cho' })).toEqual([]);
		expect(mergeFindings(volunteer, a, { id: 'hh-3', hamlet: 'ap-thanh-hoa' })[0].rule).toBe(
			'correction.crossHamlet'
		);
		expect(mergeFindings(official, a, a)[0].rule).toBe('correction.sameHousehold');
		expect(deleteHouseholdFindings(0)).toEqual([]);
		expect(deleteHouseholdFindings(1)[0].rule).toBe('correction.householdNotEmpty');
	});
});
