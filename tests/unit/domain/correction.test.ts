import { describe, expect, it } from 'vitest';
import {
	deleteHouseholdFindings,
	mergeFindings,
	moveFindings,
	removedStub,
	removeFindings,
	validateRecord
} from '../../../src/lib/domain/index.ts';
import { makeResident } from '../../factories/index.ts';

const AT = '2026-11-20T09:30:00+07:00';
const volunteer = { role: 'volunteer' as const };
const official = { role: 'official' as const };
const rules = (doc: unknown) => {
	const v = validateRecord('residents', doc);
	return v.ok ? [] : v.issues.map((i) => `${i.path}:${i.rule}`);
};

describe('a member removed by mistake', () => {
	const full = makeResident({
		seed: 5,
		consentTo: ['eservice', 'dossier'],
		account: 'level1_activated',
		createdAt: AT,
		updatedAt: AT
	});

	it('keeps only the name, relationship, who, when and why; the stub is a valid record', () => {
		const stub = removedStub(full, {
			username: 'nguyenthilan',
			at: AT,
			reason: ' Nhập trùng với hộ bên cạnh '
		});
		expect(stub).toMatchObject({
			fullName: full.fullName,
			relationship: full.relationship,
			dateOfBirth: null,
			idNumber: null,
			phone: null,
			consents: [],
			accountHelp: null,
			notes: '',
			residency: {
				status: 'removed',
				reason: 'Nhập trùng với hộ bên cạnh',
				recordedBy: 'nguyenthilan',
				recordedAt: AT
			}
		});
		expect(rules(stub)).toEqual([]);
	});

	it('needs a reason, never a secret, and may not keep personal data', () => {
		const stub = removedStub(full, { username: 'nguyenthilan', at: AT, reason: 'Nhầm' });
		expect(rules({ ...stub, residency: { ...stub.residency, reason: ' ' } })).toEqual([
			'residency.reason:correction.reasonRequired'
		]);
		expect(
			rules({ ...stub, residency: { ...stub.residency, reason: 'mật khẩu: Lan@2024x' } })
		).toEqual(['residency.reason:notes.password']);
		expect(rules({ ...stub, notes: 'còn ghi chú' })).toEqual([
			'residency:residency.removedHoldsData'
		]);
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

	it('merges within a hamlet for volunteers; deletes only a household nobody lives in', () => {
		const a = { id: 'hh-1', hamlet: 'ap-ben-cho' };
		expect(mergeFindings(volunteer, a, { id: 'hh-2', hamlet: 'ap-ben-cho' })).toEqual([]);
		expect(mergeFindings(volunteer, a, { id: 'hh-3', hamlet: 'ap-thanh-hoa' })[0].rule).toBe(
			'correction.crossHamlet'
		);
		expect(mergeFindings(official, a, a)[0].rule).toBe('correction.sameHousehold');
		expect(deleteHouseholdFindings([])).toEqual([]);
		expect(deleteHouseholdFindings([{ residency: { status: 'removed' } }])).toEqual([]);
		for (const status of ['present', 'moved_away', 'deceased']) {
			expect(deleteHouseholdFindings([{ residency: { status } }])[0].rule).toBe(
				'correction.householdNotEmpty'
			);
		}
	});
});
