import {
	accountHelpFindings,
	accountHelpSchema,
	type AccountHelp,
	type AccountOutcome,
	type Prerequisites
} from '$domain/account-help';
import { checkCccd, normalizeCccd } from '$domain/cccd';
import { NOTICE_VERSION, type Consent, type ConsentPurpose } from '$domain/consent';
import { cccdCollisions, collisionView, type CollisionView } from '$domain/duplicates';
import type { ServerCollision } from './duplicates.service';
import { normalizePhone } from '$domain/phone';
import {
	checkResident,
	grantConsent,
	nameFindings,
	withdrawConsent,
	type Relationship,
	type Resident
} from '$domain/resident';
import { finding, type Finding } from '$domain/finding';
import { secondHeadFinding } from '$domain/household';
import { validateWith } from '$domain/validation';
import { findRecords, getRecord, saveTyped, updateTyped, type AppDatabase } from '$lib/db';
import { localDay, localIso, newEnvelope, touched, type ServiceContext } from './context';
import { saving, type SaveResult } from './result';

export { NOTICE_VERSION };

export async function getResident(db: AppDatabase, id: string): Promise<Resident | null> {
	return getRecord(db, 'residents', id);
}

export async function listResidents(db: AppDatabase): Promise<Resident[]> {
	return findRecords(db, 'residents');
}

export async function householdMembers(db: AppDatabase, householdId: string): Promise<Resident[]> {
	return (await findRecords(db, 'residents', { householdId })).sort((a, b) =>
		a.createdAt < b.createdAt ? -1 : 1
	);
}

/** A member with only a name and relationship: no other personal data before a consent. */
export async function addMember(
	ctx: ServiceContext,
	household: { id: string; hamlet: string },
	input: { fullName: string; relationship: Relationship }
): Promise<SaveResult<Resident>> {
	const members = await householdMembers(ctx.db, household.id);
	const head = secondHeadFinding(household.id, { id: '', ...input }, members);
	const stop = [...nameFindings(input.fullName), ...(head ? [head] : [])];
	if (stop.length) return { ok: false, issues: stop };
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
	return saving(async () => await saveTyped(ctx.db, 'residents', record));
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
			await updateTyped(ctx.db, 'residents', id, (current) => {
				const next = change(current);
				const reopen =
					!opts.keepReview && ctx.user.role === 'volunteer' && next.review?.status === 'approved';
				return {
					...next,
					...(reopen ? { review: { ...next.review!, status: 'draft' as const } } : {}),
					...touched(ctx)
				};
			})
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

/**
 * Parses what was typed (phone in any usual form, CCCD with spaces). Values
 * that cannot be read come back as null, each with its issue, so every other
 * field is still checked and all problems show at once.
 */
export function parseDetails(input: DetailsInput): { value: Partial<Resident>; issues: Finding[] } {
	const issues: Finding[] = [];
	let phone: string | null = null;
	if (input.phone.trim()) {
		const p = normalizePhone(input.phone);
		if (p.ok) phone = p.e164;
		else issues.push(finding('phone', p.rule, 'error'));
	}
	let idNumber: string | null = input.idNumber.trim() ? normalizeCccd(input.idNumber) : null;
	if (idNumber) {
		const shape = checkCccd(idNumber).filter((f) => f.severity === 'error');
		if (shape.length) {
			issues.push(...shape);
			idNumber = null;
		}
	}
	let legacy = input.legacyIdNumber.trim() ? normalizeCccd(input.legacyIdNumber) : null;
	if (legacy && !/^\d{9}$/.test(legacy)) {
		issues.push(finding('legacyIdNumber', 'cmnd.digits', 'error'));
		legacy = null;
	}
	return {
		issues,
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

/**
 * Everything wrong or worth a second look in the details as typed, checked
 * against the stored record and the other residents on the device: the form
 * shows these live, and `saveDetails` refuses the same errors.
 */
export function detailsFindings(
	resident: Resident,
	input: DetailsInput,
	others: readonly Resident[]
): Finding[] {
	const parsed = parseDetails(input);
	const candidate = { ...resident, ...parsed.value };
	const found = [...parsed.issues, ...checkResident(candidate, others)];
	const head = secondHeadFinding(resident.householdId, candidate, others);
	if (head) found.push(head);
	return found;
}

/** Findings that stop a save: errors, and confirmations not yet given. */
export function blocking(findings: readonly Finding[]): Finding[] {
	return findings.filter((f) => f.severity === 'error' || f.severity === 'confirm');
}

export async function saveDetails(
	ctx: ServiceContext,
	id: string,
	input: DetailsInput
): Promise<SaveResult<Resident>> {
	const current = await getResident(ctx.db, id);
	if (!current) throw new Error(`resident ${id} not found`);
	const stop = blocking(detailsFindings(current, input, await listResidents(ctx.db)));
	if (stop.length) return { ok: false, issues: stop };
	const parsed = parseDetails(input);
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

/**
 * Withdrawing clears the data only that purpose allowed, so nothing more is
 * processed for it, and records who, when and (if the resident said) why.
 * A record the commune has seen goes back to it as a resubmission, so the
 * official sees the withdrawal instead of a record that silently lost data.
 */
export function takeBackConsent(
	ctx: ServiceContext,
	id: string,
	purpose: ConsentPurpose,
	reason = ''
): Promise<SaveResult<Resident>> {
	const at = localIso(ctx.now());
	const by = ctx.user.username;
	return changeResident(
		ctx,
		id,
		(r) => {
			const next = withdrawConsent(r, purpose, { at, username: by, reason });
			const review = next.review;
			if (!review || review.status === 'draft' || ctx.user.role !== 'volunteer') return next;
			const history =
				review.status === 'submitted'
					? review.history
					: [...review.history, { action: 'resubmit' as const, by, at }];
			return { ...next, review: { status: 'submitted', notes: [], history } };
		},
		{ keepReview: true }
	);
}

export interface AccountHelpInput {
	prerequisites: Prerequisites;
	outcome: AccountOutcome | null;
	followUpDate: string;
	notes: string;
}

export function accountHelpOf(input: AccountHelpInput, at: string): AccountHelp {
	return {
		prerequisites: input.prerequisites,
		outcome: input.outcome,
		followUpDate: input.followUpDate || null,
		updatedAt: at,
		...(input.notes.trim() ? { notes: input.notes } : {})
	};
}

/**
 * Saves the account help. Contradictions the volunteer may know better about
 * (level 1 with a SIM not in the resident's name) come back as `confirm`
 * findings until their rules are passed in `confirmed`.
 */
export async function saveAccountHelp(
	ctx: ServiceContext,
	id: string,
	input: AccountHelpInput,
	confirmed: readonly string[] = []
): Promise<SaveResult<Resident>> {
	const current = await getResident(ctx.db, id);
	if (!current) throw new Error(`resident ${id} not found`);
	const help = accountHelpOf(input, localIso(ctx.now()));
	const stop = blocking(accountHelpCheck(current, input, localDay(ctx.now()))).filter(
		(f) => f.severity === 'error' || !confirmed.includes(f.rule)
	);
	if (stop.length) return { ok: false, issues: stop };
	return changeResident(ctx, id, (r) => ({ ...r, accountHelp: help }));
}

/** Every problem of the account help as typed, for the form to show live and the save to refuse. */
export function accountHelpCheck(
	resident: Resident,
	input: AccountHelpInput,
	today: string
): Finding[] {
	const help = accountHelpOf(input, resident.updatedAt);
	const out: Finding[] = [];
	const v = validateWith(accountHelpSchema, help);
	if (!v.ok) {
		for (const i of v.issues) {
			out.push({ ...i, path: i.path ? `accountHelp.${i.path}` : 'accountHelp', severity: 'error' });
		}
	}
	out.push(...accountHelpFindings(help, { today, previous: resident.accountHelp }));
	return out;
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
