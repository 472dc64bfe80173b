import { z } from 'zod';
import { ethnicities } from '../ethnicity';
import { ageOn } from '../kpi';
import { ruleTexts, type Bilingual } from '../rules';
import { findSecretLike } from '../secrets';
import type { Finding, Severity } from '../finding';
import { evaluate, isFilled, type Condition, type Lookup } from './condition';
import { addDays, isIsoDate } from './dates';
import type { Choice, Constraint, DateRef, Field, Form, ResidentFilter } from './form';
import { dossierTexts, type DossierRuleKey } from './texts';

/** Answers of one form: group ids hold objects, repeat ids arrays of objects. */
export type Answers = Record<string, unknown>;

const MAX_DEPTH = 5;
const MAX_ANSWERS_BYTES = 64_000;

function boundedJson(v: unknown, depth: number): boolean {
	if (v === null || typeof v === 'boolean') return true;
	if (typeof v === 'number') return Number.isFinite(v);
	if (typeof v === 'string') return v.length <= 2000;
	if (depth >= MAX_DEPTH) return false;
	if (Array.isArray(v)) return v.length <= 50 && v.every((x) => boundedJson(x, depth + 1));
	if (typeof v === 'object') {
		const entries = Object.entries(v as object);
		return (
			entries.length <= 100 &&
			entries.every(([k, x]) => k.length <= 40 && boundedJson(x, depth + 1))
		);
	}
	return false;
}

/** The shape a record may store; what the answers mean is checked against the form by `validateAnswers`. */
export const answersSchema = z
	.record(z.string().max(40), z.unknown())
	.refine((a) => boundedJson(a, 0) && JSON.stringify(a).length <= MAX_ANSWERS_BYTES, 'form.tooBig');

/** A household member as the pickers see it. */
export interface PickerResident {
	id: string;
	fullName: string;
	sex: 'male' | 'female' | null;
	dateOfBirth: string | null;
	ethnicityCode: string | null;
	idNumber: string | null;
	/** One line, e.g. `Số 12, Hẻm 3, Ấp Bến Chò`. */
	address?: string;
}

export interface AnswerContext {
	/** The device's local day, `YYYY-MM-DD`. */
	today: string;
	/** Members the pickers offer; without it (on the server) picked ids are not checked against a list. */
	residents?: readonly PickerResident[];
	/** The catalogue's choice lists; `ethnicity` is built in. */
	lists?: Readonly<Record<string, readonly Choice[]>>;
}

export const builtInLists: Readonly<Record<string, readonly Choice[]>> = {
	ethnicity: ethnicities.map((e) => ({ value: e.code, label: { vi: e.vi, en: e.en } }))
};

export function choicesOf(
	field: Extract<Field, { type: 'select' }>,
	lists: AnswerContext['lists']
): readonly Choice[] | undefined {
	if (field.choices) return field.choices;
	const name = field.list ?? '';
	if (lists && Object.hasOwn(lists, name)) return lists[name];
	return Object.hasOwn(builtInLists, name) ? builtInLists[name] : undefined;
}

/** Where a field sits in the answers: its dotted path with repeat indexes, and those indexes. */
interface Scope {
	/** Path with indexes, e.g. `children.1.fullName`. */
	path: string;
	/** Static repeat path → item index, for conditions inside a repeat. */
	items: ReadonlyMap<string, number>;
}

/** Resolves a static path in the scope of the asking field: through a repeat it means the same item. */
export function scopedLookup(answers: Answers, items: ReadonlyMap<string, number>): Lookup {
	return (path) => {
		let value: unknown = answers;
		let prefix = '';
		const parts = path.split('.');
		for (const [i, part] of parts.entries()) {
			if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
			value = Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined;
			prefix = prefix ? `${prefix}.${part}` : part;
			if (Array.isArray(value) && i < parts.length - 1) {
				const index = items.get(prefix);
				if (index === undefined) return undefined;
				value = value[index];
			}
		}
		return value;
	};
}

export function isShown(field: Field, lookup: Lookup): boolean {
	return !field.shownWhen || evaluate(field.shownWhen, lookup);
}

export function isRequired(required: boolean | Condition | undefined, lookup: Lookup): boolean {
	if (required === undefined || typeof required === 'boolean') return required === true;
	return evaluate(required, lookup);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

const PHOTO_HASH = /^[0-9a-f]{64}$/;

class Collector {
	readonly out: Finding[] = [];
	add(path: string, rule: DossierRuleKey, severity: Severity = 'error') {
		this.out.push({ path, rule, severity, message: dossierTexts[rule] });
	}
	custom(path: string, rule: string, message: Bilingual, severity: Severity) {
		this.out.push({ path, rule, severity, message });
	}
}

/**
 * Checks answers against a form: required and shown-when conditions, kinds
 * of value, choices, household pickers, photo counts and the form's own
 * constraints. Hidden questions are not checked. Returns findings with
 * dotted paths (`children.1.fullName`); `error` ones block a ready dossier.
 */
export function validateAnswers(form: Form, answers: Answers, context: AnswerContext): Finding[] {
	const c = new Collector();
	const root = new Map<string, number>();
	checkFields(form.fields, answers, '', '', root, answers, context, c);
	return c.out;
}

function checkFields(
	fields: readonly Field[],
	values: Record<string, unknown>,
	staticPrefix: string,
	pathPrefix: string,
	items: ReadonlyMap<string, number>,
	answers: Answers,
	ctx: AnswerContext,
	c: Collector
) {
	const lookup = scopedLookup(answers, items);
	const known = new Set(fields.filter((f) => f.type !== 'note').map((f) => f.id));
	for (const key of Object.keys(values)) {
		if (!known.has(key)) c.add(pathPrefix ? `${pathPrefix}.${key}` : key, 'form.unknownField');
	}
	for (const field of fields) {
		if (field.type === 'note' || !isShown(field, lookup)) continue;
		const scope: Scope = {
			path: pathPrefix ? `${pathPrefix}.${field.id}` : field.id,
			items
		};
		const staticPath = staticPrefix ? `${staticPrefix}.${field.id}` : field.id;
		const value = Object.hasOwn(values, field.id) ? values[field.id] : undefined;
		if (!isFilled(value)) {
			if (isRequired(field.required, lookup)) c.add(scope.path, 'form.required');
			continue;
		}
		checkValue(field, value, staticPath, scope, answers, ctx, c);
	}
}

function checkValue(
	field: Exclude<Field, { type: 'note' }>,
	value: unknown,
	staticPath: string,
	scope: Scope,
	answers: Answers,
	ctx: AnswerContext,
	c: Collector
) {
	const at = scope.path;
	switch (field.type) {
		case 'group':
			if (!isPlainObject(value)) return c.add(at, 'form.type');
			return checkFields(field.fields, value, staticPath, at, scope.items, answers, ctx, c);
		case 'repeat': {
			if (!Array.isArray(value) || !value.every(isPlainObject)) return c.add(at, 'form.type');
			if (value.length < (field.min ?? 0) || value.length > field.max)
				c.add(at, 'form.repeatCount');
			value.forEach((item, i) => {
				const items = new Map(scope.items).set(staticPath, i);
				checkFields(field.fields, item, staticPath, `${at}.${i}`, items, answers, ctx, c);
			});
			return;
		}
		case 'text': {
			if (typeof value !== 'string') return c.add(at, 'form.type');
			if (value.length > (field.maxLength ?? 200)) c.add(at, 'form.tooLong');
			const secret = findSecretLike(value);
			if (secret) c.custom(at, secret, ruleTexts[secret], 'error');
			break;
		}
		case 'number':
			if (typeof value !== 'number' || !Number.isFinite(value)) return c.add(at, 'form.number');
			if (field.integer && !Number.isInteger(value)) c.add(at, 'form.integer');
			break;
		case 'date':
			if (!isIsoDate(value)) return c.add(at, 'form.date');
			break;
		case 'select': {
			const allowed = new Set((choicesOf(field, ctx.lists) ?? []).map((ch) => ch.value));
			const picked = field.multiple ? value : [value];
			if (!Array.isArray(picked) || !picked.every((v) => typeof v === 'string')) {
				return c.add(at, 'form.type');
			}
			if (!picked.every((v) => allowed.has(v))) c.add(at, 'form.choice');
			if (new Set(picked).size !== picked.length) c.add(at, 'form.choiceTwice');
			break;
		}
		case 'resident': {
			if (typeof value !== 'string' || value.length > 128) return c.add(at, 'form.type');
			if (!ctx.residents) return;
			const r = ctx.residents.find((x) => x.id === value);
			if (!r) return c.add(at, 'form.residentUnknown');
			const lookup = scopedLookup(answers, scope.items);
			if (field.candidates && !matchesFilter(r, field.candidates, lookup, ctx.today)) {
				c.add(at, 'form.residentFilter', 'warning');
			}
			return;
		}
		case 'photo': {
			if (
				!Array.isArray(value) ||
				!value.every((h) => typeof h === 'string' && PHOTO_HASH.test(h))
			) {
				return c.add(at, 'form.photo');
			}
			if (value.length < (field.min ?? 0) || value.length > field.max) c.add(at, 'form.photoCount');
			return;
		}
	}
	for (const k of field.constraints ?? []) {
		const lookup = scopedLookup(answers, scope.items);
		if (k.when && !evaluate(k.when, lookup)) continue;
		if (!constraintHolds(k, value, lookup, ctx.today)) {
			c.custom(at, 'form.constraint', k.message, k.severity ?? 'error');
		}
	}
}

function dateOf(ref: DateRef, lookup: Lookup, today: string): string | undefined {
	const base = 'today' in ref ? today : lookup(ref.field);
	return isIsoDate(base) ? addDays(base, ref.offsetDays ?? 0) : undefined;
}

function constraintHolds(k: Constraint, value: unknown, lookup: Lookup, today: string): boolean {
	switch (k.kind) {
		case 'length': {
			const n = typeof value === 'string' ? value.trim().length : 0;
			return n >= (k.min ?? 0) && n <= (k.max ?? Infinity);
		}
		case 'digits': {
			const s = typeof value === 'string' ? value.trim() : '';
			return /^\d+$/.test(s) && s.length >= k.min && s.length <= k.max;
		}
		case 'range': {
			const n = typeof value === 'number' ? value : NaN;
			return n >= (k.min ?? -Infinity) && n <= (k.max ?? Infinity);
		}
		case 'dateNotAfter':
		case 'dateNotBefore': {
			const ref = dateOf(k.ref, lookup, today);
			if (ref === undefined || typeof value !== 'string') return true;
			return k.kind === 'dateNotAfter' ? value <= ref : value >= ref;
		}
	}
}

/** Whether a household member fits a picker's filter; an unknown sex or age never excludes. */
export function matchesFilter(
	r: PickerResident,
	filter: ResidentFilter,
	lookup: Lookup,
	today: string
): boolean {
	if (filter.sex && r.sex && r.sex !== filter.sex) return false;
	if ((filter.minAge === undefined && filter.maxAge === undefined) || !r.dateOfBirth) return true;
	const on = filter.ageOn ? lookup(filter.ageOn) : today;
	if (!isIsoDate(on)) return true;
	const age = ageOn(r.dateOfBirth, on);
	return age >= (filter.minAge ?? 0) && age <= (filter.maxAge ?? 150);
}

/** The answers without those of hidden questions, as they are filed. */
export function visibleAnswers(form: Form, answers: Answers): Answers {
	return pruneFields(form.fields, answers, '', new Map(), answers);
}

function pruneFields(
	fields: readonly Field[],
	values: Record<string, unknown>,
	staticPrefix: string,
	items: ReadonlyMap<string, number>,
	answers: Answers
): Answers {
	const lookup = scopedLookup(answers, items);
	const out: Answers = {};
	for (const field of fields) {
		if (field.type === 'note' || !Object.hasOwn(values, field.id) || !isShown(field, lookup))
			continue;
		const value = values[field.id];
		const staticPath = staticPrefix ? `${staticPrefix}.${field.id}` : field.id;
		if (field.type === 'group' && isPlainObject(value)) {
			out[field.id] = pruneFields(field.fields, value, staticPath, items, answers);
		} else if (field.type === 'repeat' && Array.isArray(value)) {
			out[field.id] = value.map((item, i) =>
				isPlainObject(item)
					? pruneFields(field.fields, item, staticPath, new Map(items).set(staticPath, i), answers)
					: item
			);
		} else out[field.id] = value;
	}
	return out;
}
