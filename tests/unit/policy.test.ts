import { describe, expect, it } from 'vitest';
import {
	collections,
	canRead,
	canWrite,
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
		expect(rule(canWrite(lan, null, doc(), heartbeats))).toBe('ok');
		expect(
			rule(
				canWrite(hai, null, doc({ createdBy: hai.username, updatedBy: hai.username }), heartbeats)
			)
		).toBe('ok');
		expect(rule(canWrite(hai, doc(), doc({ updatedBy: hai.username }), heartbeats))).toBe(
			'policy.own'
		);
		expect(
			rule(
				canWrite({ ...lan, username: 'tnv.khac' }, null, doc({ updatedBy: 'tnv.khac' }), heartbeats)
			)
		).toBe('policy.own');
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
