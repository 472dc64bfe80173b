/** Untyped JSON of the procedure catalogue, for tests that break it on purpose. */
export type Raw = Record<string, unknown>;

/** The element of a JSON list whose `id` or `code` is `value`. */
export function entry(list: unknown, key: 'id' | 'code', value: string): Raw {
	const found = (list as Raw[]).find((x) => x[key] === value);
	if (!found) throw new Error(`no ${key} ${value}`);
	return found;
}

/** The fields of a procedure (its form's) or of a group. */
export const fieldsOf = (x: Raw): Raw[] =>
	((x.form as Raw | undefined)?.fields ?? x.fields) as Raw[];
