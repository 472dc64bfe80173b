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

const enLocale = z.locales.en();
const viLocale = z.locales.vi();

function localeText(issue: z.core.$ZodIssue, locale: { localeError: z.core.$ZodErrorMap }): string {
	const out = locale.localeError(issue as never);
	if (typeof out === 'string') return out;
	return out?.message ?? issue.message;
}

export function describeIssue(issue: z.core.$ZodIssue): FieldIssue {
	const path = issue.path.map(String).join('.');
	const known = ruleText(issue.message);
	if (known) return { path, rule: issue.message, message: known };
	return {
		path,
		rule: issue.code,
		message: { en: localeText(issue, enLocale), vi: localeText(issue, viLocale) }
	};
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
