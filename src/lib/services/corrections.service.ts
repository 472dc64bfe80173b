import {
	deleteHouseholdFindings,
	mergeFindings,
	moveFindings,
	removeFindings,
	type Correction,
	type CorrectionKind
} from '$domain/correction';
import { householdAddress, secondHeadFinding, type Household } from '$domain/household';
import type { Relationship, Residency, Resident } from '$domain/resident';
import { removeRecord, saveRecord, type RecordDoc } from '$lib/db';
import { localDay, localIso, newEnvelope, type ServiceContext } from './context';
import { getHousehold, updateHousehold } from './households.service';
import { changeResident, getResident, householdMembers } from './residents.service';
import { saving, type SaveResult } from './result';

/**
 * Corrections to the household register. Each removal or move is written as
 * a correction record first (who, when, why, what it was called), then the
 * records change: if the phone dies in between, the intent is on record and
 * nothing was removed without it.
 */
function logCorrection(
	ctx: ServiceContext,
	hamlet: string,
	c: {
		kind: CorrectionKind;
		subjectId: string;
		subjectLabel: string;
		fromHouseholdId: string | null;
		toHouseholdId: string | null;
		reason: string;
	}
): Promise<SaveResult<Correction>> {
	const record: Correction = {
		...newEnvelope(ctx, 'cor', hamlet),
		schemaVersion: 0,
		...c,
		subjectLabel: c.subjectLabel.trim().slice(0, 200) || c.subjectId,
		reason: c.reason.trim()
	};
	return saving(
		async () => (await saveRecord(ctx.db, 'corrections', record as RecordDoc)) as Correction
	);
}

function addressOf(h: Household): string {
	return householdAddress(h) || h.id;
}

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
	input: { status: Residency['status']; on: string; note: string }
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

/** Removes a member entered by mistake; the correction keeps the name and the reason. */
export async function removeMember(
	ctx: ServiceContext,
	residentId: string,
	reason: string
): Promise<SaveResult<null>> {
	const member = await getResident(ctx.db, residentId);
	if (!member) throw new Error(`resident ${residentId} not found`);
	const stop = removeFindings(ctx.user, member);
	if (stop.length) return { ok: false, issues: stop };
	const logged = await logCorrection(ctx, member.hamlet, {
		kind: 'member_removed',
		subjectId: member.id,
		subjectLabel: member.fullName,
		fromHouseholdId: member.householdId,
		toHouseholdId: null,
		reason
	});
	if (!logged.ok) return logged;
	await releaseHead(ctx, member.householdId, member.id);
	await removeRecord(ctx.db, 'residents', member.id);
	return { ok: true, value: null };
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
	const logged = await logCorrection(ctx, member.hamlet, {
		kind: 'member_moved',
		subjectId: member.id,
		subjectLabel: member.fullName,
		fromHouseholdId: member.householdId,
		toHouseholdId: target.id,
		reason: ''
	});
	if (!logged.ok) return logged;
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
 * Merges `sourceId` into `targetId`: its members move over, the source head
 * takes `sourceHeadAs` when the target already has a head, and the emptied
 * household is deleted with a correction pointing at the one that remains.
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
	const logged = await logCorrection(ctx, source.hamlet, {
		kind: 'household_merged',
		subjectId: source.id,
		subjectLabel: addressOf(source),
		fromHouseholdId: source.id,
		toHouseholdId: target.id,
		reason: ''
	});
	if (!logged.ok) return logged;
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

/** Deletes a household nobody is recorded in (a visit started at the wrong house). */
export async function deleteHousehold(
	ctx: ServiceContext,
	householdId: string,
	reason: string
): Promise<SaveResult<null>> {
	const h = await getHousehold(ctx.db, householdId);
	if (!h) throw new Error(`household ${householdId} not found`);
	const stop = deleteHouseholdFindings((await householdMembers(ctx.db, householdId)).length);
	if (stop.length) return { ok: false, issues: stop };
	const logged = await logCorrection(ctx, h.hamlet, {
		kind: 'household_deleted',
		subjectId: h.id,
		subjectLabel: addressOf(h),
		fromHouseholdId: h.id,
		toHouseholdId: null,
		reason
	});
	if (!logged.ok) return logged;
	await removeRecord(ctx.db, 'households', h.id);
	return { ok: true, value: null };
}

/** Today, for the date fields of the residency dialog. */
export function today(ctx: ServiceContext): string {
	return localDay(ctx.now());
}
