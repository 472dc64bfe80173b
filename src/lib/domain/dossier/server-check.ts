import type { FieldIssue } from '../validation';
import { validateAnswers } from './answers';
import { findProcedure, type Catalogue } from './catalogue';
import type { Dossier } from './dossier';
import { dossierTexts } from './texts';

/** Rules a draft may still break: it is being filled in. */
const INCOMPLETE = new Set(['form.required', 'form.repeatCount', 'form.photoCount']);

/**
 * What the server checks of a dossier against the catalogue version it names
 * (null when the server has no such version): the procedure exists and the
 * answers fit its form; a draft may be incomplete, a dossier past draft not.
 */
export function catalogueIssues(
	d: Pick<Dossier, 'procedure' | 'answers' | 'status'>,
	catalogue: Catalogue | null,
	today: string
): FieldIssue[] {
	const issue = (path: string, rule: keyof typeof dossierTexts): FieldIssue => ({
		path,
		rule,
		message: dossierTexts[rule]
	});
	if (!catalogue) return [issue('procedure.catalogueVersion', 'dossier.procedureVersion')];
	const procedure = findProcedure(catalogue, d.procedure.code);
	if (!procedure) return [issue('procedure.code', 'dossier.procedureUnknown')];
	return validateAnswers(procedure.form, d.answers, { today, lists: catalogue.choiceLists })
		.filter((f) => f.severity === 'error' && !(d.status === 'draft' && INCOMPLETE.has(f.rule)))
		.map((f) => ({ path: `answers.${f.path}`, rule: f.rule, message: f.message }));
}
