import { afterEach, describe, expect, it } from 'vitest';
import {
	deleteHousehold,
	mergeHouseholds,
	moveMember,
	removeMember,
	residencyChanges,
	setResidency
} from '$lib/services/corrections.service';
import { createHousehold, getHousehold, updateHousehold } from '$lib/services/households.service';
import {
	addMember,
	getResident,
	giveConsent,
	householdMembers
} from '$lib/services/residents.service';
import { approveResident, submitResident } from '$lib/services/review.service';
import { closeAll, ctxFor, expectOk, HAI, LAN, testDb } from './helpers';

afterEach(closeAll);

async function twoHouseholds() {
	const db = await testDb();
	const ctx = ctxFor(db, LAN);
	const house = async (houseNumber: string, head: string) => {
		const hh = expectOk(
			await createHousehold(ctx, { hamlet: 'ap-ben-cho', houseNumber, street: 'Hẻm 2', notes: '' })
		);
		const h = expectOk(await addMember(ctx, hh, { fullName: head, relationship: 'head' }));
		expectOk(await updateHousehold(ctx, hh.id, { headResidentId: h.id }));
		return { hh, head: h };
	};
	return { db, ctx, a: await house('10', 'Lê Văn An'), b: await house('12', 'Phạm Thị Bé') };
}

describe('correcting members and households', () => {
	it('removes a member entered by mistake, keeping name, reason, who and when', async () => {
		const { db, ctx, a } = await twoHouseholds();
		const wrong = expectOk(
			await addMember(ctx, a.hh, { fullName: 'Lê Văn Nhầm', relationship: 'child' })
		);
		expectOk(await giveConsent(ctx, wrong.id, 'eservice', { method: 'ticked' }));
		const refused = await removeMember(ctx, wrong.id, '');
		expect(refused.ok ? [] : refused.issues.map((i) => i.rule)).toEqual([
			'correction.reasonRequired'
		]);
		expect((await getResident(db, wrong.id))?.consents).toHaveLength(1);

		expectOk(await removeMember(ctx, wrong.id, 'Nhập trùng, đã có ở hộ bên cạnh'));
		expect(await getResident(db, wrong.id)).toMatchObject({
			fullName: 'Lê Văn Nhầm',
			consents: [],
			residency: {
				status: 'removed',
				reason: 'Nhập trùng, đã có ở hộ bên cạnh',
				recordedBy: 'nguyenthilan'
			}
		});
		expect(residencyChanges(await householdMembers(db, a.hh.id)).map((r) => r.id)).toEqual([
			wrong.id
		]);
	});

	it('does not let a volunteer remove an approved record', async () => {
		const { db, ctx, a } = await twoHouseholds();
		expectOk(await submitResident(ctx, a.head.id));
		expectOk(await approveResident(ctxFor(db, HAI, '2026-11-21T08:00:00+07:00'), a.head.id));
		const r = await removeMember(ctx, a.head.id, 'Nhầm');
		expect(r.ok ? [] : r.issues.map((i) => i.rule)).toEqual(['correction.removeApproved']);
		expect((await getResident(db, a.head.id))?.residency.status).toBe('present');
	});

	it('marks a head as moved away: kept on record, the household has no head until another is chosen', async () => {
		const { db, ctx, a } = await twoHouseholds();
		const moved = expectOk(
			await setResidency(ctx, a.head.id, {
				status: 'moved_away',
				on: '2026-11-01',
				note: 'Lên TP.HCM'
			})
		);
		expect(moved.residency).toMatchObject({
			status: 'moved_away',
			on: '2026-11-01',
			recordedBy: 'nguyenthilan'
		});
		expect((await getHousehold(db, a.hh.id))?.headResidentId).toBeNull();
		// A new head is now possible.
		expectOk(await addMember(ctx, a.hh, { fullName: 'Lê Thị Út', relationship: 'head' }));
		const back = await setResidency(ctx, a.head.id, { status: 'present', on: '', note: '' });
		expect(back.ok).toBe(true);
	});

	it('moves a member within the hamlet with a new relationship, and refuses a second head there', async () => {
		const { db, ctx, a, b } = await twoHouseholds();
		const child = expectOk(
			await addMember(ctx, a.hh, { fullName: 'Lê Văn Con', relationship: 'child' })
		);
		const two = await moveMember(ctx, child.id, b.hh.id, 'head');
		expect(two.ok ? [] : two.issues.map((i) => i.rule)).toEqual(['household.headExists']);
		const moved = expectOk(await moveMember(ctx, child.id, b.hh.id, 'child_in_law'));
		expect(moved).toMatchObject({ householdId: b.hh.id, relationship: 'child_in_law' });
		expect((await householdMembers(db, a.hh.id)).map((m) => m.id)).not.toContain(child.id);
	});

	it('refuses a volunteer move to another hamlet; an official may make it', async () => {
		const { db, ctx, a } = await twoHouseholds();
		const hai = ctxFor(db, HAI, '2026-11-21T08:00:00+07:00');
		const other = expectOk(
			await createHousehold(hai, {
				hamlet: 'ap-thanh-hoa',
				houseNumber: '3',
				street: '',
				notes: ''
			})
		);
		const r = await moveMember(ctx, a.head.id, other.id, 'head');
		expect(r.ok ? [] : r.issues.map((i) => i.rule)).toEqual(['correction.crossHamlet']);
		const moved = expectOk(await moveMember(hai, a.head.id, other.id, 'head'));
		expect(moved).toMatchObject({ householdId: other.id, hamlet: 'ap-thanh-hoa' });
		expect((await getHousehold(db, other.id))?.headResidentId).toBe(a.head.id);
	});

	it('merges a duplicate household: members move, the old head takes the chosen relationship, the duplicate goes', async () => {
		const { db, ctx, a, b } = await twoHouseholds();
		const kid = expectOk(
			await addMember(ctx, a.hh, { fullName: 'Lê Văn Nhỏ', relationship: 'child' })
		);
		expectOk(await mergeHouseholds(ctx, a.hh.id, b.hh.id, 'spouse'));
		expect(await getHousehold(db, a.hh.id)).toBeNull();
		const members = await householdMembers(db, b.hh.id);
		expect(members.map((m) => `${m.fullName}:${m.relationship}`).sort()).toEqual([
			'Lê Văn An:spouse',
			'Lê Văn Nhỏ:child',
			'Phạm Thị Bé:head'
		]);
		expect((await getResident(db, kid.id))?.householdId).toBe(b.hh.id);
	});

	it('deletes only a household nobody lives in; stubs of removed members stay on record', async () => {
		const { db, ctx, a } = await twoHouseholds();
		const full = await deleteHousehold(ctx, a.hh.id);
		expect(full.ok ? [] : full.issues.map((i) => i.rule)).toEqual(['correction.householdNotEmpty']);
		const wrong = expectOk(
			await createHousehold(ctx, { hamlet: 'ap-ben-cho', houseNumber: '99', street: '', notes: '' })
		);
		const ghost = expectOk(
			await addMember(ctx, wrong, { fullName: 'Người Nhầm', relationship: 'head' })
		);
		expectOk(await removeMember(ctx, ghost.id, 'Không có ai ở nhà này'));
		expectOk(await deleteHousehold(ctx, wrong.id));
		expect(await getHousehold(db, wrong.id)).toBeNull();
		expect((await getResident(db, ghost.id))?.residency).toMatchObject({
			status: 'removed',
			reason: 'Không có ai ở nhà này'
		});
	});
});
