import type { Actor, ScopedDoc, WriteDecision } from '../policy';
import { notesRule } from '../policy';
import { checkStatusChange, type HistoryEntry, type StatusPart } from './status';
import { dossierTexts } from './texts';

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function statusPart(doc: ScopedDoc): StatusPart {
	return {
		status: doc.status as StatusPart['status'],
		history: list(doc.history) as HistoryEntry[]
	};
}

/**
 * The server's check of a dossier write: every new status step follows the
 * transition table for the writer's role, in the writer's name, and only the
 * office adds notes (a volunteer closes them by fixing the field).
 */
export function dossierWorkflow(
	actor: Actor,
	live: ScopedDoc | null,
	next: ScopedDoc
): WriteDecision {
	const problem = checkStatusChange(live ? statusPart(live) : null, statusPart(next), actor);
	if (problem) {
		const path = problem.index === undefined ? 'status' : `history.${problem.index}`;
		return { ok: false, issue: { path, rule: problem.rule, message: dossierTexts[problem.rule] } };
	}
	return notesRule(actor, list(live?.notes), list(next.notes), 'notes') ?? { ok: true };
}
