import { describe, expect, it } from 'vitest';
import {
	conditionFields,
	conditionSchema,
	evaluate,
	isFilled,
	scopedLookup,
	type Condition
} from '../../../../src/lib/domain/dossier/index.ts';

const answers = {
	requests: ['funeral'],
	deceased: { sex: 'female', dateOfDeath: '2026-11-02' },
	note: '   ',
	children: [{ sex: 'male' }, { sex: 'female' }]
};
const at = scopedLookup(answers, new Map());

describe('conditions', () => {
	it('evaluates equals, in and filled on plain and nested answers', () => {
		expect(evaluate({ op: 'equals', field: 'deceased.sex', value: 'female' }, at)).toBe(true);
		expect(evaluate({ op: 'equals', field: 'deceased.sex', value: 'male' }, at)).toBe(false);
		expect(evaluate({ op: 'in', field: 'deceased.sex', values: ['male', 'female'] }, at)).toBe(
			true
		);
		expect(evaluate({ op: 'filled', field: 'deceased.dateOfDeath' }, at)).toBe(true);
		expect(evaluate({ op: 'filled', field: 'deceased.placeOfDeath' }, at)).toBe(false);
	});

	it('treats blank text and empty lists as not filled', () => {
		expect(evaluate({ op: 'filled', field: 'note' }, at)).toBe(false);
		expect([isFilled([]), isFilled(''), isFilled(null), isFilled(0), isFilled(false)]).toEqual([
			false,
			false,
			false,
			true,
			true
		]);
	});

	it('reads a multiple choice as containing the value', () => {
		expect(evaluate({ op: 'equals', field: 'requests', value: 'funeral' }, at)).toBe(true);
		expect(evaluate({ op: 'in', field: 'requests', values: ['survivor'] }, at)).toBe(false);
		expect(evaluate({ op: 'in', field: 'requests', values: ['survivor', 'funeral'] }, at)).toBe(
			true
		);
	});

	it('combines with and, or, not', () => {
		const female: Condition = { op: 'equals', field: 'deceased.sex', value: 'female' };
		const survivor: Condition = { op: 'in', field: 'requests', values: ['survivor'] };
		expect(evaluate({ op: 'and', of: [female, survivor] }, at)).toBe(false);
		expect(evaluate({ op: 'or', of: [female, survivor] }, at)).toBe(true);
		expect(evaluate({ op: 'not', of: survivor }, at)).toBe(true);
		expect(conditionFields({ op: 'and', of: [female, { op: 'not', of: survivor }] })).toEqual([
			'deceased.sex',
			'requests'
		]);
	});

	it('resolves a path through a repeat to the item being asked about, and nowhere else', () => {
		const second = scopedLookup(answers, new Map([['children', 1]]));
		expect(second('children.sex')).toBe('female');
		expect(scopedLookup(answers, new Map([['children', 0]]))('children.sex')).toBe('male');
		expect(at('children.sex')).toBeUndefined();
		expect(evaluate({ op: 'filled', field: 'children' }, at)).toBe(true);
	});

	it('is data: the schema refuses unknown operators, code strings and deep nesting', () => {
		expect(conditionSchema.safeParse({ op: 'eval', code: 'process.exit()' }).success).toBe(false);
		expect(conditionSchema.safeParse({ op: 'equals', field: 'a;b', value: 1 }).success).toBe(false);
		let deep: Condition = { op: 'filled', field: 'x' };
		for (let i = 0; i < 6; i++) deep = { op: 'not', of: deep };
		const r = conditionSchema.safeParse(deep);
		expect(r.success ? [] : r.error.issues.map((i) => i.message)).toEqual(['form.conditionDepth']);
		expect(conditionSchema.safeParse({ op: 'not', of: { op: 'filled', field: 'x' } }).success).toBe(
			true
		);
	});
});
