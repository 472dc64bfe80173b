import { describe, expect, it } from 'vitest';
import { BOM, csvField, residentsCsv } from '$lib/services/export.service';
import { makeHamletPopulation } from '../../factories';

describe('residents CSV', () => {
	it('starts with a BOM and Vietnamese headers, one line per resident', () => {
		const { households, residents } = makeHamletPopulation({
			hamlet: 'ap-ben-cho',
			households: 5,
			seed: 7
		});
		const csv = residentsCsv(residents, households, () => 'Ấp Bến Chò');
		expect(csv.startsWith(BOM + 'Ấp/Thôn,"Số nhà, đường",Họ và tên,')).toBe(true);
		const lines = csv.slice(1).trimEnd().split('\r\n');
		expect(lines[0]).toContain('Họ và tên');
		expect(lines).toHaveLength(residents.length + 1);
		expect(lines[1]).toContain('Ấp Bến Chò');
	});

	it('keeps ID numbers as text and defuses formulas', () => {
		expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
		expect(csvField('Nguyễn, Văn')).toBe('"Nguyễn, Văn"');
		const { households, residents } = makeHamletPopulation({
			hamlet: 'ap-ben-cho',
			households: 3,
			seed: 3
		});
		const withId = residents.find((r) => r.idNumber)!;
		expect(residentsCsv([withId], households)).toContain(`="${withId.idNumber}"`);
	});
});
