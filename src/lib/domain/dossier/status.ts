import { z } from 'zod';
import type { Role } from '../spec';
import { isoDateTimeSchema, usernameSchema } from '../envelope';
import type { Bilingual } from '../rules';
import type { DossierRuleKey } from './texts';

export const dossierStatusSchema = z.enum([
	'draft',
	'ready',
	'filed_online',
	'filed_in_person',
	'more_requested',
	'result_ready',
	'handed_over',
	'refused',
	'withdrawn'
]);
export type DossierStatus = z.infer<typeof dossierStatusSchema>;

export const dossierStatusLabels: Readonly<Record<DossierStatus, Bilingual>> = {
	draft: { vi: 'Đang soạn', en: 'Draft' },
	ready: { vi: 'Sẵn sàng nộp', en: 'Ready to file' },
	filed_online: { vi: 'Đã nộp trực tuyến', en: 'Filed online' },
	filed_in_person: { vi: 'Đã nộp trực tiếp', en: 'Filed in person' },
	more_requested: { vi: 'Cần bổ sung giấy tờ', en: 'More documents requested' },
	result_ready: { vi: 'Đã có kết quả', en: 'Result ready' },
	handed_over: { vi: 'Đã trả kết quả cho người dân', en: 'Handed to the resident' },
	refused: { vi: 'Bị từ chối', en: 'Refused' },
	withdrawn: { vi: 'Đã rút hồ sơ', en: 'Withdrawn' }
};

const FILED: readonly DossierStatus[] = ['filed_online', 'filed_in_person'];
export const CLOSED_STATUSES: readonly DossierStatus[] = ['handed_over', 'refused', 'withdrawn'];
/** Statuses whose answers may still change, so a newer catalogue migrates them. */
export const OPEN_STATUSES: readonly DossierStatus[] = ['draft', 'ready', 'more_requested'];

export const isClosed = (s: DossierStatus) => CLOSED_STATUSES.includes(s);
export const isFiled = (s: DossierStatus) => FILED.includes(s);

type StepRole = Exclude<Role, 'admin'>;

interface Transition {
	from: readonly DossierStatus[];
	to: DossierStatus;
	roles: readonly StepRole[];
	/** Roles that must explain the step in a note (what to fix, why refused). */
	noteBy?: readonly StepRole[];
	/** The step records when the agency received the dossier; its time limit runs from there. */
	receipt?: boolean;
}

const BOTH: readonly StepRole[] = ['volunteer', 'official'];

/**
 * Who may move a dossier where. Volunteers file with the resident (on VNeID
 * or at the desk) and record what the portal says; the commune office
 * returns a dossier for correction, marks the result and a refusal. The
 * server enforces this same table.
 */
export const transitions: readonly Transition[] = [
	{ from: ['draft'], to: 'ready', roles: BOTH },
	{ from: ['ready'], to: 'draft', roles: BOTH, noteBy: ['official'] },
	{ from: ['ready', 'more_requested'], to: 'filed_online', roles: BOTH, receipt: true },
	{ from: ['ready', 'more_requested'], to: 'filed_in_person', roles: BOTH, receipt: true },
	{ from: FILED, to: 'more_requested', roles: BOTH, noteBy: BOTH },
	{ from: FILED, to: 'result_ready', roles: ['official'] },
	{ from: ['result_ready'], to: 'handed_over', roles: BOTH },
	{ from: [...FILED, 'more_requested'], to: 'refused', roles: ['official'], noteBy: ['official'] },
	{ from: ['draft', 'ready', ...FILED, 'more_requested'], to: 'withdrawn', roles: BOTH }
];

export const historyEntrySchema = z.object({
	from: dossierStatusSchema,
	to: dossierStatusSchema,
	by: usernameSchema,
	role: z.enum(['volunteer', 'official']),
	at: isoDateTimeSchema,
	note: z.string().trim().min(1).max(1000).optional(),
	/** When the agency received the dossier (portal time or the desk's receipt), for filing steps. */
	receivedAt: isoDateTimeSchema.optional()
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

function stepRole(role: Role): StepRole {
	return role === 'admin' ? 'official' : role;
}

/** Statuses `role` may move a dossier to from `status`. */
export function allowedSteps(status: DossierStatus, role: Role): DossierStatus[] {
	const r = stepRole(role);
	return transitions.filter((t) => t.from.includes(status) && t.roles.includes(r)).map((t) => t.to);
}

/** Why one step is not allowed for this actor, or null. */
export function stepProblem(
	step: HistoryEntry,
	actor: { username: string; role: Role }
): DossierRuleKey | null {
	const t = transitions.find((x) => x.from.includes(step.from) && x.to === step.to);
	if (!t) return 'dossier.statusChange';
	const role = stepRole(actor.role);
	if (!t.roles.includes(role)) return 'dossier.statusRole';
	if (step.by !== actor.username || step.role !== role) return 'dossier.stepActor';
	if (t.noteBy?.includes(role) && !step.note) return 'dossier.noteRequired';
	if (t.receipt && !step.receivedAt) return 'dossier.receivedAtRequired';
	if (step.receivedAt && Date.parse(step.receivedAt) > Date.parse(step.at))
		return 'dossier.receivedAtFuture';
	return null;
}

export interface StatusPart {
	status: DossierStatus;
	history: readonly HistoryEntry[];
}

/** The status a history leads to: a dossier starts as a draft. */
export function statusOf(history: readonly HistoryEntry[]): DossierStatus {
	return history.length === 0 ? 'draft' : history[history.length - 1].to;
}

const sameEntry = (a: HistoryEntry, b: HistoryEntry) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Checks a write of a dossier's status (`prev` null for a new record): the
 * history only grows, every new step follows from the one before, is allowed
 * for the writer's role and is recorded by the writer. Offline devices may
 * bring several steps at once. Returns the rule broken, or null.
 */
export function checkStatusChange(
	prev: StatusPart | null,
	next: StatusPart,
	actor: { username: string; role: Role }
): { rule: DossierRuleKey; index?: number } | null {
	const before = prev?.history ?? [];
	if (
		before.length > next.history.length ||
		before.some((e, i) => !sameEntry(e, next.history[i]))
	) {
		return { rule: 'dossier.historyRewritten' };
	}
	let status = statusOf(before);
	for (let i = before.length; i < next.history.length; i++) {
		const step = next.history[i];
		if (step.from !== status) return { rule: 'dossier.statusChange', index: i };
		const problem = stepProblem(step, actor);
		if (problem) return { rule: problem, index: i };
		status = step.to;
	}
	return next.status === status ? null : { rule: 'dossier.historyStatus' };
}
