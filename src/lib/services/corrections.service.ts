import {
	deleteHouseholdFindings,
	mergeFindings,
	moveFindings,
	removeFindings
} from '$domain/correction';
import { secondHeadFinding, type Household } from '$domain/household';
import { removedStub, type Relationship, type Residency, type Resident } from '$domain/resident';
import { removeRecord } from '$lib/db';
import { localDay, localIso, type ServiceContext } from './context';
import { getHousehold, updateHousehold } from './households.service';
import { changeResident, getResident, householdMembers } from './residents.service';
import type { SaveResult } from './result';

/** A head who leaves the household (moved, died, removed) no longer heads it. */
async function releaseHead(ctx: ServiceContext, householdId: string, residentId: string) {
	const h = await getHousehold(ctx.db, householdId);
	if (h?.headResidentId === residentId) {
		await updateHousehold(ctx, householdId, { headResidentId: null });
	}
}

async function claimHead(ctx: ServiceContext, householdId: string, residentId: string) {
	const h = await getHousehold(ctx.db, householdId);
	if (h && !h.headResidentId)
		await updateHousehold(ctx, householdId, { headResidentId: residentId });
}

/** Marks a member as moved away or deceased (with the day), or as living in the household again. */
export async function setResidency(
	ctx: ServiceContext,
	residentId: string,
	input: { status: 'present' | 'moved_away' | 'deceased'; on: string; note: string }
): Promise<SaveResult<Resident>> {
	const residency: Residency =
		input.status === 'present'
			? { status: 'present' }
			: {
					status: input.status,
					on: input.on,
					recordedBy: ctx.user.username,
					recordedAt: localIso(ctx.now()),
					...(input.note.trim() ? { note: input.note.trim() } : {})
				};
	const r = await changeResident(ctx, residentId, (x) => ({ ...x, residency }));
	if (!r.ok) return r;
	if (r.value.relationship === 'head') {
		if (input.status === 'present') await claimHead(ctx, r.value.householdId, residentId);
		else await releaseHead(ctx, r.value.householdId, residentId);
	}
	return r;
}

/**
 * Removes a member entered by mistake: the record keeps only the name, the
 * relationship and who removed it, when and why, for the commune to read.
 */
export async function removeMember(
	ctx: ServiceContext,
	residentId: string,
	reason: string
): Promise<SaveResult<Resident>> {
	const member = await getResident(ctx.db, residentId);
	if (!member) throw new Error(`resident ${residentId} not found`);
	const stop = removeFindings(ctx.user, member);
	if (stop.length) return { ok: false, issues: stop };
	const at = localIso(ctx.now());
	const r = await changeResident(ctx, residentId, (x) =>
		removedStub(x, { username: ctx.user.username, at, reason })
	);
	if (r.ok) await releaseHead(ctx, member.householdId, member.id);
	return r;
}

/**
 * Moves a member to another household with their relationship there. Within
 * a hamlet for volunteers; an official may move across hamlets of the commune.
 */
export async function moveMember(
	ctx: ServiceContext,
	residentId: string,
	targetId: string,
	relationship: Relationship
): Promise<SaveResult<Resident>> {
	const member = await getResident(ctx.db, residentId);
	const target = await getHousehold(ctx.db, targetId);
	if (!member || !target) throw new Error('resident or household not found');
	const targetMembers = await householdMembers(ctx.db, targetId);
	const head = secondHeadFinding(targetId, { id: member.id, relationship }, targetMembers);
	const stop = [...moveFindings(ctx.user, member, target), ...(head ? [head] : [])];
	if (stop.length) return { ok: false, issues: stop };
	await releaseHead(ctx, member.householdId, member.id);
	const moved = await changeResident(ctx, member.id, (r) => ({
		...r,
		householdId: target.id,
		hamlet: target.hamlet,
		relationship
	}));
	if (moved.ok && relationship === 'head') await claimHead(ctx, target.id, member.id);
	return moved;
}

/**
 * Merges `sourceId` into `targetId`: every member (removed stubs too) moves
 * over, the source head takes `sourceHeadAs` when the target already has a
 * head, and the emptied duplicate household is deleted.
 */
export async function mergeHouseholds(
	ctx: ServiceContext,
	sourceId: string,
	targetId: string,
	sourceHeadAs: Relationship
): Promise<SaveResult<Household>> {
	const source = await getHousehold(ctx.db, sourceId);
	const target = await getHousehold(ctx.db, targetId);
	if (!source || !target) throw new Error('household not found');
	const stop = mergeFindings(ctx.user, source, target);
	if (stop.length) return { ok: false, issues: stop };
	const targetHasHead = (await householdMembers(ctx.db, targetId)).some(
		(m) => m.relationship === 'head' && m.residency.status === 'present'
	);
	// Members move first: if the phone dies midway, nobody points at a deleted household.
	for (const m of await householdMembers(ctx.db, sourceId)) {
		const relationship = m.relationship === 'head' && targetHasHead ? sourceHeadAs : m.relationship;
		const r = await changeResident(ctx, m.id, (x) => ({
			...x,
			householdId: target.id,
			hamlet: target.hamlet,
			relationship
		}));
		if (!r.ok) return r;
	}
	if (!targetHasHead && source.headResidentId) {
		await claimHead(ctx, target.id, source.headResidentId);
	}
	await removeRecord(ctx.db, 'households', source.id);
	return { ok: true, value: target };
}

/** Deletes a household nobody lives in (a visit started at the wrong house). */
export async function deleteHousehold(
	ctx: ServiceContext,
	householdId: string
): Promise<SaveResult<null>> {
	const h = await getHousehold(ctx.db, householdId);
	if (!h) throw new Error(`household ${householdId} not found`);
	const stop = deleteHouseholdFindings(await householdMembers(ctx.db, householdId));
	if (stop.length) return { ok: false, issues: stop };
	await removeRecord(ctx.db, 'households', h.id);
	return { ok: true, value: null };
}

/** Today, for the date fields of the residency dialog. */
export function today(ctx: ServiceContext): string {
	return localDay(ctx.now());
}

/**
 * Changes to who lives where, newest first, for the commune: members marked
 * as moved away or deceased, and those removed by mistake with the reason.
 */
export function residencyChanges(residents: readonly Resident[]): Resident[] {
	const at = (r: Resident) => (r.residency.status === 'present' ? '' : r.residency.recordedAt);
	return residents
		.filter((r) => r.residency.status !== 'present')
		.sort((a, b) => (at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : 0));
}
