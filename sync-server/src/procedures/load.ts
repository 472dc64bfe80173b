import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import {
	parseCatalogue,
	validateDossierRules,
	workCalendarSchema,
	type Catalogue,
	type WorkCalendarData
} from '../../../src/lib/domain/dossier/index.ts';
import type { FieldIssue, Validated } from '../../../src/lib/domain/index.ts';

/** A refused catalogue or calendar file; `message` names the file, the entry and the field. */
export class CatalogueError extends Error {}

const MAX_LISTED = 20;

function readJson(path: string, what: string): unknown {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (err) {
		throw new CatalogueError(`${path}: cannot read the ${what}: ${(err as Error).message}`);
	}
	try {
		return JSON.parse(text);
	} catch (err) {
		throw new CatalogueError(`${path}: the ${what} is not JSON: ${(err as Error).message}`);
	}
}

function refuse(path: string, what: string, issues: FieldIssue[]): never {
	const lines = issues
		.slice(0, MAX_LISTED)
		.map((i) => `  ${i.path || '(file)'}: ${i.message.en} [${i.rule}]`);
	if (issues.length > MAX_LISTED) lines.push(`  … and ${issues.length - MAX_LISTED} more`);
	const count = `${issues.length} problem${issues.length === 1 ? '' : 's'}`;
	throw new CatalogueError(`${path}: invalid ${what} (${count}):\n${lines.join('\n')}`);
}

function load<T>(path: string, what: string, parse: (json: unknown) => Validated<T>): T {
	const r = parse(readJson(path, what));
	if (!r.ok) refuse(path, what, r.issues);
	return r.value;
}

/** Reads and validates a procedure catalogue file (the build, the server at start, the admin import). */
export function loadCatalogue(path: string): Catalogue {
	return load(path, 'procedure catalogue', parseCatalogue);
}

export function loadWorkCalendar(path: string): WorkCalendarData {
	return load(path, 'working-day calendar', (json) =>
		validateDossierRules(workCalendarSchema as z.ZodType<WorkCalendarData>, json)
	);
}

export const SHIPPED_CATALOGUE = 'procedures/catalogue.json';
export const SHIPPED_CALENDAR = 'calendar/work-calendar.json';

/** Validates the reference data shipped in `static-data/`; throws the first file's refusal. */
export function loadStaticData(dir: string): { catalogue: Catalogue; calendar: WorkCalendarData } {
	return {
		catalogue: loadCatalogue(join(dir, SHIPPED_CATALOGUE)),
		calendar: loadWorkCalendar(join(dir, SHIPPED_CALENDAR))
	};
}
