import { z } from 'zod';

export interface Ethnicity {
	/** Two-digit code of the GSO list of ethnic groups (Decision 121-TCTK/PPCĐ, 1979). */
	code: string;
	vi: string;
	/** ASCII name, as used in English-language statistics. */
	en: string;
}

/** The 54 ethnic groups recognised in Vietnam, in the order of the official code list. */
export const ethnicities: readonly Ethnicity[] = [
	{ code: '01', vi: 'Kinh', en: 'Kinh' },
	{ code: '02', vi: 'Tày', en: 'Tay' },
	{ code: '03', vi: 'Thái', en: 'Thai' },
	{ code: '04', vi: 'Hoa', en: 'Hoa' },
	{ code: '05', vi: 'Khơ-me', en: 'Khmer' },
	{ code: '06', vi: 'Mường', en: 'Muong' },
	{ code: '07', vi: 'Nùng', en: 'Nung' },
	{ code: '08', vi: 'Mông', en: 'Hmong' },
	{ code: '09', vi: 'Dao', en: 'Dao' },
	{ code: '10', vi: 'Gia-rai', en: 'Gia Rai' },
	{ code: '11', vi: 'Ngái', en: 'Ngai' },
	{ code: '12', vi: 'Ê-đê', en: 'E De' },
	{ code: '13', vi: 'Ba-na', en: 'Ba Na' },
	{ code: '14', vi: 'Xơ-đăng', en: 'Xo Dang' },
	{ code: '15', vi: 'Sán Chay', en: 'San Chay' },
	{ code: '16', vi: 'Cơ-ho', en: 'Co Ho' },
	{ code: '17', vi: 'Chăm', en: 'Cham' },
	{ code: '18', vi: 'Sán Dìu', en: 'San Diu' },
	{ code: '19', vi: 'Hrê', en: 'Hre' },
	{ code: '20', vi: 'Mnông', en: 'Mnong' },
	{ code: '21', vi: 'Ra-glai', en: 'Ra Glai' },
	{ code: '22', vi: 'Xtiêng', en: 'Xtieng' },
	{ code: '23', vi: 'Bru-Vân Kiều', en: 'Bru-Van Kieu' },
	{ code: '24', vi: 'Thổ', en: 'Tho' },
	{ code: '25', vi: 'Giáy', en: 'Giay' },
	{ code: '26', vi: 'Cơ-tu', en: 'Co Tu' },
	{ code: '27', vi: 'Gié-Triêng', en: 'Gie Trieng' },
	{ code: '28', vi: 'Mạ', en: 'Ma' },
	{ code: '29', vi: 'Khơ-mú', en: 'Kho Mu' },
	{ code: '30', vi: 'Co', en: 'Co' },
	{ code: '31', vi: 'Tà-ôi', en: 'Ta Oi' },
	{ code: '32', vi: 'Chơ-ro', en: 'Cho Ro' },
	{ code: '33', vi: 'Kháng', en: 'Khang' },
	{ code: '34', vi: 'Xinh-mun', en: 'Xinh Mun' },
	{ code: '35', vi: 'Hà Nhì', en: 'Ha Nhi' },
	{ code: '36', vi: 'Chu-ru', en: 'Chu Ru' },
	{ code: '37', vi: 'Lào', en: 'Lao' },
	{ code: '38', vi: 'La Chí', en: 'La Chi' },
	{ code: '39', vi: 'La Ha', en: 'La Ha' },
	{ code: '40', vi: 'Phù Lá', en: 'Phu La' },
	{ code: '41', vi: 'La Hủ', en: 'La Hu' },
	{ code: '42', vi: 'Lự', en: 'Lu' },
	{ code: '43', vi: 'Lô Lô', en: 'Lo Lo' },
	{ code: '44', vi: 'Chứt', en: 'Chut' },
	{ code: '45', vi: 'Mảng', en: 'Mang' },
	{ code: '46', vi: 'Pà Thẻn', en: 'Pa Then' },
	{ code: '47', vi: 'Cờ Lao', en: 'Co Lao' },
	{ code: '48', vi: 'Cống', en: 'Cong' },
	{ code: '49', vi: 'Bố Y', en: 'Bo Y' },
	{ code: '50', vi: 'Si La', en: 'Si La' },
	{ code: '51', vi: 'Pu Péo', en: 'Pu Peo' },
	{ code: '52', vi: 'Brâu', en: 'Brau' },
	{ code: '53', vi: 'Ơ Đu', en: 'O Du' },
	{ code: '54', vi: 'Rơ-măm', en: 'Ro Mam' }
];

const byCode: ReadonlyMap<string, Ethnicity> = new Map(ethnicities.map((e) => [e.code, e]));

export function ethnicity(code: string): Ethnicity | undefined {
	return byCode.get(code);
}

export const ethnicityCodeSchema = z
	.string()
	.regex(/^\d{2}$/, 'ethnicity.unknown')
	.refine((code) => byCode.has(code), 'ethnicity.unknown');
