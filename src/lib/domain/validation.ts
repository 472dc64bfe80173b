import { z } from 'zod';
import { ruleText, type Bilingual } from './rules';

export interface FieldIssue {
	/** Dotted path of the offending field, e.g. `members.2.phone`; empty for the whole record. */
	path: string;
	/** Rule key from `rules.ts`, or zod's issue code. */
	rule: string;
	message: Bilingual;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/**
 * Plain words for zod's generic issues. Zod's own locales name types and
 * formats ("expected string, received null", "ISO date"), which mean nothing
 * to a volunteer, so they are never shown.
 */
export function genericIssueText(issue: z.core.$ZodIssue): Bilingual {
	const list = issue.path.length > 0 && typeof issue.path.at(-1) === 'number';
	switch (issue.code) {
		case 'too_small': {
			const min = Number(issue.minimum);
			if (issue.origin === 'string') {
				return min <= 1
					? { en: 'This cannot be empty', vi: 'Không được để trống' }
					: { en: `Too short: at least ${min} characters`, vi: `Quá ngắn: ít nhất ${min} ký tự` };
			}
			if (issue.origin === 'array') {
				return { en: `At least ${min} entries are needed`, vi: `Cần ít nhất ${min} mục` };
			}
			return { en: `Must be at least ${min}`, vi: `Phải từ ${min} trở lên` };
		}
		case 'too_big': {
			const max = Number(issue.maximum);
			if (issue.origin === 'string') {
				return { en: `Too long: at most ${max} characters`, vi: `Quá dài: tối đa ${max} ký tự` };
			}
			if (issue.origin === 'array') {
				return { en: `At most ${max} entries`, vi: `Tối đa ${max} mục` };
			}
			return { en: `Must be at most ${max}`, vi: `Không được lớn hơn ${max}` };
		}
		case 'invalid_format':
			return issue.format === 'date' || issue.format === 'datetime'
				? { en: 'Choose a valid date', vi: 'Vui lòng chọn một ngày hợp lệ' }
				: { en: 'This is not written the expected way', vi: 'Thông tin chưa đúng dạng' };
		case 'invalid_value':
			return { en: 'Choose one of the options', vi: 'Vui lòng chọn một mục trong danh sách' };
		case 'invalid_type':
			return list
				? { en: 'An entry of this list is not valid', vi: 'Một mục trong danh sách không hợp lệ' }
				: { en: 'This is missing or not valid', vi: 'Thông tin này còn thiếu hoặc không hợp lệ' };
		default:
			return { en: 'This value is not valid', vi: 'Giá trị này không hợp lệ' };
	}
}

export function describeIssue(issue: z.core.$ZodIssue): FieldIssue {
	const path = issue.path.map(String).join('.');
	const known = ruleText(issue.message);
	if (known) return { path, rule: issue.message, message: known };
	return { path, rule: issue.code, message: genericIssueText(issue) };
}

export function validateWith<T>(schema: z.ZodType<T>, input: unknown): Validated<T> {
	const result = schema.safeParse(input);
	if (result.success) return { ok: true, value: result.data };
	return { ok: false, issues: result.error.issues.map(describeIssue) };
}

/** One line per issue, `path: message`, for logs and CouchDB `reason` fields. */
export function formatIssues(issues: FieldIssue[], lang: keyof Bilingual): string {
	return issues.map((i) => `${i.path || '(record)'}: ${i.message[lang]}`).join('; ');
}
