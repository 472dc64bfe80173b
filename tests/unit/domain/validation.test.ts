import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateRecord, validateWith } from '../../../src/lib/domain/index.ts';
import { makeHousehold, makeResident } from '../../factories/index.ts';

/** Words that mean something to a developer and nothing to a volunteer or an official. */
const DEVELOPER_TERMS =
	/\b(ISO|null|undefined|schema|string|number|boolean|array|object|regex|enum|expected|received|NaN)\b|\b[a-z]+[A-Z]\w*/;

describe('messages people read', () => {
	it('never name a type, a format or a field key, whatever zod finds', () => {
		const r = makeResident({ seed: 3 });
		const broken: unknown[] = [
			{ ...r, fullName: null, dateOfBirth: '20/11/1990', sex: 'nam', phone: 12 },
			{ ...r, consents: 'yes', accountHelp: { outcome: { kind: 'level2_appointment' } } },
			{ ...r, notes: 'x'.repeat(3000), relationship: '' },
			{ ...makeHousehold({ seed: 2 }), houseNumber: 7, street: 'x'.repeat(200) }
		];
		const messages = broken.flatMap((doc, i) => {
			const v = validateRecord(i < 3 ? 'residents' : 'households', doc);
			expect(v.ok).toBe(false);
			return v.ok ? [] : v.issues.flatMap((issue) => [issue.message.vi, issue.message.en]);
		});
		expect(messages.length).toBeGreaterThan(8);
		for (const m of messages) expect(m).not.toMatch(DEVELOPER_TERMS);
	});

	it('words generic limits plainly, in Vietnamese first', () => {
		const v = validateWith(z.object({ a: z.string().max(5), b: z.iso.date() }), {
			a: 'abcdefg',
			b: '2026-13-01'
		});
		expect(v.ok ? [] : v.issues.map((i) => i.message.vi)).toEqual([
			'Quá dài: tối đa 5 ký tự',
			'Vui lòng chọn một ngày hợp lệ'
		]);
	});
});
