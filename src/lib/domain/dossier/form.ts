import { z } from 'zod';
import { conditionSchema, fieldPathSchema } from './condition';

export const bilingualSchema = z.object({
	vi: z.string().trim().min(1).max(1000),
	en: z.string().trim().min(1).max(1000)
});

/** Field, document and choice ids: short camelCase, so paths stay readable (`mother.fullName`). */
export const formIdSchema = z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'form.id');
/** Values of choices, as stored in the answers. */
export const choiceValueSchema = z
	.string()
	.regex(/^[a-z0-9][a-zA-Z0-9_-]{0,39}$/, 'form.choiceValue');

export const choiceSchema = z.object({ value: choiceValueSchema, label: bilingualSchema });
export type Choice = z.infer<typeof choiceSchema>;

const severitySchema = z.enum(['error', 'warning']);

/** A day fixed by today's date or by another date answer, shifted by whole days. */
export const dateRefSchema = z.union([
	z.object({
		today: z.literal(true),
		offsetDays: z.number().int().min(-36600).max(36600).optional()
	}),
	z.object({
		field: fieldPathSchema,
		offsetDays: z.number().int().min(-36600).max(36600).optional()
	})
]);
export type DateRef = z.infer<typeof dateRefSchema>;

const constraintBase = {
	/** Shown next to the field; Vietnamese first. */
	message: bilingualSchema,
	/** `warning` is shown but never blocks, e.g. a birth registered after the 60-day limit. */
	severity: severitySchema.optional(),
	when: conditionSchema.optional()
};

export const constraintSchema = z.discriminatedUnion('kind', [
	z.object({
		...constraintBase,
		kind: z.literal('length'),
		min: z.number().int().min(0).optional(),
		max: z.number().int().min(1).optional()
	}),
	/** Digits only, with a length range (ID numbers, phone numbers typed as text). */
	z.object({
		...constraintBase,
		kind: z.literal('digits'),
		min: z.number().int().min(1).max(30),
		max: z.number().int().min(1).max(30)
	}),
	z.object({
		...constraintBase,
		kind: z.literal('range'),
		min: z.number().optional(),
		max: z.number().optional()
	}),
	z.object({ ...constraintBase, kind: z.literal('dateNotAfter'), ref: dateRefSchema }),
	z.object({ ...constraintBase, kind: z.literal('dateNotBefore'), ref: dateRefSchema })
]);
export type Constraint = z.infer<typeof constraintSchema>;

/** What a resident picker may copy into another answer once a resident is picked. */
export const residentAttributeSchema = z.enum([
	'fullName',
	'dateOfBirth',
	'birthYear',
	'sex',
	'ethnicityCode',
	'idNumber',
	'address'
]);
export type ResidentAttribute = z.infer<typeof residentAttributeSchema>;

const copyFromSchema = z.object({ picker: fieldPathSchema, attribute: residentAttributeSchema });

const fieldBase = {
	id: formIdSchema,
	label: bilingualSchema,
	hint: bilingualSchema.optional(),
	/** `true`, or a condition under which the field must be answered. */
	required: z.union([z.boolean(), conditionSchema]).optional(),
	shownWhen: conditionSchema.optional(),
	/** Ids this field had in older catalogue versions, so migration carries its answer over. */
	previousIds: z.array(formIdSchema).max(5).optional()
};

const valueBase = {
	...fieldBase,
	constraints: z.array(constraintSchema).max(10).optional(),
	/** Filled from a picked resident when still empty. */
	copyFrom: copyFromSchema.optional()
};

export const textFieldSchema = z.object({
	...valueBase,
	type: z.literal('text'),
	multiline: z.boolean().optional(),
	maxLength: z.number().int().min(1).max(2000).optional()
});
export const numberFieldSchema = z.object({
	...valueBase,
	type: z.literal('number'),
	integer: z.boolean().optional(),
	unit: bilingualSchema.optional()
});
export const dateFieldSchema = z.object({ ...valueBase, type: z.literal('date') });
export const selectFieldSchema = z
	.object({
		...valueBase,
		type: z.literal('select'),
		multiple: z.boolean().optional(),
		/** Inline choices, or the name of a list (`choiceLists` of the catalogue, or `ethnicity`). */
		choices: z.array(choiceSchema).min(1).max(100).optional(),
		list: formIdSchema.optional()
	})
	.refine((f) => (f.choices === undefined) !== (f.list === undefined), {
		message: 'form.choicesOrList',
		path: ['choices']
	});

/** Which household members a picker offers first; a unique match is picked by prefill. */
export const residentFilterSchema = z.object({
	sex: z.enum(['male', 'female']).optional(),
	minAge: z.number().int().min(0).max(150).optional(),
	maxAge: z.number().int().min(0).max(150).optional(),
	/** Date answer the ages are counted on (e.g. the child's birth); today when absent. */
	ageOn: fieldPathSchema.optional()
});
export type ResidentFilter = z.infer<typeof residentFilterSchema>;

export const residentFieldSchema = z.object({
	...fieldBase,
	type: z.literal('resident'),
	candidates: residentFilterSchema.optional(),
	/** Pick the only member matching `candidates` when the form opens. */
	prefill: z.literal('unique').optional()
});
export const photoFieldSchema = z.object({
	...fieldBase,
	type: z.literal('photo'),
	min: z.number().int().min(0).max(10).optional(),
	max: z.number().int().min(1).max(10)
});
/** Text shown in the form, with no answer. */
export const noteFieldSchema = z.object({
	id: formIdSchema,
	type: z.literal('note'),
	text: bilingualSchema,
	shownWhen: conditionSchema.optional()
});

export type TextField = z.infer<typeof textFieldSchema>;
export type NumberField = z.infer<typeof numberFieldSchema>;
export type DateField = z.infer<typeof dateFieldSchema>;
export type SelectField = z.infer<typeof selectFieldSchema>;
export type ResidentField = z.infer<typeof residentFieldSchema>;
export type PhotoField = z.infer<typeof photoFieldSchema>;
export type NoteField = z.infer<typeof noteFieldSchema>;
type FieldBase = z.infer<z.ZodObject<typeof fieldBase>>;
export type GroupField = FieldBase & { type: 'group'; fields: Field[] };
export type RepeatField = FieldBase & {
	type: 'repeat';
	fields: Field[];
	min?: number;
	max: number;
};
export type Field =
	| TextField
	| NumberField
	| DateField
	| SelectField
	| ResidentField
	| PhotoField
	| NoteField
	| GroupField
	| RepeatField;
export type ValueField = TextField | NumberField | DateField | SelectField;

const fieldsSchema: z.ZodType<Field[]> = z.lazy(() => z.array(fieldSchema).min(1).max(80));

export const fieldSchema: z.ZodType<Field> = z.lazy(() =>
	z.discriminatedUnion('type', [
		textFieldSchema,
		numberFieldSchema,
		dateFieldSchema,
		selectFieldSchema,
		residentFieldSchema,
		photoFieldSchema,
		noteFieldSchema,
		z.object({ ...fieldBase, type: z.literal('group'), fields: fieldsSchema }),
		z.object({
			...fieldBase,
			type: z.literal('repeat'),
			fields: fieldsSchema,
			min: z.number().int().min(0).max(50).optional(),
			max: z.number().int().min(1).max(50)
		})
	])
);

export const formSchema = z.object({ fields: fieldsSchema });
export type Form = z.infer<typeof formSchema>;

/** A field with its dotted path and the repeats it sits in (outermost first). */
export interface PlacedField {
	field: Field;
	path: string;
	repeats: string[];
}

/** Every field of a form, depth first, with static paths (no repeat indexes). */
export function walkFields(fields: readonly Field[], prefix = '', repeats: string[] = []) {
	const out: PlacedField[] = [];
	for (const field of fields) {
		const path = prefix ? `${prefix}.${field.id}` : field.id;
		out.push({ field, path, repeats });
		if (field.type === 'group') out.push(...walkFields(field.fields, path, repeats));
		if (field.type === 'repeat') out.push(...walkFields(field.fields, path, [...repeats, path]));
	}
	return out;
}
