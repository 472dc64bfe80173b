import { isFilled } from './condition';
import type { Bilingual } from '../rules';
import { choicesOf, validateAnswers, type AnswerContext, type Answers } from './answers';
import type { Catalogue, Procedure } from './catalogue';
import type { Dossier, Superseded } from './dossier';
import type { Field, Form } from './form';
import { OPEN_STATUSES } from './status';

export interface DroppedAnswer {
	/** Path in the old answers, e.g. `child.hometown` or `witnesses.0.name`. */
	path: string;
	/** The old form's label of the question, when it had one. */
	label: Bilingual | null;
	value: unknown;
	reason: 'removed' | 'incompatible';
}

export interface AnswerMigration {
	answers: Answers;
	dropped: DroppedAnswer[];
	/** Questions of the new form that are required and not answered yet. */
	missing: string[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
	v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether an old answer is still a valid value for the new field (type and choices). */
function fits(field: Field, value: unknown, lists: AnswerContext['lists']): boolean {
	switch (field.type) {
		case 'text':
			return typeof value === 'string' && value.length <= (field.maxLength ?? 200);
		case 'number':
			return (
				typeof value === 'number' &&
				Number.isFinite(value) &&
				(!field.integer || Number.isInteger(value))
			);
		case 'date':
			return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
		case 'select': {
			const allowed = new Set((choicesOf(field, lists) ?? []).map((c) => c.value));
			const picked = field.multiple ? value : [value];
			return Array.isArray(picked) && picked.every((v) => typeof v === 'string' && allowed.has(v));
		}
		case 'resident':
			return typeof value === 'string';
		case 'photo':
			return Array.isArray(value) && value.length <= field.max;
		case 'group':
			return isPlainObject(value);
		case 'repeat':
			return Array.isArray(value) && value.length <= field.max;
		case 'note':
			return false;
	}
}

function labelsOf(
	fields: readonly Field[] | undefined
): Map<string, { label: Bilingual | null; field: Field }> {
	return new Map(
		(fields ?? []).map((f) => [f.id, { label: 'label' in f ? f.label : null, field: f }])
	);
}

function migrateLevel(
	from: readonly Field[] | undefined,
	to: readonly Field[],
	old: Record<string, unknown>,
	prefix: string,
	lists: AnswerContext['lists'],
	dropped: DroppedAnswer[]
): Answers {
	const oldFields = labelsOf(from);
	const used = new Set<string>();
	const out: Answers = {};
	for (const field of to) {
		if (field.type === 'note') continue;
		const sourceId = [field.id, ...('previousIds' in field ? (field.previousIds ?? []) : [])].find(
			(id) => Object.hasOwn(old, id) && !used.has(id)
		);
		if (sourceId === undefined) continue;
		used.add(sourceId);
		const value = old[sourceId];
		const path = prefix ? `${prefix}.${sourceId}` : sourceId;
		if (!isFilled(value)) continue;
		if (!fits(field, value, lists)) {
			dropped.push({
				path,
				label: oldFields.get(sourceId)?.label ?? null,
				value,
				reason: 'incompatible'
			});
			continue;
		}
		const before = oldFields.get(sourceId)?.field;
		const inner =
			before && (before.type === 'group' || before.type === 'repeat') ? before.fields : undefined;
		if (field.type === 'group') {
			out[field.id] = migrateLevel(
				inner,
				field.fields,
				value as Record<string, unknown>,
				path,
				lists,
				dropped
			);
		} else if (field.type === 'repeat') {
			out[field.id] = (value as unknown[]).map((item, i) =>
				isPlainObject(item)
					? migrateLevel(inner, field.fields, item, `${path}.${i}`, lists, dropped)
					: item
			);
		} else out[field.id] = value;
	}
	for (const [id, value] of Object.entries(old)) {
		if (used.has(id) || !isFilled(value)) continue;
		dropped.push({
			path: prefix ? `${prefix}.${id}` : id,
			label: oldFields.get(id)?.label ?? null,
			value,
			reason: 'removed'
		});
	}
	return out;
}

/**
 * Carries a dossier's answers from the form they were given on to a newer
 * version of it: answers move to the field of the same id (or one listing
 * the old id in `previousIds`) when they still fit its type and choices;
 * everything else is reported in `dropped`, never silently lost.
 */
export function migrateAnswers(input: {
	from: Form;
	to: Form;
	answers: Answers;
	context: AnswerContext;
}): AnswerMigration {
	const dropped: DroppedAnswer[] = [];
	const answers = migrateLevel(
		input.from.fields,
		input.to.fields,
		input.answers,
		'',
		input.context.lists,
		dropped
	);
	const missing = validateAnswers(input.to, answers, input.context)
		.filter((f) => f.rule === 'form.required')
		.map((f) => f.path);
	return { answers, dropped, missing };
}

export interface DossierMigration {
	dossier: Dossier;
	/** False for filed and closed dossiers: they stay on the version they were filed with. */
	migrated: boolean;
	dropped: DroppedAnswer[];
	missing: string[];
}

/**
 * Moves an open dossier (draft, ready, more documents requested) to a newer
 * catalogue. Dropped answers and papers go to `superseded` in the record so a
 * person can still see them; a dossier already filed is left as it is.
 */
export function migrateDossier(
	dossier: Dossier,
	from: { catalogue: Catalogue; procedure: Procedure },
	to: { catalogue: Catalogue; procedure: Procedure },
	context: Omit<AnswerContext, 'lists'>,
	stamp: { at: string; by: string }
): DossierMigration {
	if (
		!OPEN_STATUSES.includes(dossier.status) ||
		to.catalogue.version <= dossier.procedure.catalogueVersion
	) {
		return { dossier, migrated: false, dropped: [], missing: [] };
	}
	const result = migrateAnswers({
		from: from.procedure.form,
		to: to.procedure.form,
		answers: dossier.answers,
		context: { ...context, lists: to.catalogue.choiceLists }
	});
	const keep = new Set(to.procedure.documents.map((d) => d.id));
	const fromVersion = dossier.procedure.catalogueVersion;
	const superseded: Superseded[] = [
		...result.dropped.map((d) => ({ ...d, path: `answers.${d.path}`, fromVersion })),
		...dossier.documents
			.filter((e) => !keep.has(e.id) && e.photos.length > 0)
			.map((e) => ({
				path: `documents.${e.id}`,
				label: from.procedure.documents.find((s) => s.id === e.id)?.name ?? null,
				value: e,
				fromVersion,
				reason: 'removed' as const
			}))
	];
	return {
		dossier: {
			...dossier,
			procedure: { code: to.procedure.code, catalogueVersion: to.catalogue.version },
			answers: result.answers,
			documents: dossier.documents.filter((e) => keep.has(e.id)),
			superseded: [...dossier.superseded, ...superseded].slice(-100),
			updatedAt: stamp.at,
			updatedBy: stamp.by
		},
		migrated: true,
		dropped: result.dropped,
		missing: result.missing
	};
}
