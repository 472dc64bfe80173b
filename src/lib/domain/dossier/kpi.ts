import { vietnamLocal } from './dates';
import { filingChannel, finishedAt, type Dossier } from './dossier';

export interface DossierKpis {
	dossiers: number;
	/** Dossiers filed with the agency, and those first filed online. */
	filed: number;
	filedOnline: number;
	/** Dossiers with a result or a refusal, and those finished on or before their due day. */
	finished: number;
	onTime: number;
	/** Dossiers with a satisfaction rating, and those rated 4 or 5. */
	rated: number;
	satisfied: number;
}

export type KpiDossier = Pick<Dossier, 'hamlet' | 'procedure' | 'history' | 'satisfaction'>;

/** 0-100 with one decimal; null when nothing is counted. */
export function rate(part: number, whole: number): number | null {
	return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/**
 * The province's dossier KPIs: share filed online, share finished on time
 * (against `dueOf`, the agency's or estimated due day), share satisfied.
 */
export function dossierKpis(
	dossiers: readonly KpiDossier[],
	dueOf: (d: KpiDossier) => string | null
): DossierKpis {
	const out: DossierKpis = {
		dossiers: 0,
		filed: 0,
		filedOnline: 0,
		finished: 0,
		onTime: 0,
		rated: 0,
		satisfied: 0
	};
	for (const d of dossiers) {
		out.dossiers++;
		const channel = filingChannel(d.history);
		if (channel) out.filed++;
		if (channel === 'online') out.filedOnline++;
		const done = finishedAt(d.history);
		const due = done ? dueOf(d) : null;
		if (done && due) {
			out.finished++;
			if (vietnamLocal(done).date <= due) out.onTime++;
		}
		if (d.satisfaction) {
			out.rated++;
			if (d.satisfaction.overall >= 4) out.satisfied++;
		}
	}
	return out;
}

export function dossierRates(k: DossierKpis) {
	return {
		onlineRate: rate(k.filedOnline, k.filed),
		onTimeRate: rate(k.onTime, k.finished),
		satisfactionRate: rate(k.satisfied, k.rated)
	};
}

/** The same figures per hamlet or per procedure, keys sorted. */
export function dossierKpisBy(
	dossiers: readonly KpiDossier[],
	by: 'hamlet' | 'procedure',
	dueOf: (d: KpiDossier) => string | null
): Map<string, DossierKpis> {
	const groups = new Map<string, KpiDossier[]>();
	for (const d of dossiers) {
		const key = by === 'hamlet' ? d.hamlet : d.procedure.code;
		groups.set(key, [...(groups.get(key) ?? []), d]);
	}
	return new Map(
		[...groups].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, g]) => [k, dossierKpis(g, dueOf)])
	);
}

/** The stages a dossier's status falls in, for counting. */
export const dossierStages = {
	open: ['draft', 'ready', 'more_requested'],
	filed: ['filed_online', 'filed_in_person'],
	done: ['result_ready', 'handed_over'],
	closed: ['refused', 'withdrawn']
} as const satisfies Record<string, readonly Dossier['status'][]>;
export type DossierStage = keyof typeof dossierStages;

/** Dossiers per procedure and stage, procedures sorted by code. */
export function dossierStageCounts(
	dossiers: readonly Pick<Dossier, 'procedure' | 'status'>[]
): Map<string, Record<DossierStage, number>> {
	const out = new Map<string, Record<DossierStage, number>>();
	for (const d of dossiers) {
		const row = out.get(d.procedure.code) ?? { open: 0, filed: 0, done: 0, closed: 0 };
		for (const [stage, statuses] of Object.entries(dossierStages) as [
			DossierStage,
			readonly string[]
		][]) {
			if (statuses.includes(d.status)) row[stage]++;
		}
		out.set(d.procedure.code, row);
	}
	return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}
