import { isFilled } from './condition';
import {
	matchesFilter,
	scopedLookup,
	type AnswerContext,
	type Answers,
	type PickerResident
} from './answers';
import { walkFields, type Field, type Form, type ResidentAttribute } from './form';

/** Members a picker offers, those matching its filter first (then by name). */
export function pickerCandidates(
	field: Extract<Field, { type: 'resident' }>,
	answers: Answers,
	context: Required<Pick<AnswerContext, 'residents'>> & Pick<AnswerContext, 'today'>
): { resident: PickerResident; matches: boolean }[] {
	const lookup = scopedLookup(answers, new Map());
	return context.residents
		.map((resident) => ({
			resident,
			matches: !field.candidates || matchesFilter(resident, field.candidates, lookup, context.today)
		}))
		.sort(
			(a, b) =>
				Number(b.matches) - Number(a.matches) ||
				a.resident.fullName.localeCompare(b.resident.fullName, 'vi')
		);
}

function attribute(r: PickerResident, a: ResidentAttribute): string | undefined {
	switch (a) {
		case 'birthYear':
			return r.dateOfBirth?.slice(0, 4);
		case 'address':
			return r.address;
		default:
			return r[a] ?? undefined;
	}
}

function setAt(answers: Answers, path: string, value: unknown): Answers {
	const [head, ...rest] = path.split('.');
	if (rest.length === 0) return { ...answers, [head]: value };
	const inner = answers[head];
	const obj = inner && typeof inner === 'object' && !Array.isArray(inner) ? inner : {};
	return { ...answers, [head]: setAt(obj as Answers, rest.join('.'), value) };
}

/**
 * Fills what the household already tells, never overwriting an answer:
 * a picker with `prefill: 'unique'` takes the only member matching its
 * filter (a child's mother: the one woman of age in the household), then
 * answers with `copyFrom` take the picked member's name, birth year, etc.
 * Fields inside repeats are left to the person filling the form.
 */
export function prefillAnswers(
	form: Form,
	answers: Answers,
	context: Required<Pick<AnswerContext, 'residents'>> & Pick<AnswerContext, 'today'>
): Answers {
	let out = answers;
	const placed = walkFields(form.fields).filter((p) => p.repeats.length === 0);
	for (const { field, path } of placed) {
		if (field.type !== 'resident' || field.prefill !== 'unique') continue;
		if (isFilled(scopedLookup(out, new Map())(path))) continue;
		const matching = pickerCandidates(field, out, context).filter((c) => c.matches);
		if (matching.length === 1) out = setAt(out, path, matching[0].resident.id);
	}
	for (const { field, path } of placed) {
		const from = 'copyFrom' in field ? field.copyFrom : undefined;
		if (!from) continue;
		const lookup = scopedLookup(out, new Map());
		if (isFilled(lookup(path))) continue;
		const picked = context.residents.find((r) => r.id === lookup(from.picker));
		const value = picked && attribute(picked, from.attribute);
		if (value === undefined || value === '') continue;
		out = setAt(out, path, field.type === 'number' ? Number(value) : value);
	}
	return out;
}
