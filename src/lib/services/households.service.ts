import type { Household } from '$domain/household';
import { saveRecord, updateRecord, type AppDatabase, type RecordDoc } from '$lib/db';
import { newEnvelope, touched, type ServiceContext } from './context';
import { saving, type SaveResult } from './result';

export interface HouseholdInput {
	hamlet: string;
	houseNumber: string;
	street: string;
	notes: string;
}

const blankToNull = (s: string) => (s.trim() === '' ? null : s.trim());

export async function createHousehold(
	ctx: ServiceContext,
	input: HouseholdInput
): Promise<SaveResult<Household>> {
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
	return saving(
		async () => (await saveRecord(ctx.db, 'households', record as RecordDoc)) as Household
	);
}

export async function updateHousehold(
	ctx: ServiceContext,
	id: string,
	input: Partial<HouseholdInput> & { headResidentId?: string | null }
): Promise<SaveResult<Household>> {
	return saving(
		async () =>
			(await updateRecord(ctx.db, 'households', id, (current) => {
				const next = { ...current, ...touched(ctx) } as Household;
				if (input.houseNumber !== undefined) next.houseNumber = blankToNull(input.houseNumber);
				if (input.street !== undefined) next.street = blankToNull(input.street);
				if (input.notes !== undefined) next.notes = input.notes;
				if (input.headResidentId !== undefined) next.headResidentId = input.headResidentId;
				return next as RecordDoc;
			})) as Household
	);
}

export async function getHousehold(db: AppDatabase, id: string): Promise<Household | null> {
	const doc = await db.collections.households.findOne(id).exec();
	return doc ? (doc.toMutableJSON() as Household) : null;
}

export async function listHouseholds(db: AppDatabase): Promise<Household[]> {
	const docs = await db.collections.households.find().exec();
	return docs.map((d) => d.toMutableJSON() as Household);
}
