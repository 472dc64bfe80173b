import { describe, expect, it } from 'vitest';
import {
	cccdBirthDigits,
	cccdProvinces,
	checkCccd,
	maskCccd,
	normalizeCccd,
	parseCccd
} from '../../../src/lib/domain/index.ts';

describe('CCCD province table', () => {
	it('holds the 63 pre-2025 provinces between 001 and 096', () => {
		const codes = Object.keys(cccdProvinces);
		expect(codes).toHaveLength(63);
		expect(codes.every((c) => /^0\d\d$/.test(c) && Number(c) >= 1 && Number(c) <= 96)).toBe(true);
		expect(new Set(Object.values(cccdProvinces)).size).toBe(63);
	});

	it('has the codes of the domain doc and of Circular 07/2016 Annex I', () => {
		expect(cccdProvinces['001']).toBe('Hà Nội');
		expect(cccdProvinces['072']).toBe('Tây Ninh');
		expect(cccdProvinces['079']).toBe('TP. Hồ Chí Minh');
		expect(cccdProvinces['080']).toBe('Long An');
		expect(cccdProvinces['096']).toBe('Cà Mau');
		expect(cccdProvinces['046']).toBe('Thừa Thiên Huế');
		expect(cccdProvinces['067']).toBe('Đắk Nông');
		// Codes skipped by the list (former provinces merged before 2008) are not provinces.
		for (const gap of ['003', '005', '007', '028', '029', '032', '041', '097']) {
			expect(cccdProvinces[gap]).toBeUndefined();
		}
	});
});

describe('parseCccd', () => {
	it('reads province, sex and birth year of a man born in 1985 in Tây Ninh', () => {
		expect(parseCccd('072085001234')).toEqual({
			provinceCode: '072',
			provinceName: 'Tây Ninh',
			sex: 'male',
			birthYear: 1985,
			serial: '001234'
		});
	});

	it('reads the century digit: 1 = woman of the 1900s, 3 = woman of the 2000s, 2 = man of the 2000s', () => {
		expect(parseCccd('079196004567')).toMatchObject({ sex: 'female', birthYear: 1996 });
		expect(parseCccd('072305123456')).toMatchObject({ sex: 'female', birthYear: 2005 });
		expect(parseCccd('080212654321')).toMatchObject({ sex: 'male', birthYear: 2012 });
		expect(parseCccd('001400000001')).toMatchObject({ sex: 'male', birthYear: 2100 });
	});

	it('refuses anything but 12 digits', () => {
		expect(parseCccd('07208500123')).toBeUndefined();
		expect(parseCccd('07208500123a')).toBeUndefined();
	});
});

describe('cccdBirthDigits', () => {
	it('encodes century and sex like the card', () => {
		expect(cccdBirthDigits(1985, 'male')).toBe('085');
		expect(cccdBirthDigits(1962, 'female')).toBe('162');
		expect(cccdBirthDigits(2007, 'male')).toBe('207');
		expect(cccdBirthDigits(2010, 'female')).toBe('310');
	});
});

describe('checkCccd', () => {
	const lan = { dateOfBirth: '1990-03-14', sex: 'female' as const };

	it('finds nothing wrong with a consistent number', () => {
		expect(checkCccd('072190012345', lan)).toEqual([]);
	});

	it('reports letters and wrong lengths as errors with a Vietnamese message', () => {
		const [letters] = checkCccd('07219001234O', lan);
		expect(letters).toMatchObject({ rule: 'cccd.digits', severity: 'error', path: 'idNumber' });
		const [short] = checkCccd('07219001234', lan);
		expect(short).toMatchObject({ rule: 'cccd.length', severity: 'error' });
		expect(short.message.vi).toBe('Số CCCD phải gồm đúng 12 chữ số (đang có 11 số)');
		expect(short.message.en).toBe('The CCCD number must have exactly 12 digits (11 typed)');
		expect(checkCccd('0721900123456', lan)[0].message.vi).toContain('đang có 13 số');
	});

	it('asks to confirm when the birth year differs from the date of birth', () => {
		const findings = checkCccd('072191012345', lan);
		expect(findings).toEqual([
			expect.objectContaining({ rule: 'cccd.birthYearMismatch', severity: 'confirm' })
		]);
	});

	it('asks to confirm when the sex digit differs from the sex entered', () => {
		const findings = checkCccd('072090012345', lan);
		expect(findings.map((f) => [f.rule, f.severity])).toEqual([['cccd.sexMismatch', 'confirm']]);
	});

	it('catches a 2000s birth typed with a 1900s century digit', () => {
		const findings = checkCccd('072005012345', { dateOfBirth: '2005-06-01', sex: 'male' });
		expect(findings.map((f) => f.rule)).toEqual(['cccd.birthYearMismatch']);
	});

	it('only warns about a province code outside the 63 (births abroad)', () => {
		const findings = checkCccd('099190012345', lan);
		expect(findings).toEqual([
			expect.objectContaining({ rule: 'cccd.unknownProvince', severity: 'warning' })
		]);
	});

	it('skips the cross-check when date of birth or sex is unknown', () => {
		expect(checkCccd('072190012345', {})).toEqual([]);
	});
});

describe('normalizeCccd and maskCccd', () => {
	it('removes the spaces and dots people type between groups', () => {
		expect(normalizeCccd('072 190 012 345')).toBe('072190012345');
		expect(normalizeCccd('072.190.012.345')).toBe('072190012345');
	});

	it('keeps only the last 4 digits on receipts', () => {
		expect(maskCccd('072190012345')).toBe('xxxx xxxx 2345');
		expect(maskCccd('290123456')).toBe('x xxxx 3456');
	});
});
