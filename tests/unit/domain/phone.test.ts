import { describe, expect, it } from 'vitest';
import {
	formatPhone,
	maskPhone,
	normalizePhone,
	phoneE164Schema
} from '../../../src/lib/domain/index.ts';

describe('normalizePhone', () => {
	it.each([
		['0912345678', '+84912345678'],
		['0912 345 678', '+84912345678'],
		['0912.345.678', '+84912345678'],
		['091-234-5678', '+84912345678'],
		['84 912 345 678', '+84912345678'],
		['+84 912 345 678', '+84912345678'],
		['+84912345678', '+84912345678'],
		['(+84) 868 123 456', '+84868123456'],
		['+84 0912 345 678', '+84912345678'],
		['0328 111 222', '+84328111222'],
		['0842 345 678', '+84842345678'],
		['0522 333 444', '+84522333444'],
		['0708 123 456', '+84708123456']
	])('reads %s as %s', (typed, e164) => {
		expect(normalizePhone(typed)).toEqual({ ok: true, e164 });
	});

	it('tells a wrong prefix from a wrong length', () => {
		expect(normalizePhone('0212345678')).toEqual({ ok: false, rule: 'phone.prefix' });
		expect(normalizePhone('0951234567')).toEqual({ ok: false, rule: 'phone.prefix' });
		expect(normalizePhone('091234567')).toEqual({ ok: false, rule: 'phone.length' });
		expect(normalizePhone('09123456789')).toEqual({ ok: false, rule: 'phone.length' });
		// Landlines (area code 0276 for Tây Ninh) are not mobiles.
		expect(normalizePhone('0276 3822 123').ok).toBe(false);
	});

	it('refuses letters', () => {
		expect(normalizePhone('09l2345678')).toEqual({ ok: false, rule: 'phone.characters' });
		expect(normalizePhone('')).toEqual({ ok: false, rule: 'phone.characters' });
	});

	it('gives a stored form the schema accepts', () => {
		const r = normalizePhone('0389 456 123');
		expect(r.ok && phoneE164Schema.safeParse(r.e164).success).toBe(true);
		expect(phoneE164Schema.safeParse('0389456123').success).toBe(false);
		expect(phoneE164Schema.safeParse('+84289456123').success).toBe(false);
	});
});

describe('formatPhone and maskPhone', () => {
	it('shows the number the way it is written in Vietnam', () => {
		expect(formatPhone('+84912345678')).toBe('0912 345 678');
	});

	it('masks all but the first and last two digits', () => {
		expect(maskPhone('+84912345678')).toBe('+84 9xx xxx x78');
		expect(maskPhone('+84868123467')).toBe('+84 8xx xxx x67');
		expect(maskPhone('+84912345678')).not.toContain('345');
	});
});
