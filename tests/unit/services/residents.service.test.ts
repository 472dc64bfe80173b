import { afterEach, describe, expect, it } from 'vitest';
import { createHousehold, getHousehold, updateHousehold } from '$lib/services/households.service';
import {
	addMember,
	duplicateWarnings,
	giveConsent,
	householdMembers,
	listResidents,
	saveAccountHelp,
	saveDetails,
	detailsOf,
	takeBackConsent
} from '$lib/services/residents.service';
import { updateRecord } from '$lib/db';
import { closeAll, ctxFor, expectOk, HUNG, LAN, testDb } from './helpers';

afterEach(closeAll);

async function visit() {
	const db = await testDb();
	const ctx = ctxFor(db, LAN);
	const hh = expectOk(
		await createHousehold(ctx, {
			hamlet: 'ap-ben-cho',
			houseNumber: '12/3A',
			street: 'Hẻm 5',
			notes: ''
		})
	);
	const head = expectOk(
		await addMember(ctx, hh, { fullName: 'Trần Văn Bình', relationship: 'head' })
	);
	return { db, ctx, hh, head };
}

describe('households', () => {
	it('creates a draft household in the volunteer hamlet with envelope fields', async () => {
		const { db, ctx, hh, head } = await visit();
		expect(hh).toMatchObject({
			commune: '25657',
			hamlet: 'ap-ben-cho',
			createdBy: 'nguyenthilan',
			houseNumber: '12/3A'
		});
		expect(Date.parse(hh.createdAt)).toBe(Date.parse('2026-11-20T08:01:00+07:00'));
		expect(hh.review?.status).toBe('draft');
		expectOk(await updateHousehold(ctx, hh.id, { headResidentId: head.id, houseNumber: ' ' }));
		expect(await getHousehold(db, hh.id)).toMatchObject({
			headResidentId: head.id,
			houseNumber: null
		});
	});

	it('refuses notes holding an OTP, with a Vietnamese message on the field', async () => {
		const { ctx, hh } = await visit();
		const r = await updateHousehold(ctx, hh.id, { notes: 'mã OTP 483920' });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.issues[0]).toMatchObject({ path: 'notes', rule: 'notes.otp' });
	});
});

describe('residents', () => {
	it('keeps only name and relationship until a consent is given', async () => {
		const { ctx, head } = await visit();
		const refused = await saveDetails(ctx, head.id, { ...detailsOf(head), phone: '0912 345 678' });
		expect(refused.ok).toBe(false);
		if (!refused.ok)
			expect(refused.issues.map((i) => i.rule)).toContain('consent.requiredForField');
		expectOk(await giveConsent(ctx, head.id, 'eservice', { method: 'ticked' }));
		const saved = expectOk(
			await saveDetails(ctx, head.id, { ...detailsOf(head), phone: '0912.345.678' })
		);
		expect(saved.phone).toBe('+84912345678');
	});

	it('reports an unreadable phone next to the field', async () => {
		const { ctx, head } = await visit();
		const r = await saveDetails(ctx, head.id, { ...detailsOf(head), phone: '0123' });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.issues[0]).toMatchObject({ path: 'phone', rule: 'phone.length' });
	});

	it('needs a confirmation when the CCCD disagrees with the birth year', async () => {
		const { ctx, head } = await visit();
		expectOk(await giveConsent(ctx, head.id, 'eservice', { method: 'ticked' }));
		const input = {
			...detailsOf(head),
			dateOfBirth: '1980-05-02',
			sex: 'male' as const,
			idNumber: '072 085 123 456'
		};
		const r = await saveDetails(ctx, head.id, input);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.issues[0].rule).toBe('cccd.birthYearMismatch');
		const ok = expectOk(await saveDetails(ctx, head.id, { ...input, cccdMismatchConfirmed: true }));
		expect(ok.idNumber).toBe('072085123456');
	});

	it('records account help and clears it when the consent is withdrawn', async () => {
		const { db, ctx, head } = await visit();
		expectOk(
			await giveConsent(ctx, head.id, 'eservice', {
				method: 'verbal_witness',
				witnessName: 'Lê Thị Hoa'
			})
		);
		expectOk(
			await saveAccountHelp(ctx, head.id, {
				prerequisites: {
					chipIdCard: true,
					smartphoneWithNfc: false,
					simInOwnName: true,
					hasEmail: null
				},
				outcome: { kind: 'blocked', reason: 'phone_without_nfc' },
				followUpDate: '2026-12-01',
				notes: ''
			})
		);
		const withdrawn = expectOk(await takeBackConsent(ctx, head.id, 'eservice'));
		expect(withdrawn.accountHelp).toBeNull();
		expect((await householdMembers(db, head.householdId)).map((m) => m.fullName)).toEqual([
			'Trần Văn Bình'
		]);
	});

	it('refuses account-help notes that look like a password', async () => {
		const { ctx, head } = await visit();
		expectOk(await giveConsent(ctx, head.id, 'eservice', { method: 'ticked' }));
		const r = await saveAccountHelp(ctx, head.id, {
			prerequisites: {
				chipIdCard: true,
				smartphoneWithNfc: true,
				simInOwnName: true,
				hasEmail: false
			},
			outcome: null,
			followUpDate: '',
			notes: 'mật khẩu: Lan@2024x'
		});
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.issues[0].rule).toBe('notes.password');
	});

	it('names a colliding CCCD inside the hamlet and only the hamlet outside it', async () => {
		const { db, ctx, hh, head } = await visit();
		const other = expectOk(
			await addMember(ctx, hh, { fullName: 'Trần Thị Cúc', relationship: 'spouse' })
		);
		for (const id of [head.id, other.id]) {
			expectOk(await giveConsent(ctx, id, 'eservice', { method: 'ticked' }));
		}
		expectOk(await saveDetails(ctx, head.id, { ...detailsOf(head), idNumber: '072085123456' }));
		const residents = await listResidents(db);
		const own = duplicateWarnings({ id: other.id, idNumber: '072 085 123 456' }, residents, LAN);
		expect(own).toEqual([
			{ scope: 'own_hamlet', id: head.id, fullName: 'Trần Văn Bình', householdId: hh.id }
		]);
		const outside = duplicateWarnings({ id: 'x', idNumber: '072085123456' }, residents, HUNG);
		expect(outside).toEqual([{ scope: 'other_hamlet', hamlet: 'ap-ben-cho' }]);
	});

	it('adds what the server found in other hamlets, but only for the number as synced', async () => {
		const { db, ctx, hh, head } = await visit();
		const other = expectOk(
			await addMember(ctx, hh, { fullName: 'Trần Thị Cúc', relationship: 'spouse' })
		);
		for (const id of [head.id, other.id]) {
			expectOk(await giveConsent(ctx, id, 'eservice', { method: 'ticked' }));
		}
		expectOk(await saveDetails(ctx, head.id, { ...detailsOf(head), idNumber: '072085123456' }));
		// The device refuses a second record with the number; one arriving by sync still meets it.
		const refused = await saveDetails(ctx, other.id, {
			...detailsOf(other),
			idNumber: '072085123456'
		});
		expect(refused.ok ? [] : refused.issues.map((i) => i.rule)).toEqual(['cccd.duplicate']);
		await updateRecord(db, 'residents', other.id, (r) => ({ ...r, idNumber: '072085123456' }));
		const residents = await listResidents(db);
		const fromServer = new Map([
			[
				head.id,
				[
					{ residentId: head.id, otherHamlet: 'ap-thanh-hoa', otherHamletName: 'Ấp Thạnh Hòa' },
					// A record this device holds is already named by the local check.
					{
						residentId: head.id,
						otherId: other.id,
						otherHamlet: 'ap-ben-cho',
						otherHamletName: null
					}
				]
			]
		]);
		const warnings = duplicateWarnings(
			{ id: head.id, idNumber: '072085123456' },
			residents,
			LAN,
			fromServer
		);
		expect(warnings).toEqual([
			{ scope: 'own_hamlet', id: other.id, fullName: expect.any(String), householdId: hh.id },
			{ scope: 'other_hamlet', hamlet: 'ap-thanh-hoa', hamletName: 'Ấp Thạnh Hòa' }
		]);
		// Being edited to another number: the server's finding no longer applies.
		expect(
			duplicateWarnings({ id: head.id, idNumber: '072085999999' }, residents, LAN, fromServer)
		).toEqual([]);
	});
});
