import { z } from 'zod';
import { isoDateSchema } from '../envelope';
import { foldVietnamese } from '../text';
import type { Validated } from '../validation';
import { builtInLists, scopedLookup, type Answers } from './answers';
import {
	conditionFields,
	conditionSchema,
	evaluate,
	fieldPathSchema,
	type Condition
} from './condition';
import {
	bilingualSchema,
	choiceSchema,
	formIdSchema,
	formSchema,
	walkFields,
	type Field,
	type Form,
	type PlacedField
} from './form';
import { validateDossierRules, type DossierRuleKey } from './texts';

/** Our stable key of a procedure, e.g. `birth-bundle`; the national code may be unknown or change. */
export const procedureCodeSchema = z
	.string()
	.regex(/^[a-z][a-z0-9-]{1,59}$/, 'catalogue.procedureCode');

/** Decree 42/2022/NĐ-CP: fully online (toàn trình) or partly online (một phần, one step in person). */
export const serviceLevelSchema = z.enum(['full', 'partial']);
export type ServiceLevel = z.infer<typeof serviceLevelSchema>;
export const serviceLevelLabels = {
	full: { vi: 'Toàn trình', en: 'Fully online' },
	partial: { vi: 'Một phần', en: 'Partly online' }
} as const;

const vndSchema = z.number().int().min(0).max(1_000_000_000);

export const exemptionSchema = z.object({
	id: formIdSchema,
	label: bilingualSchema,
	/** Where the exemption is written, e.g. `Luật Hộ tịch 2014, Điều 11`. */
	basis: z.string().min(1).max(300)
});

const feeBase = {
	exemptions: z.array(exemptionSchema).max(20),
	note: bilingualSchema.optional()
};

export const feeSchema = z.discriminatedUnion('kind', [
	z.object({ ...feeBase, kind: z.literal('none') }),
	z.object({
		...feeBase,
		kind: z.literal('fixed'),
		amountVnd: vndSchema,
		/** Lower rate when filed online, where the fee law sets one. */
		onlineAmountVnd: vndSchema.optional()
	}),
	/** Per page and copy with a cap per copy (certified copies, Circular 226/2016/TT-BTC). */
	z.object({
		...feeBase,
		kind: z.literal('perPage'),
		pagesField: fieldPathSchema,
		copiesField: fieldPathSchema,
		firstPages: z.number().int().min(0).max(100),
		firstPageVnd: vndSchema,
		nextPageVnd: vndSchema,
		maxPerCopyVnd: vndSchema
	}),
	/** Set by the provincial People's Council: the commune records its local amount. */
	z.object({ ...feeBase, kind: z.literal('provincial') })
]);
export type Fee = z.infer<typeof feeSchema>;

export const documentSpecSchema = z.object({
	id: formIdSchema,
	name: bilingualSchema,
	/** `true`, or the answers under which the paper is needed. */
	required: z.union([z.boolean(), conditionSchema]),
	/** Photos to take of it; `max: 0` for papers only shown (an ID card is never photographed). */
	photos: z.object({ min: z.number().int().min(0).max(10), max: z.number().int().min(0).max(10) }),
	certifiedCopyAccepted: z.boolean(),
	note: bilingualSchema.optional()
});
export type DocumentSpec = z.infer<typeof documentSpecSchema>;

export const sourceSchema = z.object({
	/** What was checked where, and what is uncertain (a fee, a time limit). */
	note: z.string().min(1).max(3000),
	urls: z.array(z.url().max(500)).max(10),
	confidence: z.enum(['high', 'medium', 'low']),
	checkedOn: isoDateSchema
});

export const legalBasisSchema = z.object({
	/** The legal text, e.g. `Nghị định 63/2024/NĐ-CP`. */
	ref: z.string().min(1).max(200),
	articles: z.string().max(200).optional(),
	about: z.string().max(500).optional()
});

export const componentSchema = z.object({
	code: procedureCodeSchema,
	/** Included only when `when` holds (e.g. the family asks for the funeral allowance). */
	when: conditionSchema.optional()
});

export const procedureSchema = z.object({
	code: procedureCodeSchema,
	/** Code of the national database of procedures (mã TTHC), when known. */
	nationalCode: z
		.string()
		.regex(/^\d\.\d{6}$/)
		.nullable(),
	name: bilingualSchema,
	/** False for procedures offered only inside a bundle (the under-6 health-insurance card). */
	standalone: z.boolean(),
	serviceLevel: serviceLevelSchema,
	agency: bilingualSchema,
	/** Legal time limit in working days; 0 means the same working day. */
	processingDays: z.object({
		days: z.number().int().min(0).max(365),
		withVerificationDays: z.number().int().min(0).max(365).optional(),
		note: bilingualSchema.optional()
	}),
	fee: feeSchema,
	documents: z.array(documentSpecSchema).max(40),
	form: formSchema,
	/** A bundle (liên thông) lists the procedures it files together. */
	components: z.array(componentSchema).min(2).max(10).optional(),
	legalBasis: z.array(legalBasisSchema).min(1).max(20),
	source: sourceSchema
});
export type Procedure = z.infer<typeof procedureSchema>;

const catalogueShape = z.object({
	format: z.literal('tramso.procedures'),
	formatVersion: z.literal(1),
	/** Raised on every published change; a dossier records the version its answers follow. */
	version: z.number().int().min(1),
	publishedOn: isoDateSchema,
	choiceLists: z.record(formIdSchema, z.array(choiceSchema).min(1).max(200)),
	procedures: z.array(procedureSchema).min(1).max(300)
});

export const catalogueSchema = catalogueShape.superRefine(checkCatalogue);
export type Catalogue = z.infer<typeof catalogueShape>;

type Path = (string | number)[];
type Report = (path: Path, rule: DossierRuleKey) => void;

function checkCatalogue(cat: Catalogue, ctx: z.core.$RefinementCtx) {
	const report: Report = (path, rule) => ctx.addIssue({ code: 'custom', path, message: rule });
	const lists = new Set([...Object.keys(cat.choiceLists), ...Object.keys(builtInLists)]);
	const byCode = new Map<string, Procedure>();
	cat.procedures.forEach((p, i) => {
		if (byCode.has(p.code)) report(['procedures', i, 'code'], 'catalogue.duplicateCode');
		byCode.set(p.code, p);
	});
	cat.procedures.forEach((p, i) => {
		const at: Path = ['procedures', i];
		checkForm(p.form, lists, (path, rule) => report([...at, 'form', ...path], rule));
		checkDocuments(p, (path, rule) => report([...at, ...path], rule));
		checkFee(p, (path, rule) => report([...at, 'fee', ...path], rule));
		p.components?.forEach((c, j) => {
			const target = byCode.get(c.code);
			if (!target || target.components) {
				report([...at, 'components', j, 'code'], 'catalogue.unknownComponent');
			}
			if (c.when)
				checkRefs(c.when, p.form, [], (rule) => report([...at, 'components', j, 'when'], rule));
		});
	});
}

function fieldsByPath(form: Form): Map<string, PlacedField> {
	return new Map(walkFields(form.fields).map((p) => [p.path, p]));
}

/** A path may be read from where `repeats` are open: it must not go into any other repeat. */
function refRule(
	form: Form,
	path: string,
	repeats: readonly string[],
	kind?: Field['type']
): DossierRuleKey | null {
	const target = fieldsByPath(form).get(path);
	if (!target || target.field.type === 'note') return 'catalogue.unknownField';
	if (!target.repeats.every((r) => repeats.includes(r))) return 'catalogue.unknownField';
	if (kind && target.field.type !== kind) return 'catalogue.fieldKind';
	return null;
}

function checkRefs(
	c: Condition | boolean | undefined,
	form: Form,
	repeats: readonly string[],
	report: (rule: DossierRuleKey) => void
) {
	if (c === undefined || typeof c === 'boolean') return;
	for (const path of conditionFields(c)) {
		const rule = refRule(form, path, repeats);
		if (rule) report(rule);
	}
}

const CONSTRAINT_TYPES: Record<string, Field['type']> = {
	length: 'text',
	digits: 'text',
	range: 'number',
	dateNotAfter: 'date',
	dateNotBefore: 'date'
};

/** Index path of a field in the form JSON (`fields.2.fields.0`), for messages that name it. */
function indexPaths(fields: readonly Field[], prefix: Path = ['fields']): Map<Field, Path> {
	const out = new Map<Field, Path>();
	fields.forEach((f, i) => {
		const at = [...prefix, i];
		out.set(f, at);
		if (f.type === 'group' || f.type === 'repeat') {
			for (const [k, v] of indexPaths(f.fields, [...at, 'fields'])) out.set(k, v);
		}
	});
	return out;
}

export function checkForm(form: Form, lists: ReadonlySet<string>, report: Report) {
	const where = indexPaths(form.fields);
	const siblings = (fields: readonly Field[]) => {
		const seen = new Set<string>();
		for (const f of fields) {
			if (seen.has(f.id)) report([...(where.get(f) ?? []), 'id'], 'catalogue.duplicateId');
			seen.add(f.id);
			if (f.type === 'group' || f.type === 'repeat') siblings(f.fields);
		}
	};
	siblings(form.fields);
	for (const { field, repeats } of walkFields(form.fields)) {
		const at = where.get(field) ?? [];
		const ref = (path: string, sub: Path, kind?: Field['type']) => {
			const rule = refRule(form, path, repeats, kind);
			if (rule) report([...at, ...sub], rule);
		};
		checkRefs(field.shownWhen, form, repeats, (r) => report([...at, 'shownWhen'], r));
		if (field.type === 'note') continue;
		checkRefs(field.required, form, repeats, (r) => report([...at, 'required'], r));
		if (field.type === 'select' && field.list && !lists.has(field.list)) {
			report([...at, 'list'], 'catalogue.unknownList');
		}
		if (field.type === 'resident') {
			const c = field.candidates;
			if (c?.ageOn) ref(c.ageOn, ['candidates', 'ageOn'], 'date');
			if (c && (c.minAge ?? 0) > (c.maxAge ?? 150))
				report([...at, 'candidates'], 'catalogue.minMax');
		}
		if ((field.type === 'photo' || field.type === 'repeat') && (field.min ?? 0) > field.max) {
			report([...at, 'min'], 'catalogue.minMax');
		}
		if (!('constraints' in field)) continue;
		if (field.copyFrom) ref(field.copyFrom.picker, ['copyFrom', 'picker'], 'resident');
		field.constraints?.forEach((k, j) => {
			if (CONSTRAINT_TYPES[k.kind] !== field.type) {
				report([...at, 'constraints', j, 'kind'], 'catalogue.constraintKind');
			}
			if ('min' in k && 'max' in k && k.min !== undefined && k.max !== undefined && k.min > k.max) {
				report([...at, 'constraints', j], 'catalogue.minMax');
			}
			if ('ref' in k && 'field' in k.ref)
				ref(k.ref.field, ['constraints', j, 'ref', 'field'], 'date');
			checkRefs(k.when, form, repeats, (r) => report([...at, 'constraints', j, 'when'], r));
		});
	}
}

/** Words that name an ID card in a document's name. */
const ID_CARD_WORDS = ['can cuoc', 'cccd', 'chung minh nhan dan', 'cmnd', 'the can cuoc'];

function checkDocuments(p: Procedure, report: Report) {
	const seen = new Set<string>();
	p.documents.forEach((d, j) => {
		const at: Path = ['documents', j];
		if (seen.has(d.id)) report([...at, 'id'], 'catalogue.duplicateId');
		seen.add(d.id);
		if (d.photos.min > d.photos.max) report([...at, 'photos'], 'catalogue.minMax');
		const name = foldVietnamese(d.name.vi);
		if (d.photos.max > 0 && ID_CARD_WORDS.some((w) => name.includes(w))) {
			report([...at, 'photos', 'max'], 'catalogue.idCardPhoto');
		}
		checkRefs(d.required, p.form, [], (r) => report([...at, 'required'], r));
	});
}

function checkFee(p: Procedure, report: Report) {
	if (p.fee.kind !== 'perPage') return;
	for (const key of ['pagesField', 'copiesField'] as const) {
		if (refRule(p.form, p.fee[key], [], 'number')) report([key], 'catalogue.feeField');
	}
}

/**
 * A readable path into the catalogue JSON: array indexes become the `code`
 * or `id` of the entry, e.g. `procedures[birth-bundle].form.fields[child].label.en`.
 */
export function describeCataloguePath(json: unknown, path: readonly PropertyKey[]): string {
	let node: unknown = json;
	let out = '';
	for (const key of path) {
		const next =
			node !== null && typeof node === 'object'
				? (node as Record<PropertyKey, unknown>)[key]
				: undefined;
		if (typeof key === 'number') {
			const named = next as { code?: unknown; id?: unknown } | undefined;
			const name = typeof named?.code === 'string' ? named.code : named?.id;
			out += typeof name === 'string' ? `[${name}]` : `[${key}]`;
		} else out += out ? `.${String(key)}` : String(key);
		node = next;
	}
	return out;
}

/** Validates a catalogue file's JSON; issues name the procedure and field they are about. */
export function parseCatalogue(json: unknown): Validated<Catalogue> {
	return validateDossierRules(catalogueSchema, json, (path) => describeCataloguePath(json, path));
}

export function findProcedure(cat: Catalogue, code: string): Procedure | undefined {
	return cat.procedures.find((p) => p.code === code);
}

/** The components a bundle files for these answers (all of them for a single procedure: none). */
export function includedComponents(cat: Catalogue, p: Procedure, answers: Answers): Procedure[] {
	const lookup = scopedLookup(answers, new Map());
	return (p.components ?? [])
		.filter((c) => !c.when || evaluate(c.when, lookup))
		.flatMap((c) => findProcedure(cat, c.code) ?? []);
}

/**
 * Working days the whole dossier may take: the bundle's own limit covers its
 * fixed components; a component added on request (an allowance) may take longer.
 */
export function processingDaysFor(cat: Catalogue, p: Procedure, answers: Answers): number {
	const lookup = scopedLookup(answers, new Map());
	const extra = (p.components ?? [])
		.filter((c) => c.when && evaluate(c.when, lookup))
		.flatMap((c) => findProcedure(cat, c.code)?.processingDays.days ?? []);
	return Math.max(p.processingDays.days, ...extra);
}

/** Documents the resident must bring or show for these answers. */
export function requiredDocuments(p: Procedure, answers: Answers): DocumentSpec[] {
	const lookup = scopedLookup(answers, new Map());
	return p.documents.filter(
		(d) => d.required === true || (typeof d.required !== 'boolean' && evaluate(d.required, lookup))
	);
}
