import { afterEach, describe, expect, it } from 'vitest';
import { createHousehold } from '$lib/services/households.service';
import { addMember, changeResident, getResident } from '$lib/services/residents.service';
import {
	approveResident,
	notesOn,
	returnResident,
	overdueFollowUps,
	reviewQueue,
	submitResident
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
			await returnResident(hai, r.id, { field: 'fullName', text: 'Tên viết sai dấu' })
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
