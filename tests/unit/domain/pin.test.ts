import { describe, expect, it } from 'vitest';
import { pinProblem } from '../../../src/lib/domain/index.ts';

describe('new PINs', () => {
	it('refuses the PINs a passer-by tries first', () => {
		for (const pin of ['111111', '000000', '999999999'])
			expect(pinProblem(pin)).toBe('pin.repeated');
		for (const pin of ['121212', '123123', '25252525'])
			expect(pinProblem(pin)).toBe('pin.repeated');
		for (const pin of ['123456', '654321', '234567', '890123', '0123456789']) {
			expect(pinProblem(pin)).toBe('pin.sequence');
		}
	});

	it('refuses a birth year or a birth date', () => {
		for (const pin of ['198500', '001985', '720019', '202012', '19850412']) {
			expect(pinProblem(pin), pin).toBe('pin.date');
		}
		// ddmmyy and ddmmyyyy, as birthdays are written.
		expect(pinProblem('040385')).toBe('pin.date');
		expect(pinProblem('31129064')).toBe('pin.date');
	});

	it('accepts PINs without a pattern and refuses the wrong length', () => {
		for (const pin of ['482916', '735102', '590374', '8273645'])
			expect(pinProblem(pin), pin).toBeNull();
		expect(pinProblem('12345')).toBe('pin.length');
		expect(pinProblem('1234567890123')).toBe('pin.length');
		expect(pinProblem('48291a')).toBe('pin.length');
	});
});
