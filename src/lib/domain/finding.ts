import { ruleTexts, type Bilingual, type RuleKey } from './rules';

/**
 * `error` blocks saving; `confirm` blocks saving until the volunteer confirms
 * the value is right (a CCCD that disagrees with birth year or sex: the record
 * then keeps `cccdMismatchConfirmed`); `warning` is shown but never blocks.
 */
export type Severity = 'error' | 'confirm' | 'warning';

export interface Finding {
	/** Field the finding belongs to, as in `FieldIssue.path`. */
	path: string;
	/** Rule key from `rules.ts`, or zod's issue code for generic rules. */
	rule: string;
	severity: Severity;
	message: Bilingual;
}

export function finding(path: string, rule: RuleKey, severity: Severity): Finding {
	return { path, rule, severity, message: ruleTexts[rule] };
}
