import type { Answers, Choice, Field, PickerResident } from '$domain/dossier';
import type { Finding } from '$domain/finding';
import type { Review } from '$domain/envelope';

/** What every field of one rendered form shares. */
export interface FormContext {
	/** The whole answers object (a `$state` proxy): conditions and pickers read across groups. */
	answers: Answers;
	/** Findings on `answers.<path>`, already filtered to what should show. */
	findings: readonly Finding[];
	/** The office's open notes, on `answers.<path>`, as `FieldIssues` reads them. */
	review: Review;
	residents: readonly PickerResident[];
	lists: Readonly<Record<string, readonly Choice[]>>;
	today: string;
	/** A picker changed: fill what the picked member tells. */
	picked: () => void;
	/** Takes a photo for a photo question; resolves to its hash, or null when it failed. */
	photo: (file: File) => Promise<string | null>;
	disabled: boolean;
}

/** Id of the input of an answer path, e.g. `f-child-fullName`. */
export const inputId = (path: string) => `f-${path.replaceAll('.', '-')}`;

/**
 * Gives every group an object and every repeat its minimum items, so the
 * questions inside are checked (an absent group is not) and inputs can bind.
 */
export function shapeAnswers(fields: readonly Field[], values: Answers): Answers {
	const out: Answers = { ...values };
	for (const f of fields) {
		const v = out[f.id];
		if (f.type === 'group') {
			out[f.id] = shapeAnswers(
				f.fields,
				v && typeof v === 'object' && !Array.isArray(v) ? (v as Answers) : {}
			);
		} else if (f.type === 'repeat') {
			const items = Array.isArray(v) ? (v as Answers[]) : [];
			while (items.length < (f.min ?? 0)) items.push({});
			out[f.id] = items.map((item) => shapeAnswers(f.fields, item));
		}
	}
	return out;
}
