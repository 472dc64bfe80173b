import { householdInputFindings, type Household } from '$domain/household';
import { findRecords, getRecord, saveTyped, updateTyped, type AppDatabase } from '$lib/db';
import { newEnvelope, touched, type ServiceContext } from './context';
import { saving, type SaveResult } from './result';

export interface HouseholdInput {
	hamlet: string;
	houseNumber: string;
	street: string;
	notes: string;
}

const blankToNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** A household nobody could find again asks for a confirmation (rule `household.blank`). */
function unconfirmed(input: Omit<HouseholdInput, 'hamlet'>, confirmed: readonly string[]) {
	return householdInputFindings({
		houseNumber: blankToNull(input.houseNumber),
		street: blankToNull(input.street),
		notes: input.notes
	}).filter((f) => !confirmed.includes(f.rule));
}

export async function createHousehold(
	ctx: ServiceContext,
	input: HouseholdInput,
	confirmed: readonly string[] = []
): Promise<SaveResult<Household>> {
	const stop = unconfirmed(input, confirmed);
	if (stop.length) return { ok: false, issues: stop };
	const record: Household = {
		...newEnvelope(ctx, 'hh', input.hamlet),
		schemaVersion: 0,
		houseNumber: blankToNull(input.houseNumber),
		street: blankToNull(input.street),
		headResidentId: null,
		addressPointId: null,
		notes: input.notes,
		review: { status: 'draft', notes: [], history: [] }
	};
	return saving(async () => await saveTyped(ctx.db, 'households', record));
}

export async function updateHousehold(
	ctx: ServiceContext,
	id: string,
	input: Partial<HouseholdInput> & { headResidentId?: string | null },
	confirmed: readonly string[] = []
): Promise<SaveResult<Household>> {
	const { houseNumber, street, notes } = input;
	if (houseNumber !== undefined && street !== undefined && notes !== undefined) {
		const stop = unconfirmed({ houseNumber, street, notes }, confirmed);
		if (stop.length) return { ok: false, issues: stop };
	}
	return saving(
		async () =>
			await updateTyped(ctx.db, 'households', id, (current) => {
				const next: Household = { ...current, ...touched(ctx) };
				if (input.houseNumber !== undefined) next.houseNumber = blankToNull(input.houseNumber);
				if (input.street !== undefined) next.street = blankToNull(input.street);
				if (input.notes !== undefined) next.notes = input.notes;
				if (input.headResidentId !== undefined) next.headResidentId = input.headResidentId;
				return next;
			})
	);
}

export async function getHousehold(db: AppDatabase, id: string): Promise<Household | null> {
	return getRecord(db, 'households', id);
}

export async function listHouseholds(db: AppDatabase): Promise<Household[]> {
	return findRecords(db, 'households');
}
