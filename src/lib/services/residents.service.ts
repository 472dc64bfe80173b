import type { AccountHelp, AccountOutcome, Prerequisites } from '$domain/account-help';
import { normalizeCccd } from '$domain/cccd';
import type { Consent, ConsentPurpose } from '$domain/consent';
import { cccdCollisions, collisionView, type CollisionView } from '$domain/duplicates';
import type { ServerCollision } from './duplicates.service';
import { normalizePhone } from '$domain/phone';
import { grantConsent, withdrawConsent, type Relationship, type Resident } from '$domain/resident';
import { ruleTexts } from '$domain/rules';
import type { FieldIssue } from '$domain/validation';
import { saveRecord, updateRecord, type AppDatabase, type RecordDoc } from '$lib/db';
import { localIso, newEnvelope, touched, type ServiceContext } from './context';
import { saving, type SaveResult } from './result';

/** Version of the privacy notice read to residents before they consent. */
export const NOTICE_VERSION = '2026-01';

export async function getResident(db: AppDatabase, id: string): Promise<Resident | null> {
	const doc = await db.collections.residents.findOne(id).exec();
	return doc ? (doc.toMutableJSON() as Resident) : null;
}

export async function listResidents(db: AppDatabase): Promise<Resident[]> {
	const docs = await db.collections.residents.find().exec();
	return docs.map((d) => d.toMutableJSON() as Resident);
}

export async function householdMembers(db: AppDatabase, householdId: string): Promise<Resident[]> {
	const docs = await db.collections.residents.find({ selector: { householdId } }).exec();
	return docs
		.map((d) => d.toMutableJSON() as Resident)
		.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
}

/** A member with only a name and relationship: no other personal data before a consent. */
export async function addMember(
	ctx: ServiceContext,
	household: { id: string; hamlet: string },
	input: { fullName: string; relationship: Relationship }
): Promise<SaveResult<Resident>> {
	const record: Resident = {
		...newEnvelope(ctx, 'res', household.hamlet),
		schemaVersion: 2,
		householdId: household.id,
		fullName: input.fullName.trim(),
		dateOfBirth: null,
		sex: null,
		ethnicityCode: null,
		idNumber: null,
		cccdMismatchConfirmed: false,
		legacyIdNumber: null,
		phone: null,
		relationship: input.relationship,
		notes: '',
		consents: [],
		accountHelp: null,
		residency: { status: 'present' },
		review: { status: 'draft', notes: [], history: [] }
	};
	return saving(
		async () => (await saveRecord(ctx.db, 'residents', record as RecordDoc)) as Resident
	);
}

/**
 * Applies a change to a resident, stamping who changed it and when. A
 * volunteer's change to an approved record reopens it as a draft, so the
 * commune reviews what it approves; review actions pass `keepReview`.
 */
export function changeResident(
	ctx: ServiceContext,
	id: string,
	change: (r: Resident) => Resident,
	opts: { keepReview?: boolean } = {}
): Promise<SaveResult<Resident>> {
	return saving(
		async () =>
			(await updateRecord(ctx.db, 'residents', id, (current) => {
				const next = change(current as Resident);
				const reopen =
					!opts.keepReview && ctx.user.role === 'volunteer' && next.review?.status === 'approved';
				return {
					...(next as RecordDoc),
					...(reopen ? { review: { ...next.review!, status: 'draft' } } : {}),
					...touched(ctx)
				};
			})) as Resident
	);
}

/** The personal details as typed on the form: empty strings for "not given". */
export interface DetailsInput {
	fullName: string;
	relationship: Relationship;
	dateOfBirth: string;
	sex: '' | 'male' | 'female';
	ethnicityCode: string;
	idNumber: string;
	cccdMismatchConfirmed: boolean;
	legacyIdNumber: string;
	phone: string;
	notes: string;
}

export function detailsOf(r: Resident): DetailsInput {
	return {
		fullName: r.fullName,
		relationship: r.relationship,
		dateOfBirth: r.dateOfBirth ?? '',
		sex: r.sex ?? '',
		ethnicityCode: r.ethnicityCode ?? '',
		idNumber: r.idNumber ?? '',
		cccdMismatchConfirmed: r.cccdMismatchConfirmed,
		legacyIdNumber: r.legacyIdNumber ?? '',
		phone: r.phone ?? '',
		notes: r.notes
	};
}

/** Parses what was typed (phone in any usual form, CCCD with spaces); issues for what cannot be read. */
export function parseDetails(
	input: DetailsInput
): { ok: true; value: Partial<Resident> } | { ok: false; issues: FieldIssue[] } {
	const issues: FieldIssue[] = [];
	let phone: string | null = null;
	if (input.phone.trim()) {
		const p = normalizePhone(input.phone);
		if (p.ok) phone = p.e164;
		else issues.push({ path: 'phone', rule: p.rule, message: ruleTexts[p.rule] });
	}
	if (issues.length) return { ok: false, issues };
	const idNumber = input.idNumber.trim() ? normalizeCccd(input.idNumber) : null;
	const legacy = input.legacyIdNumber.trim() ? normalizeCccd(input.legacyIdNumber) : null;
	return {
		ok: true,
		value: {
			fullName: input.fullName.trim(),
			relationship: input.relationship,
			dateOfBirth: input.dateOfBirth || null,
			sex: input.sex || null,
			ethnicityCode: input.ethnicityCode || null,
			idNumber,
			cccdMismatchConfirmed: idNumber ? input.cccdMismatchConfirmed : false,
			legacyIdNumber: legacy,
			phone,
			notes: input.notes
		}
	};
}

export async function saveDetails(
	ctx: ServiceContext,
	id: string,
	input: DetailsInput
): Promise<SaveResult<Resident>> {
	const parsed = parseDetails(input);
	if (!parsed.ok) return parsed;
	return changeResident(ctx, id, (r) => ({ ...r, ...parsed.value }));
}

export type ConsentMethodInput =
	| { method: 'ticked' }
	| { method: 'signed'; signature: string }
	| { method: 'verbal_witness'; witnessName: string };

export function giveConsent(
	ctx: ServiceContext,
	id: string,
	purpose: ConsentPurpose,
	how: ConsentMethodInput,
	representativeName?: string
): Promise<SaveResult<Resident>> {
	const consent = {
		purpose,
		noticeVersion: NOTICE_VERSION,
		givenAt: localIso(ctx.now()),
		takenBy: ctx.user.username,
		...(representativeName?.trim() ? { representativeName: representativeName.trim() } : {}),
		...how
	} as Consent;
	return changeResident(ctx, id, (r) => grantConsent(r, consent));
}

/** Withdrawing clears the data only that purpose allowed, so nothing more is processed for it. */
export function takeBackConsent(
	ctx: ServiceContext,
	id: string,
	purpose: ConsentPurpose
): Promise<SaveResult<Resident>> {
	return changeResident(ctx, id, (r) =>
		withdrawConsent(r, purpose, { at: localIso(ctx.now()), username: ctx.user.username })
	);
}

export interface AccountHelpInput {
	prerequisites: Prerequisites;
	outcome: AccountOutcome | null;
	followUpDate: string;
	notes: string;
}

export function saveAccountHelp(
	ctx: ServiceContext,
	id: string,
	input: AccountHelpInput
): Promise<SaveResult<Resident>> {
	const help: AccountHelp = {
		prerequisites: input.prerequisites,
		outcome: input.outcome,
		followUpDate: input.followUpDate || null,
		updatedAt: localIso(ctx.now()),
		...(input.notes.trim() ? { notes: input.notes } : {})
	};
	return changeResident(ctx, id, (r) => ({ ...r, accountHelp: help }));
}

/**
 * Residents holding the same CCCD, as the viewer may see them: those on this device at once,
 * and those the server found in hamlets this device does not hold (after a sync).
 */
export function duplicateWarnings(
	candidate: { id: string; idNumber: string | null },
	residents: readonly Resident[],
	viewer: { role: string; hamlets: readonly string[] },
	fromServer: ReadonlyMap<string, readonly ServerCollision[]> = new Map()
): CollisionView[] {
	const idNumber = candidate.idNumber ? normalizeCccd(candidate.idNumber) : null;
	const local = cccdCollisions({ id: candidate.id, idNumber }, residents);
	const views: CollisionView[] = local.map((r) =>
		collisionView(r, {
			hamlet:
				viewer.role === 'volunteer'
					? viewer.hamlets.includes(r.hamlet)
						? r.hamlet
						: (viewer.hamlets[0] ?? '')
					: null
		})
	);
	// The server judged the number as synced; an edit not yet synced is judged on the device only.
	const saved = residents.find((r) => r.id === candidate.id);
	if (!idNumber || saved?.idNumber !== idNumber) return views;
	const seen = new Set(local.map((r) => r.id));
	for (const c of fromServer.get(candidate.id) ?? []) {
		if (c.otherId && seen.has(c.otherId)) continue;
		views.push({
			scope: 'other_hamlet',
			hamlet: c.otherHamlet,
			...(c.otherHamletName ? { hamletName: c.otherHamletName } : {})
		});
	}
	return views;
}
