import { afterEach, describe, expect, it } from 'vitest';
import { createHousehold } from '$lib/services/households.service';
import { addMember, changeResident, getResident } from '$lib/services/residents.service';
import {
	approveHousehold,
	approveResident,
	historyNoteParts,
	notesOn,
	returnResident,
	overdueFollowUps,
	reviewQueue,
	submitResident,
	wasApproved
} from '$lib/services/review.service';
import { closeAll, ctxFor, expectOk, HAI, LAN, testDb } from './helpers';

afterEach(closeAll);

describe('review loop', () => {
	it('submit → return with a note on a field → resubmit → approve, keeping the history', async () => {
		const db = await testDb();
		const lan = ctxFor(db, LAN);
		const hai = ctxFor(db, HAI, '2026-11-21T09:00:00+07:00');
		const hh = expectOk(
			await createHousehold(lan, { hamlet: 'ap-ben-cho', houseNumber: '7', street: '', notes: '' })
		);
		const r = expectOk(await addMember(lan, hh, { fullName: 'Võ Văn Tám', relationship: 'head' }));
		expectOk(await submitResident(lan, r.id));
		expect(
			reviewQueue([(await getResident(db, r.id))!], { hamlet: 'ap-ben-cho', status: 'submitted' })
		).toHaveLength(1);

		const returned = expectOk(
			await returnResident(hai, r.id, [{ field: 'fullName', text: 'Tên viết sai dấu' }])
		);
		expect(returned.review?.status).toBe('returned');
		expect(notesOn(returned, 'fullName')[0]).toMatchObject({
			text: 'Tên viết sai dấu',
			by: 'cb.tranvanhai'
		});

		const resubmitted = expectOk(await submitResident(lan, r.id));
		expect(resubmitted.review?.status).toBe('submitted');
		expect(resubmitted.review?.notes).toEqual([]);

		const approved = expectOk(await approveResident(hai, r.id));
		expect(approved.review?.history.map((h) => h.action)).toEqual([
			'submit',
			'return',
			'resubmit',
			'approve'
		]);
		expect(approved.review?.history[1].note).toBe('fullName: Tên viết sai dấu');
	});

	it('reopens an approved record as a draft when the volunteer changes it', async () => {
		const db = await testDb();
		const lan = ctxFor(db, LAN);
		const hai = ctxFor(db, HAI, '2026-11-21T09:00:00+07:00');
		const hh = expectOk(
			await createHousehold(lan, { hamlet: 'ap-ben-cho', houseNumber: '8', street: '', notes: '' })
		);
		const r = expectOk(await addMember(lan, hh, { fullName: 'Võ Thị Chín', relationship: 'head' }));
		expectOk(await submitResident(lan, r.id));
		expectOk(await approveResident(hai, r.id));
		const changed = expectOk(
			await changeResident(lan, r.id, (x) => ({ ...x, notes: 'Chuyển về ở với con' }))
		);
		expect(changed.review?.status).toBe('draft');
		expect(changed.review?.history.map((h) => h.action)).toEqual(['submit', 'approve']);
		expect(wasApproved(changed)).toBe(true);
		// Sent back, it goes as a resubmission: the commune saw an earlier version.
		const resent = expectOk(await submitResident(lan, r.id));
		expect(resent.review?.history.map((h) => h.action)).toEqual(['submit', 'approve', 'resubmit']);
	});

	it('returns several fields at once and shows each by its label, never its key', async () => {
		const db = await testDb();
		const lan = ctxFor(db, LAN);
		const hai = ctxFor(db, HAI, '2026-11-21T09:00:00+07:00');
		const hh = expectOk(
			await createHousehold(lan, { hamlet: 'ap-ben-cho', houseNumber: '9', street: '', notes: '' })
		);
		const r = expectOk(await addMember(lan, hh, { fullName: 'Võ Văn Mười', relationship: 'head' }));
		expectOk(await submitResident(lan, r.id));
		const back = expectOk(
			await returnResident(hai, r.id, [
				{ field: 'fullName', text: 'Thiếu dấu' },
				{ field: 'dateOfBirth', text: 'Xem lại năm sinh' },
				{ field: 'phone', text: '   ' }
			])
		);
		expect(back.review?.notes.map((n) => n.field)).toEqual(['fullName', 'dateOfBirth']);
		const note = back.review!.history.at(-1)!.note!;
		expect(historyNoteParts(note)).toEqual([
			{ field: 'fullName', text: 'Thiếu dấu' },
			{ field: 'dateOfBirth', text: 'Xem lại năm sinh' }
		]);
		expect(historyNoteParts('Ghi chú tự do: không phải trường')).toEqual([
			{ field: null, text: 'Ghi chú tự do: không phải trường' }
		]);
	});

	it('does not approve or return an approved record again, and approves a whole household', async () => {
		const db = await testDb();
		const lan = ctxFor(db, LAN);
		const hai = ctxFor(db, HAI, '2026-11-21T09:00:00+07:00');
		const hh = expectOk(
			await createHousehold(lan, { hamlet: 'ap-ben-cho', houseNumber: '10', street: '', notes: '' })
		);
		const a = expectOk(await addMember(lan, hh, { fullName: 'Võ Văn Một', relationship: 'head' }));
		const b = expectOk(
			await addMember(lan, hh, { fullName: 'Võ Thị Hai', relationship: 'spouse' })
		);
		const c = expectOk(await addMember(lan, hh, { fullName: 'Võ Văn Ba', relationship: 'child' }));
		for (const r of [a, b]) expectOk(await submitResident(lan, r.id));
		const all = async () => Promise.all([a, b, c].map(async (r) => (await getResident(db, r.id))!));
		const approved = expectOk(await approveHousehold(hai, await all(), hh.id));
		expect(approved.map((r) => r.id)).toEqual([a.id, b.id]);
		// The draft was never sent, so it is not approved with the others.
		expect((await all()).map((r) => r.review?.status)).toEqual(['approved', 'approved', 'draft']);
		const again = expectOk(await approveResident(hai, a.id));
		expect(again.review?.history.map((h) => h.action)).toEqual(['submit', 'approve']);
		const ret = expectOk(await returnResident(hai, a.id, [{ field: 'notes', text: 'x' }]));
		expect(ret.review?.status).toBe('approved');
	});

	it('lets only officials return or approve', async () => {
		const db = await testDb();
		const lan = ctxFor(db, LAN);
		expect(() => approveResident(lan, 'x')).toThrow();
	});

	it('filters the queue by hamlet and status and leaves drafts out', () => {
		const base = { updatedAt: '2026-11-20T08:00:00+07:00' };
		const rows = [
			{ id: 'a', hamlet: 'ap-ben-cho', review: { status: 'submitted', notes: [], history: [] } },
			{ id: 'b', hamlet: 'ap-thanh-hoa', review: { status: 'returned', notes: [], history: [] } },
			{ id: 'c', hamlet: 'ap-ben-cho', review: { status: 'draft', notes: [], history: [] } }
		].map((r) => ({ ...base, ...r })) as never[];
		expect(
			reviewQueue(rows, { hamlet: null, status: null }).map((r: { id: string }) => r.id)
		).toEqual(['a', 'b']);
		expect(reviewQueue(rows, { hamlet: 'ap-thanh-hoa', status: null })).toHaveLength(1);
		expect(reviewQueue(rows, { hamlet: null, status: 'approved' })).toHaveLength(0);
	});

	it('counts follow-ups past their day for residents still without an account', () => {
		const help = (followUpDate: string, kind?: 'level1_activated') => ({
			prerequisites: {
				chipIdCard: true,
				smartphoneWithNfc: true,
				simInOwnName: true,
				hasEmail: null
			},
			outcome: kind ? { kind, on: '2026-11-01' } : null,
			followUpDate,
			updatedAt: '2026-11-01T08:00:00+07:00'
		});
		const rows = [
			{ hamlet: 'ap-ben-cho', accountHelp: help('2026-11-19') },
			{ hamlet: 'ap-ben-cho', accountHelp: help('2026-11-20') },
			{ hamlet: 'ap-ben-cho', accountHelp: help('2026-11-10', 'level1_activated') },
			{ hamlet: 'ap-thanh-hoa', accountHelp: help('2026-10-02') },
			{ hamlet: 'ap-thanh-hoa', accountHelp: null }
		];
		expect(overdueFollowUps(rows as never, '2026-11-20')).toEqual({
			'ap-ben-cho': 1,
			'ap-thanh-hoa': 1
		});
	});
});
