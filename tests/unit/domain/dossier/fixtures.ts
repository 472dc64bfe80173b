import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
	catalogueSchema,
	findProcedure,
	workCalendarSchema,
	WorkCalendar,
	type Catalogue,
	type Dossier,
	type Procedure
} from '../../../../src/lib/domain/dossier/index.ts';

const root = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

export const CATALOGUE_PATH = root('static-data/procedures/catalogue.json');
export const CALENDAR_PATH = root('static-data/calendar/work-calendar.json');

export const catalogueJson = (): Record<string, unknown> =>
	JSON.parse(readFileSync(CATALOGUE_PATH, 'utf8'));

export const catalogue: Catalogue = catalogueSchema.parse(catalogueJson());

export const calendar = new WorkCalendar(
	workCalendarSchema.parse(JSON.parse(readFileSync(CALENDAR_PATH, 'utf8')))
);

export function procedure(code: string): Procedure {
	const p = findProcedure(catalogue, code);
	if (!p) throw new Error(`no procedure ${code}`);
	return p;
}

export const VOLUNTEER = 'nguyenthilan';
export const OFFICIAL = 'cb.tranvanhai';

/** A draft birth-bundle dossier with the declarant's consent and no answers yet. */
export function makeDossier(patch: Partial<Dossier> = {}): Dossier {
	const at = '2026-11-20T09:00:00+07:00';
	return {
		id: 'dossier-0001',
		schemaVersion: 0,
		commune: '25657',
		hamlet: 'ap-ben-cho',
		createdAt: at,
		updatedAt: at,
		createdBy: VOLUNTEER,
		updatedBy: VOLUNTEER,
		procedure: { code: 'birth-bundle', catalogueVersion: catalogue.version },
		residentIds: ['res-mother'],
		householdId: 'hh-0001',
		answers: {},
		documents: [],
		status: 'draft',
		history: [],
		notes: [],
		dossierCode: null,
		agencyDueDate: null,
		fee: { amountVnd: 0, status: 'unpaid' },
		satisfaction: null,
		consent: {
			purpose: 'dossier',
			noticeVersion: '2026-1',
			givenAt: at,
			takenBy: VOLUNTEER,
			method: 'ticked'
		},
		superseded: [],
		...patch
	};
}

export const HASH_A = 'a'.repeat(64);
export const HASH_B = 'b'.repeat(64);

export { entry, fieldsOf, type Raw } from '../../../factories/catalogue.ts';
