/**
 * Bilingual texts for domain rules. Schemas put a key of this table in their
 * custom error (add new keys here); `validation.ts` turns it into `{ en, vi }`
 * for the UI and the server's refusals. Zod's own locales cover generic rules.
 */
export const ruleTexts = {
	'commune.format': { en: 'must be a 5-digit commune code', vi: 'phải là mã xã gồm 5 chữ số' },
	'province.format': { en: 'must be a 2-digit province code', vi: 'phải là mã tỉnh gồm 2 chữ số' },
	'hamlet.format': {
		en: 'must be a hamlet id (lowercase letters, digits, dashes)',
		vi: 'phải là mã ấp/thôn (chữ thường, chữ số, dấu gạch ngang)'
	},
	'username.format': {
		en: 'must be 3-40 lowercase letters, digits or . _ -',
		vi: 'phải gồm 3-40 chữ thường, chữ số hoặc . _ -'
	},
	'id.format': {
		en: 'must be letters, digits or : . _ - (at most 128)',
		vi: 'chỉ gồm chữ, chữ số hoặc : . _ - (tối đa 128 ký tự)'
	},
	'schemaVersion.unknown': {
		en: 'unknown schema version for this record type',
		vi: 'phiên bản dữ liệu không được hỗ trợ cho loại hồ sơ này'
	},
	'collection.unknown': { en: 'unknown record type', vi: 'loại hồ sơ không xác định' }
} as const satisfies Record<string, { en: string; vi: string }>;

export type RuleKey = keyof typeof ruleTexts;
export type Bilingual = { en: string; vi: string };

export function ruleText(key: string): Bilingual | undefined {
	return Object.hasOwn(ruleTexts, key) ? ruleTexts[key as RuleKey] : undefined;
}
