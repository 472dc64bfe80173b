import { readCsv, type CsvProblem } from './csv-read';
import type { Hamlet } from './directory';
import { hamletIdSchema, isoDateSchema } from './envelope';
import { hamletIdFrom } from './office';
import { foldVietnamese } from './text';

/** A commune has tens of hamlets; a file of more is not a hamlet list. */
export const HAMLET_IMPORT_MAX_ROWS = 500;
export const HAMLET_IMPORT_MAX_BYTES = 200_000;

export type HamletImportProblem =
	'import.name' | 'import.id' | 'import.date' | 'import.duplicate' | 'import.retired';

export type HamletImportAction =
	| { kind: 'add' }
	| { kind: 'rename'; before: string }
	| { kind: 'same' }
	| { kind: 'refused'; problem: HamletImportProblem };

export interface HamletImportRow {
	/** Line in the file, header being line 1. */
	line: number;
	id: string;
	name: string;
	/** `YYYY-MM-DD`: the day the hamlet began (new) or the new name took effect (rename). */
	from?: string;
	action: HamletImportAction;
}

export type HamletImportPlan =
	| { ok: true; rows: HamletImportRow[] }
	| {
			ok: false;
			problem: CsvProblem | { kind: 'columns' } | { kind: 'tooMany'; rows: number };
	  };

/** Header names the office's spreadsheets use, folded (`foldVietnamese`). */
const COLUMNS = {
	id: ['id', 'ma', 'ma ap', 'ma thon'],
	name: ['name', 'ten', 'ten ap', 'ten thon', 'ten ap thon'],
	from: ['validfrom', 'from', 'tu ngay', 'ngay', 'ngay hieu luc']
} as const;

/** `20/11/2025` (as Vietnamese spreadsheets write it) or `2025-11-20`, as `YYYY-MM-DD`. */
function isoDay(v: string): string | null {
	const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
	const iso = m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : v;
	return isoDateSchema.safeParse(iso).success ? iso : null;
}

/**
 * What importing a CSV of hamlets would do, row by row, before anything is sent: new hamlets,
 * renamed ones (same id, new name), unchanged ones, and refusals with the reason. A row without
 * an id takes the one the office would suggest for its name.
 */
export function planHamletImport(text: string, existing: readonly Hamlet[]): HamletImportPlan {
	const read = readCsv(text);
	if (!read.ok) return { ok: false, problem: read.problem };
	const column = (names: readonly string[]) =>
		read.header.find((h) => (names as readonly string[]).includes(foldVietnamese(h)));
	const idCol = column(COLUMNS.id);
	const nameCol = column(COLUMNS.name);
	const fromCol = column(COLUMNS.from);
	if (!nameCol) return { ok: false, problem: { kind: 'columns' } };
	if (read.rows.length > HAMLET_IMPORT_MAX_ROWS) {
		return { ok: false, problem: { kind: 'tooMany', rows: read.rows.length } };
	}
	const byId = new Map(existing.map((h) => [h.id, h]));
	const seen = new Set<string>();
	const rows = read.rows.map(({ line, cells }): HamletImportRow => {
		const name = cells[nameCol] ?? '';
		const id = (idCol ? cells[idCol] : '') || hamletIdFrom(name);
		const rawFrom = fromCol ? (cells[fromCol] ?? '') : '';
		const from = rawFrom ? isoDay(rawFrom) : null;
		const row = { line, id, name, ...(from ? { from } : {}) };
		const refuse = (problem: HamletImportProblem) => ({
			...row,
			action: { kind: 'refused' as const, problem }
		});
		if (!name || name.length > 120) return refuse('import.name');
		if (!hamletIdSchema.safeParse(id).success) return refuse('import.id');
		if (rawFrom && !from) return refuse('import.date');
		if (seen.has(id)) return refuse('import.duplicate');
		seen.add(id);
		const current = byId.get(id);
		if (!current) return { ...row, action: { kind: 'add' } };
		if (current.validTo !== null) return refuse('import.retired');
		if (current.name === name) return { ...row, action: { kind: 'same' } };
		return { ...row, action: { kind: 'rename', before: current.name } };
	});
	return { ok: true, rows };
}
