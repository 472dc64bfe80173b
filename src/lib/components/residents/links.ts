export const STEPS = ['household', 'members', 'consent', 'details', 'account', 'summary'] as const;
export type VisitStep = (typeof STEPS)[number];

export function isVisitStep(s: string | null): s is VisitStep {
	return (STEPS as readonly string[]).includes(s ?? '');
}
