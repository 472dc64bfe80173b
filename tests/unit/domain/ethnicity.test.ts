import { describe, expect, it } from 'vitest';
import { ethnicities, ethnicity, ethnicityCodeSchema } from '../../../src/lib/domain/index.ts';

describe('ethnic groups', () => {
	it('lists the 54 recognised groups with codes 01 to 54 in order', () => {
		expect(ethnicities).toHaveLength(54);
		expect(ethnicities.map((e) => e.code)).toEqual(
			Array.from({ length: 54 }, (_, i) => String(i + 1).padStart(2, '0'))
		);
		expect(new Set(ethnicities.map((e) => e.vi)).size).toBe(54);
	});

	it('has the groups of Tây Ninh under their official codes', () => {
		expect(ethnicity('01')?.vi).toBe('Kinh');
		expect(ethnicity('04')?.vi).toBe('Hoa');
		expect(ethnicity('05')?.en).toBe('Khmer');
		expect(ethnicity('17')?.vi).toBe('Chăm');
		expect(ethnicity('54')?.vi).toBe('Rơ-măm');
	});

	it('gives ASCII English names', () => {
		for (const e of ethnicities) expect(e.en).toMatch(/^[A-Za-z -]+$/);
	});

	it('accepts only known codes', () => {
		expect(ethnicityCodeSchema.safeParse('01').success).toBe(true);
		expect(ethnicityCodeSchema.safeParse('55').error?.issues[0].message).toBe('ethnicity.unknown');
		expect(ethnicityCodeSchema.safeParse('1').success).toBe(false);
	});
});
