import { z } from 'zod';
import { finding, type Finding } from './finding';
import { stripNumberSeparators } from './text';

/**
 * Birth-registration province codes of the CCCD (Circular 07/2016/TT-BCA,
 * Annex I): the 63 pre-2025 provinces, padded to 3 digits. The 2025 merger
 * did not renumber CCCDs, so this table stays frozen.
 */
export const cccdProvinces: Readonly<Record<string, string>> = {
	'001': 'Hà Nội',
	'002': 'Hà Giang',
	'004': 'Cao Bằng',
	'006': 'Bắc Kạn',
	'008': 'Tuyên Quang',
	'010': 'Lào Cai',
	'011': 'Điện Biên',
	'012': 'Lai Châu',
	'014': 'Sơn La',
	'015': 'Yên Bái',
	'017': 'Hòa Bình',
	'019': 'Thái Nguyên',
	'020': 'Lạng Sơn',
	'022': 'Quảng Ninh',
	'024': 'Bắc Giang',
	'025': 'Phú Thọ',
	'026': 'Vĩnh Phúc',
	'027': 'Bắc Ninh',
	'030': 'Hải Dương',
	'031': 'Hải Phòng',
	'033': 'Hưng Yên',
	'034': 'Thái Bình',
	'035': 'Hà Nam',
	'036': 'Nam Định',
	'037': 'Ninh Bình',
	'038': 'Thanh Hóa',
	'040': 'Nghệ An',
	'042': 'Hà Tĩnh',
	'044': 'Quảng Bình',
	'045': 'Quảng Trị',
	'046': 'Thừa Thiên Huế',
	'048': 'Đà Nẵng',
	'049': 'Quảng Nam',
	'051': 'Quảng Ngãi',
	'052': 'Bình Định',
	'054': 'Phú Yên',
	'056': 'Khánh Hòa',
	'058': 'Ninh Thuận',
	'060': 'Bình Thuận',
	'062': 'Kon Tum',
	'064': 'Gia Lai',
	'066': 'Đắk Lắk',
	'067': 'Đắk Nông',
	'068': 'Lâm Đồng',
	'070': 'Bình Phước',
	'072': 'Tây Ninh',
	'074': 'Bình Dương',
	'075': 'Đồng Nai',
	'077': 'Bà Rịa - Vũng Tàu',
	'079': 'TP. Hồ Chí Minh',
	'080': 'Long An',
	'082': 'Tiền Giang',
	'083': 'Bến Tre',
	'084': 'Trà Vinh',
	'086': 'Vĩnh Long',
	'087': 'Đồng Tháp',
	'089': 'An Giang',
	'091': 'Kiên Giang',
	'092': 'Cần Thơ',
	'093': 'Hậu Giang',
	'094': 'Sóc Trăng',
	'095': 'Bạc Liêu',
	'096': 'Cà Mau'
};

export type Sex = 'male' | 'female';

export const cccdSchema = z
	.string()
	.regex(/^\d*$/, 'cccd.digits')
	.refine((s) => !/^\d*$/.test(s) || s.length === 12, 'cccd.length');
/** Old 9-digit CMND: no longer a valid document since 2025, kept only as a record of the past. */
export const cmndSchema = z.string().regex(/^\d{9}$/, 'cmnd.digits');

export interface CccdParts {
	/** Birth-registration province code, 3 digits. */
	provinceCode: string;
	/** Province name, or undefined for a code outside the 63 (e.g. births abroad). */
	provinceName: string | undefined;
	sex: Sex;
	birthYear: number;
	serial: string;
}

/** What the volunteer typed, without the spaces or dots people put between digit groups. */
export function normalizeCccd(input: string): string {
	return stripNumberSeparators(input);
}

/** Splits a 12-digit CCCD into its parts; undefined when the shape is wrong. */
export function parseCccd(cccd: string): CccdParts | undefined {
	const m = /^(\d{3})(\d)(\d{2})(\d{6})$/.exec(cccd);
	if (!m) return undefined;
	const g = Number(m[2]);
	// G encodes century and sex: even digits male, odd female, each pair one century from 1900.
	const century = 1900 + Math.floor(g / 2) * 100;
	return {
		provinceCode: m[1],
		provinceName: Object.hasOwn(cccdProvinces, m[1]) ? cccdProvinces[m[1]] : undefined,
		sex: g % 2 === 0 ? 'male' : 'female',
		birthYear: century + Number(m[3]),
		serial: m[4]
	};
}

/** The 4 leading digits after the province (G and YY) for a person born in `birthYear`. */
export function cccdBirthDigits(birthYear: number, sex: Sex): string {
	const g = (Math.floor(birthYear / 100) - 19) * 2 + (sex === 'female' ? 1 : 0);
	return `${g}${String(birthYear % 100).padStart(2, '0')}`;
}

/**
 * Every finding about a CCCD, given what else the volunteer entered. Birth
 * year and sex are only cross-checked when known.
 */
export function checkCccd(
	cccd: string,
	person: { dateOfBirth?: string | null; sex?: Sex | null } = {},
	path = 'idNumber'
): Finding[] {
	if (!/^\d+$/.test(cccd)) return [finding(path, 'cccd.digits', 'error')];
	if (cccd.length !== 12) return [cccdLengthFinding(cccd.length, path)];
	const parts = parseCccd(cccd);
	if (!parts) return [finding(path, 'cccd.digits', 'error')];
	const out: Finding[] = [];
	if (person.dateOfBirth) {
		const year = Number(person.dateOfBirth.slice(0, 4));
		if (year !== parts.birthYear) out.push(finding(path, 'cccd.birthYearMismatch', 'confirm'));
	}
	if (person.sex && person.sex !== parts.sex) {
		out.push(finding(path, 'cccd.sexMismatch', 'confirm'));
	}
	if (!parts.provinceName) out.push(finding(path, 'cccd.unknownProvince', 'warning'));
	return out;
}

/** The length rule, saying how many digits were typed so the volunteer sees what is missing. */
export function cccdLengthFinding(typed: number, path = 'idNumber'): Finding {
	const base = finding(path, 'cccd.length', 'error');
	return {
		...base,
		message: {
			en: `${base.message.en} (${typed} typed)`,
			vi: `${base.message.vi} (đang có ${typed} số)`
		}
	};
}

/** Keeps only the last 4 digits, grouped from the right: `xxxx xxxx 1234`. */
export function maskCccd(idNumber: string): string {
	const digits = stripNumberSeparators(idNumber);
	const keep = Math.min(4, digits.length);
	return groupFromRight('x'.repeat(digits.length - keep) + digits.slice(digits.length - keep), 4);
}

function groupFromRight(text: string, size: number): string {
	const groups: string[] = [];
	for (let end = text.length; end > 0; end -= size)
		groups.unshift(text.slice(Math.max(0, end - size), end));
	return groups.join(' ');
}
