import { describe, expect, it } from 'vitest';
import {
	BOM,
	csvField,
	exportRefusal,
	exportRequestSchema,
	residentsCsv,
	type Actor
} from '../../../src/lib/domain/index.ts';
import { makeHamletPopulation } from '../../factories';

const official: Actor = {
	username: 'cb.tranvanhai',
	role: 'official',
	commune: '25657',
	hamlets: []
};
const request = (over: object = {}) => exportRequestSchema.parse(over);

describe('residents CSV', () => {
	const { households, residents } = makeHamletPopulation({
		hamlet: 'ap-ben-cho',
		households: 5,
		seed: 7
	});

	it('starts with a BOM and Vietnamese headers, one line per resident', () => {
		const csv = residentsCsv(residents, households, () => 'Ấp Bến Chò');
		expect(csv.startsWith(BOM + 'Ấp/Thôn,"Số nhà, đường",Họ và tên,')).toBe(true);
		const lines = csv.slice(1).trimEnd().split('\r\n');
		expect(lines).toHaveLength(residents.length + 1);
		expect(lines[1]).toContain('Ấp Bến Chò');
		expect(lines[1]).toContain('Đang sống tại hộ');
	});

	it('masks ID and phone numbers unless full numbers are asked for, then keeps them as text', () => {
		const withId = residents.find((r) => r.idNumber && r.phone)!;
		const masked = residentsCsv([withId], households);
		expect(masked).toContain(`xxxx xxxx ${withId.idNumber!.slice(-4)}`);
		expect(masked).not.toContain(withId.idNumber!);
		expect(masked).not.toContain(withId.phone!.slice(3));
		const full = residentsCsv([withId], households, undefined, { columns: 'full' });
		expect(full).toContain(`="${withId.idNumber}"`);
		expect(full).toContain(`="0${withId.phone!.slice(3)}"`);
	});

	it('separates with ; for Excel in Vietnamese, quoting fields that hold one', () => {
		const csv = residentsCsv(residents.slice(0, 1), households, () => 'Ấp Bến Chò', {
			separator: 'semicolon'
		});
		expect(csv.slice(1)).toMatch(/^Ấp\/Thôn;"Số nhà, đường";Họ và tên;/);
		expect(csvField('a;b', ';')).toBe('"a;b"');
	});

	it('defuses formulas', () => {
		expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
		expect(csvField('Nguyễn, Văn')).toBe('"Nguyễn, Văn"');
		expect(csvField('+84 912')).toBe("'+84 912");
	});
});

describe('who may export', () => {
	it('lets the commune official export masked, and full only with a reason', () => {
		expect(exportRefusal(official, '25657', request())).toBeNull();
		expect(exportRefusal(official, '25657', request({ columns: 'full' }))).toBe('export.reason');
		expect(exportRefusal(official, '25657', request({ columns: 'full', reason: 'ngắn' }))).toBe(
			'export.reason'
		);
		expect(
			exportRefusal(
				official,
				'25657',
				request({ columns: 'full', reason: 'Gửi Công an xã đối chiếu mức 2' })
			)
		).toBeNull();
	});

	it('refuses volunteers, other communes, and full numbers to a provincial admin', () => {
		const lan: Actor = {
			username: 'nguyenthilan',
			role: 'volunteer',
			commune: '25657',
			hamlets: ['ap-ben-cho']
		};
		expect(exportRefusal(lan, '25657', request())).toBe('export.role');
		expect(exportRefusal(official, '25666', request())).toBe('export.commune');
		const admin: Actor = { username: 'admin', role: 'admin', commune: null, hamlets: [] };
		expect(exportRefusal(admin, '25657', request())).toBeNull();
		expect(
			exportRefusal(admin, '25657', request({ columns: 'full', reason: 'Kiểm tra số liệu tỉnh' }))
		).toBe('export.fullRole');
	});

	it('refuses unknown options rather than ignoring them', () => {
		expect(exportRequestSchema.safeParse({ columns: 'everything' }).success).toBe(false);
		expect(exportRequestSchema.safeParse({ separator: 'tab' }).success).toBe(false);
		expect(exportRequestSchema.safeParse({ include: ['password'] }).success).toBe(false);
		expect(exportRequestSchema.safeParse({ hamlet: '../x' }).success).toBe(false);
	});
});
