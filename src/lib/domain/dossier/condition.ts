import { z } from 'zod';

/** Dotted path of field ids from the form's root, e.g. `child.sex`; through a repeat it means the same item. */
export const fieldPathSchema = z
	.string()
	.max(200)
	.regex(/^[a-z][a-zA-Z0-9]{0,39}(\.[a-z][a-zA-Z0-9]{0,39}){0,5}$/, 'form.path');

export const scalarSchema = z.union([z.string().max(200), z.number(), z.boolean()]);
export type Scalar = z.infer<typeof scalarSchema>;

/**
 * A condition over the answers, as data: forms come from an admin-imported
 * catalogue, so nothing in them is ever evaluated as code.
 */
export type Condition =
	| { op: 'and'; of: Condition[] }
	| { op: 'or'; of: Condition[] }
	| { op: 'not'; of: Condition }
	| { op: 'equals'; field: string; value: Scalar }
	| { op: 'in'; field: string; values: Scalar[] }
	| { op: 'filled'; field: string };

const MAX_DEPTH = 6;

const conditionUnion: z.ZodType<Condition> = z.lazy(() =>
	z.discriminatedUnion('op', [
		z.object({ op: z.literal('and'), of: z.array(conditionUnion).min(1).max(20) }),
		z.object({ op: z.literal('or'), of: z.array(conditionUnion).min(1).max(20) }),
		z.object({ op: z.literal('not'), of: conditionUnion }),
		z.object({ op: z.literal('equals'), field: fieldPathSchema, value: scalarSchema }),
		z.object({
			op: z.literal('in'),
			field: fieldPathSchema,
			values: z.array(scalarSchema).max(100)
		}),
		z.object({ op: z.literal('filled'), field: fieldPathSchema })
	])
);

export const conditionSchema: z.ZodType<Condition> = conditionUnion.refine(
	(c) => conditionDepth(c) <= MAX_DEPTH,
	'form.conditionDepth'
);

function conditionDepth(c: Condition): number {
	if (c.op === 'and' || c.op === 'or') return 1 + Math.max(...c.of.map(conditionDepth));
	if (c.op === 'not') return 1 + conditionDepth(c.of);
	return 1;
}

/** Every field path a condition reads, for the catalogue's reference check. */
export function conditionFields(c: Condition): string[] {
	if (c.op === 'and' || c.op === 'or') return c.of.flatMap(conditionFields);
	if (c.op === 'not') return conditionFields(c.of);
	return [c.field];
}

/** Empty means not answered: absent, null, blank text or an empty list. */
export function isFilled(value: unknown): boolean {
	if (value === undefined || value === null) return false;
	if (typeof value === 'string') return value.trim() !== '';
	if (Array.isArray(value)) return value.length > 0;
	return true;
}

/** Reads the answer at a field path; `lookup` resolves paths in the scope of the field asking. */
export type Lookup = (path: string) => unknown;

export function evaluate(c: Condition, lookup: Lookup): boolean {
	switch (c.op) {
		case 'and':
			return c.of.every((x) => evaluate(x, lookup));
		case 'or':
			return c.of.some((x) => evaluate(x, lookup));
		case 'not':
			return !evaluate(c.of, lookup);
		case 'filled':
			return isFilled(lookup(c.field));
		case 'equals': {
			const v = lookup(c.field);
			return Array.isArray(v) ? v.includes(c.value) : v === c.value;
		}
		case 'in': {
			const v = lookup(c.field);
			// A multiple choice is "in" the list when any chosen value is.
			if (Array.isArray(v)) return v.some((x) => c.values.includes(x as Scalar));
			return c.values.includes(v as Scalar);
		}
	}
}
