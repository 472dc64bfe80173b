import { describe, expect, it } from 'vitest';
import { en } from '../../../src/lib/i18n/en';
import { formatDate, interpolate, isLocale } from '../../../src/lib/i18n/format';
import { vi } from '../../../src/lib/i18n/vi';

describe('messages', () => {
	it('English translates every Vietnamese key, with the same placeholders', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
		for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
			const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
			expect(names(en[key]), key).toEqual(names(vi[key]));
			expect(en[key].trim(), key).not.toBe('');
		}
	});
});

describe('interpolate', () => {
	it('fills named placeholders and leaves unknown ones visible', () => {
		expect(interpolate('Xin chào {name}, còn {n} hồ sơ', { name: 'Lan', n: 3 })).toBe(
			'Xin chào Lan, còn 3 hồ sơ'
		);
		expect(interpolate('{missing} ở đây', {})).toBe('{missing} ở đây');
	});
});

describe('formatDate', () => {
	it('writes Vietnamese dates as dd/mm/yyyy', () => {
		expect(formatDate(new Date(2026, 0, 5), 'vi')).toBe('05/01/2026');
		expect(formatDate(new Date(2025, 11, 31), 'vi')).toBe('31/12/2025');
	});
	it('spells the month out in English', () => {
		expect(formatDate(new Date(2026, 0, 5), 'en')).toBe('5 Jan 2026');
	});
	it('recognises only the two supported locales', () => {
		expect(isLocale('vi')).toBe(true);
		expect(isLocale('en')).toBe(true);
		expect(isLocale('fr')).toBe(false);
		expect(isLocale(null)).toBe(false);
	});
});
