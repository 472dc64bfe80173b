import { describe, expect, it } from 'vitest';
import {
	communePlusCode,
	decodePlusCode,
	encodePlusCode,
	isFullPlusCode,
	recoverPlusCode,
	shortenPlusCode
} from '../../../../src/lib/domain/address/index.ts';

// From test_data/encoding.csv of google/open-location-code: lat, lng, length, code.
const ENCODING: [number, number, number, string][] = [
	[20.375, 2.775, 6, '7FG49Q00+'],
	[20.3700625, 2.7821875, 10, '7FG49QCJ+2V'],
	[20.3701125, 2.782234375, 11, '7FG49QCJ+2VX'],
	[20.3701135, 2.78223535156, 13, '7FG49QCJ+2VXGJ'],
	[-41.2730625, 174.7859375, 10, '4VCPPQGP+Q9'],
	[-89.9999375, -179.9999375, 10, '22222222+22'],
	[1, 1, 11, '6FH32222+222'],
	[90, 1, 10, 'CFX3X2X2+X2'],
	[1, 181, 4, '62H30000+'],
	[-41.2730625, -905.2140625, 10, '4VCPPQGP+Q9'],
	[37.539669125, -122.375069724, 100, '849VGJQF+VX7QR3J'],
	[35.6, 3.033, 10, '8F75J22M+26'],
	[13.9, 164.88, 12, '7V56WV2J+2222'],
	[2.5, -64.23, 11, '67JQGQ2C+222'],
	[35.019, 148.827, 11, '8R7C2R9G+JR2'],
	[-68.54504, -62.81725, 11, '373VF53M+X4J'],
	[10.734, -168.294, 10, '722HPPM4+JC'],
	[-19.212, 107.423, 10, '5PG9QCQF+66'],
	[80.0100000001, 58.57, 15, 'CHGW2H6C+2222222'],
	[80.0099999999, 58.57, 15, 'CHGW2H5C+X2RRRRR'],
	[-80.0100000001, 58.57, 15, '2HFWXHQC+X2RRRRR'],
	[68.3500147997595, 113.625636875353, 15, '9PWM9J2G+272FWJV'],
	[-80, -360000000170, 2, '22000000+']
];

// From test_data/shortCodeTests.csv: full code, reference lat, lng, short code, S/R/B.
const SHORT: [string, number, number, string, 'S' | 'R' | 'B'][] = [
	['9C3W9QCJ+2VX', 51.3701125, -1.217765625, '+2VX', 'B'],
	['9C3W9QCJ+2VX', 51.3708675, -1.217765625, 'CJ+2VX', 'B'],
	['9C3W9QCJ+2VX', 51.3701125, -1.218520625, 'CJ+2VX', 'B'],
	['9C3W9QCJ+2VX', 51.3852125, -1.217765625, '9QCJ+2VX', 'B'],
	['9C3W9QCJ+2VX', 51.3701125, -1.202665625, '9QCJ+2VX', 'B'],
	['8FJFW222+', 42.899, 9.012, '22+', 'B'],
	['796RXG22+', 14.95125, -23.5001, '22+', 'B'],
	['8FRCXGRF+PM', 47.0, 8.55, 'XGRF+PM', 'B'],
	['CFX22222+22', 89.6, 0.0, '2222+22', 'R'],
	['2CXXXXXX+XX', -81.0, 0.0, 'XXXXXX+XX', 'R']
];

describe('Plus Codes', () => {
	it.each(ENCODING)('encodes %f, %f at length %i as %s', (lat, lng, len, code) => {
		expect(encodePlusCode(lat, lng, len)).toBe(code);
	});

	it.each(SHORT)('shortens and recovers %s near %f, %f', (full, lat, lng, short, kind) => {
		if (kind !== 'R') expect(shortenPlusCode(full, lat, lng)).toBe(short);
		if (kind !== 'S') expect(recoverPlusCode(short, lat, lng)).toBe(full);
	});

	it('stores 11 digits for a house in Thạnh Đức and shows it short, relative to the commune', () => {
		const house = { lat: 11.2101234, lng: 106.2034567 };
		const commune = { lat: 11.209606, lng: 106.202242 };
		const code = encodePlusCode(house.lat, house.lng);
		expect(code).toMatch(/^7P38[2-9CFGHJMPQRVWX]{4}\+[2-9CFGHJMPQRVWX]{3}$/);
		const area = decodePlusCode(code);
		expect(area.latLo).toBeLessThanOrEqual(house.lat);
		expect(area.latHi).toBeGreaterThan(house.lat);
		expect((area.latHi - area.latLo) * 111_000).toBeLessThan(3.5);
		expect(shortenPlusCode(code, commune.lat, commune.lng)).toBe(code.slice(6));
		const short = communePlusCode(code, commune);
		expect(short).toBe(code.slice(4));
		expect(recoverPlusCode(short, commune.lat, commune.lng)).toBe(code);
		const farCorner = { lat: 11.268, lng: 106.138 };
		expect(communePlusCode(encodePlusCode(farCorner.lat, farCorner.lng), commune)).toHaveLength(8);
		expect(communePlusCode(code, { lat: 21.03, lng: 105.85 })).toBe(code);
	});

	it('refuses what is not a code', () => {
		expect(isFullPlusCode('7P4G5QXF+2V3')).toBe(true);
		for (const bad of [
			'7P4G5QXF2V3',
			'7P4G5QX+F2V',
			'XP4G5QXF+2V3',
			'7P4G5QXF+2',
			'7P4G0000+22',
			'aaaa'
		]) {
			expect(isFullPlusCode(bad), bad).toBe(false);
		}
		expect(() => encodePlusCode(Number.NaN, 1)).toThrow();
		expect(() => encodePlusCode(1, 1, 7)).toThrow();
		expect(() => recoverPlusCode('ABC', 11, 106)).toThrow();
	});
});
