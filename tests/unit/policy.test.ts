import { describe, expect, it } from 'vitest';
import {
	collections,
	canRead,
	canWrite,
	reopenedForReview,
	type Actor,
	type ScopedDoc
} from '../../src/lib/domain/index.ts';

const households = collections.households;
const heartbeats = collections.heartbeats;

const lan: Actor = {
	username: 'nguyenthilan',
	role: 'volunteer',
	commune: '25657',
	hamlets: ['ap-ben-cho']
};
const multi: Actor = {
	username: 'levanhung',
	role: 'volunteer',
	commune: '25657',
	hamlets: ['ap-thanh-hoa', 'ap-cau-sat']
};
const hai: Actor = { username: 'cb.tranvanhai', role: 'official', commune: '25657', hamlets: [] };
const admin: Actor = { username: 'admin', role: 'admin', commune: null, hamlets: [] };
const tuan: Actor = {
	username: 'phamminhtuan',
	role: 'volunteer',
	commune: '25666',
	hamlets: ['ap-thuan-an']
};

const doc = (over: Partial<ScopedDoc> = {}): ScopedDoc => ({
	commune: '25657',
	hamlet: 'ap-ben-cho',
	createdBy: 'nguyenthilan',
	updatedBy: 'nguyenthilan',
	...over
});

describe('canRead', () => {
	it.each([
		['volunteer, own hamlet', lan, doc(), true],
		['volunteer, other hamlet', lan, doc({ hamlet: 'ap-thanh-hoa' }), false],
		['volunteer with two hamlets, second one', multi, doc({ hamlet: 'ap-cau-sat' }), true],
		['official, any hamlet of the commune', hai, doc({ hamlet: 'ap-thanh-hoa' }), true],
		['official, other commune', hai, doc({ commune: '25666' }), false],
		[
			'volunteer of another commune, same hamlet id',
			{ ...tuan, hamlets: ['ap-ben-cho'] },
			doc(),
			false
		],
		['admin, anything', admin, doc({ commune: '25666' }), true],
		['a document without scope fields', lan, {}, false]
	] as const)('hamlet records: %s → %s', (_l, actor, d, expected) => {
		expect(canRead(actor, d, households)).toBe(expected);
	});

	it.each([
		['their writer', lan, doc(), true],
		['another volunteer of the same hamlet', { ...lan, username: 'tnv.khac' }, doc(), false],
		['an official of the commune', hai, doc({ createdBy: 'levanhung' }), true],
		['an official of another commune', { ...hai, commune: '25666' }, doc(), false]
	] as const)("'own' records (heartbeats) are readable by %s → %s", (_l, actor, d, expected) => {
		expect(canRead(actor, d, heartbeats)).toBe(expected);
	});
});

describe('canWrite', () => {
	const rule = (r: ReturnType<typeof canWrite>) => (r.ok ? 'ok' : r.issue.rule);

	it('lets a volunteer create and edit records of their hamlets', () => {
		expect(rule(canWrite(lan, null, doc(), households))).toBe('ok');
		expect(rule(canWrite(lan, doc(), doc({ review: { status: 'submitted' } }), households))).toBe(
			'ok'
		);
	});

	it('refuses records of other hamlets, before or after the change', () => {
		expect(rule(canWrite(lan, null, doc({ hamlet: 'ap-thanh-hoa' }), households))).toBe(
			'policy.hamlet'
		);
		expect(rule(canWrite(lan, doc({ hamlet: 'ap-thanh-hoa' }), doc(), households))).toBe(
			'policy.hamlet'
		);
		expect(rule(canWrite(lan, doc(), doc({ hamlet: 'ap-thanh-hoa' }), households))).toBe(
			'policy.hamlet'
		);
	});

	it('refuses another commune, for every role but admin', () => {
		expect(
			rule(canWrite(hai, null, doc({ commune: '25666', updatedBy: hai.username }), households))
		).toBe('policy.commune');
		expect(rule(canWrite(admin, null, doc({ commune: '25666' }), households))).toBe('ok');
	});

	it('keeps approving and returning to officials', () => {
		expect(rule(canWrite(lan, doc(), doc({ review: { status: 'approved' } }), households))).toBe(
			'policy.review'
		);
		expect(rule(canWrite(lan, doc(), doc({ review: { status: 'returned' } }), households))).toBe(
			'policy.review'
		);
		// Editing a returned record keeps its status: allowed until resubmitted.
		expect(
			rule(
				canWrite(
					lan,
					doc({ review: { status: 'returned' } }),
					doc({ review: { status: 'returned' } }),
					households
				)
			)
		).toBe('ok');
		const byHai = { updatedBy: hai.username };
		expect(
			rule(canWrite(hai, doc(), doc({ ...byHai, review: { status: 'approved' } }), households))
		).toBe('ok');
		expect(
			rule(
				canWrite(
					hai,
					doc(),
					doc({ ...byHai, hamlet: 'ap-thanh-hoa', review: { status: 'returned' } }),
					households
				)
			)
		).toBe('ok');
	});

	it('keeps createdBy, and makes updatedBy the writer', () => {
		expect(rule(canWrite(lan, doc(), doc({ createdBy: 'someone.else' }), households))).toBe(
			'policy.createdBy'
		);
		expect(rule(canWrite(lan, null, doc({ updatedBy: 'levanhung' }), households))).toBe(
			'policy.updatedBy'
		);
		// Deletions are stamped by whoever deletes, too.
		expect(
			rule(canWrite(lan, doc(), doc({ _deleted: true, updatedBy: 'levanhung' }), households))
		).toBe('policy.updatedBy');
		expect(rule(canWrite(lan, doc(), doc({ _deleted: true }), households))).toBe('ok');
	});

	it("'own' records are written by their creator only, officials included", () => {
		const hb = (over: Partial<ScopedDoc> = {}) => doc({ username: 'nguyenthilan', ...over });
		expect(rule(canWrite(lan, null, hb(), heartbeats))).toBe('ok');
		const byHai = { createdBy: hai.username, updatedBy: hai.username, username: hai.username };
		expect(rule(canWrite(hai, null, hb(byHai), heartbeats))).toBe('ok');
		expect(rule(canWrite(hai, hb(), hb({ updatedBy: hai.username }), heartbeats))).toBe(
			'policy.own'
		);
		expect(
			rule(
				canWrite({ ...lan, username: 'tnv.khac' }, null, hb({ updatedBy: 'tnv.khac' }), heartbeats)
			)
		).toBe('policy.own');
		// A heartbeat names the signed-in user as the device's user too.
		expect(rule(canWrite(lan, null, hb({ username: 'levanhung' }), heartbeats))).toBe(
			'policy.user'
		);
	});

	it('fixes createdBy at creation to the signed-in user, also over a tombstone', () => {
		expect(rule(canWrite(lan, null, doc({ createdBy: 'levanhung' }), households))).toBe(
			'policy.creator'
		);
		expect(
			rule(
				canWrite(hai, null, doc({ createdBy: lan.username, updatedBy: hai.username }), households)
			)
		).toBe('policy.creator');
		const tombstone = doc({ _deleted: true, createdBy: 'levanhung' });
		expect(rule(canWrite(lan, tombstone, doc(), households))).toBe('ok');
		expect(rule(canWrite(admin, null, doc({ createdBy: 'levanhung' }), households))).toBe('ok');
	});

	it('refuses roles that are not writers of the collection', () => {
		const readOnly = { ...households, writers: ['official'] as const };
		expect(rule(canWrite(lan, null, doc(), readOnly))).toBe('policy.role');
	});

	it('gives bilingual messages with the field', () => {
		const r = canWrite(lan, null, doc({ hamlet: 'ap-thanh-hoa' }), households);
		expect(r).toEqual({
			ok: false,
			issue: {
				path: 'hamlet',
				rule: 'policy.hamlet',
				message: { en: expect.stringContaining('hamlet'), vi: expect.stringContaining('ấp') }
			}
		});
	});
});

describe('review workflow', () => {
	const rule = (r: ReturnType<typeof canWrite>) => (r.ok ? 'ok' : r.issue.rule);
	const at = '2026-11-30T09:00:00+07:00';
	const submit = { action: 'submit', by: lan.username, at };
	const approve = { action: 'approve', by: hai.username, at };
	const note = { field: 'phone', text: 'Số điện thoại chưa đúng', by: hai.username, at };
	const reviewed = (status: string, history: unknown[] = [], notes: unknown[] = []) =>
		doc({ review: { status, history, notes } });
	const asHai = (d: ScopedDoc) => ({ ...d, updatedBy: hai.username });
	const write = (actor: Actor, prev: ScopedDoc | null, next: ScopedDoc) =>
		rule(canWrite(actor, prev, next, households));

	it('lets a volunteer submit and resubmit in their own name, and close notes', () => {
		expect(write(lan, reviewed('draft'), reviewed('submitted', [submit]))).toBe('ok');
		const returned = reviewed('returned', [submit, { ...approve, action: 'return' }], [note]);
		const resubmitted = reviewed(
			'submitted',
			[submit, { ...approve, action: 'return' }, { ...submit, action: 'resubmit' }],
			[]
		);
		expect(write(lan, returned, resubmitted)).toBe('ok');
	});

	it('keeps history append-only for non-admins', () => {
		const two = reviewed('approved', [submit, approve]);
		expect(write(lan, two, reviewed('approved', [submit]))).toBe('policy.history');
		expect(write(lan, two, reviewed('approved', [approve, submit]))).toBe('policy.history');
		expect(write(lan, two, reviewed('approved', [{ ...submit, note: 'sửa' }, approve]))).toBe(
			'policy.history'
		);
		expect(write(lan, two, { ...two, review: null })).toBe('policy.history');
		expect(write(hai, two, asHai(reviewed('approved', [submit])))).toBe('policy.history');
		expect(write(admin, two, reviewed('draft', []))).toBe('ok');
	});

	it('refuses a volunteer writing an approval, another name, or a note', () => {
		const draft = reviewed('draft');
		expect(write(lan, draft, reviewed('submitted', [approve]))).toBe('policy.historyEntry');
		expect(write(lan, draft, reviewed('submitted', [{ ...approve, by: lan.username }]))).toBe(
			'policy.historyEntry'
		);
		expect(write(lan, draft, reviewed('submitted', [{ ...submit, by: 'levanhung' }]))).toBe(
			'policy.historyEntry'
		);
		expect(write(lan, draft, reviewed('submitted', [submit], [note]))).toBe('policy.notes');
		expect(write(lan, draft, reviewed('approved', [submit]))).toBe('policy.review');
		expect(write(lan, null, reviewed('returned'))).toBe('policy.review');
	});

	it('lets officials approve, return and add notes in their own name only', () => {
		const sent = reviewed('submitted', [submit]);
		expect(write(hai, sent, asHai(reviewed('approved', [submit, approve])))).toBe('ok');
		expect(write(hai, sent, asHai(reviewed('returned', [submit], [note])))).toBe('ok');
		const otherOfficial = { ...approve, by: 'cb.nguyenvanb' };
		expect(write(hai, sent, asHai(reviewed('approved', [submit, otherOfficial])))).toBe(
			'policy.reviewer'
		);
		expect(
			write(hai, sent, asHai(reviewed('returned', [submit], [{ ...note, by: 'cb.nguyenvanb' }])))
		).toBe('policy.reviewer');
	});

	it('a volunteer changing an approved record must take it out of approved', () => {
		const approved = reviewed('approved', [submit, approve]);
		const edited = { ...approved, street: 'Hẻm 9' };
		expect(write(lan, approved, edited)).toBe('policy.approvedEdit');
		const reopened = reopenedForReview('volunteer', approved, edited);
		expect(reopened.review?.status).toBe('draft');
		expect(write(lan, approved, reopened)).toBe('ok');
		// Touching it, or settling a conflict by keeping the current value, is not an edit.
		expect(write(lan, approved, { ...approved, updatedAt: at, conflicts: [] })).toBe('ok');
		expect(reopenedForReview('volunteer', approved, approved)).toBe(approved);
		// Officials keep approved records approved when they correct them.
		expect(write(hai, approved, asHai(edited))).toBe('ok');
		expect(reopenedForReview('official', approved, edited)).toBe(edited);
	});
});
