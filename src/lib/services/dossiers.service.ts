import { NOTICE_VERSION } from '$domain/consent';
import {
	checkDossier,
	checkStatusChange,
	dossierTexts,
	feeAmount,
	validateDossier,
	type AnswerContext,
	type Answers,
	type PickerResident,
	type Dossier,
	type PhotoParent,
	type DossierFee,
	type DossierStatus,
	type DocumentEntry,
	type HistoryEntry,
	type PhotoRef,
	type Procedure,
	type Satisfaction
} from '$domain/dossier';
import type { Finding } from '$domain/finding';
import type { FieldIssue } from '$domain/validation';
import type { Bilingual } from '$domain/rules';
import type { Resident } from '$domain/resident';
import { foldVietnamese } from '$domain/text';
import {
	keepPhoto,
	readPhoto,
	removePhoto,
	findRecords,
	getRecord,
	saveTyped,
	updateTyped,
	type AppDatabase
} from '$lib/db';
import type { PhotoProcessor } from '$lib/photos/client';
import { PhotoError, type ProcessedPhoto } from '$lib/photos/process';
import { fetchPhoto } from '$lib/sync/photos';
import { shippedCatalogue } from './catalogue';
import { localDay, localIso, newEnvelope, touched, type ServiceContext } from './context';
import { saving, type SaveResult } from './result';

export async function getDossier(db: AppDatabase, id: string): Promise<Dossier | null> {
	return getRecord(db, 'dossiers', id);
}

export async function listDossiers(db: AppDatabase): Promise<Dossier[]> {
	return findRecords(db, 'dossiers');
}

/** What the form's checks need: the day, the household's members and the catalogue's lists. */
export function answerContext(
	ctx: Pick<ServiceContext, 'now'>,
	residents?: readonly PickerResident[]
): AnswerContext {
	return { today: localDay(ctx.now()), residents, lists: shippedCatalogue().choiceLists };
}

/** Refusals of the record's own rules, with this feature's texts, before the device store sees it. */
function refused(doc: Dossier): FieldIssue[] {
	const v = validateDossier(doc);
	return v.ok ? [] : v.issues;
}

function saveChecked(ctx: ServiceContext, doc: Dossier): Promise<SaveResult<Dossier>> {
	const issues = refused(doc);
	if (issues.length) return Promise.resolve({ ok: false, issues });
	return saving(() => saveTyped(ctx.db, 'dossiers', doc));
}

export interface NewDossierInput {
	procedure: Procedure;
	household: { id: string; hamlet: string };
	residentIds: string[];
	/** Answers the household already gave (`prefillAnswers`). */
	answers: Answers;
}

/** A draft with the resident's consent to dossier help (ticked on the consent step). */
export function createDossier(
	ctx: ServiceContext,
	input: NewDossierInput
): Promise<SaveResult<Dossier>> {
	const env = newEnvelope(ctx, 'ds', input.household.hamlet);
	const p = input.procedure;
	const documents: DocumentEntry[] = p.documents.map((d) => ({
		id: d.id,
		state: 'missing',
		certifiedCopy: false,
		photos: []
	}));
	const record: Dossier = {
		...env,
		schemaVersion: 0,
		procedure: { code: p.code, catalogueVersion: shippedCatalogue().version },
		residentIds: input.residentIds,
		householdId: input.household.id,
		answers: input.answers,
		documents,
		status: 'draft',
		history: [],
		notes: [],
		dossierCode: null,
		agencyDueDate: null,
		fee: { amountVnd: feeAmount(p.fee, input.answers, 'in_person'), status: 'unpaid' },
		satisfaction: null,
		consent: {
			purpose: 'dossier',
			noticeVersion: NOTICE_VERSION,
			givenAt: env.createdAt,
			takenBy: ctx.user.username,
			method: 'ticked'
		},
		superseded: []
	};
	return saveChecked(ctx, record);
}

/** Applies a change, stamping who and when; the dossier's own rules are checked first. */
export function changeDossier(
	ctx: ServiceContext,
	id: string,
	change: (d: Dossier) => Dossier
): Promise<SaveResult<Dossier>> {
	let issues: FieldIssue[] = [];
	return saving(
		async () =>
			await updateTyped(ctx.db, 'dossiers', id, (current) => {
				const changed = change(current);
				// Nothing changed (a refused step): no new revision in this user's name.
				if (changed === current) return current;
				const next = { ...changed, ...touched(ctx) };
				issues = refused(next);
				// An invalid change keeps the stored record; the issues go back to the form.
				return issues.length ? current : next;
			})
	).then((r) => (r.ok && issues.length ? { ok: false, issues } : r));
}

export function saveAnswers(
	ctx: ServiceContext,
	id: string,
	answers: Answers,
	procedure: Procedure
) {
	return changeDossier(ctx, id, (d) => ({
		...d,
		answers,
		fee:
			d.fee.status === 'unpaid'
				? { ...d.fee, amountVnd: feeAmount(procedure.fee, answers, 'in_person') }
				: d.fee
	}));
}

function stepIssue(rule: keyof typeof dossierTexts, path = 'status'): FieldIssue {
	return { path, rule, message: dossierTexts[rule] };
}

/** A status step as `ctx.user` records it, checked with the server's own table. */
function withStep(
	ctx: ServiceContext,
	d: Dossier,
	to: DossierStatus,
	extra: Pick<HistoryEntry, 'note' | 'receivedAt'>
): Dossier | FieldIssue {
	const role = ctx.user.role === 'volunteer' ? 'volunteer' : 'official';
	const step: HistoryEntry = {
		from: d.status,
		to,
		by: ctx.user.username,
		role,
		at: localIso(ctx.now()),
		...(extra.note?.trim() ? { note: extra.note.trim() } : {}),
		...(extra.receivedAt ? { receivedAt: extra.receivedAt } : {})
	};
	const next = { ...d, status: to, history: [...d.history, step] };
	const problem = checkStatusChange(d, next, { username: ctx.user.username, role: ctx.user.role });
	return problem ? stepIssue(problem.rule) : next;
}

/** Moves a dossier one step (result, hand-over, withdrawal). */
export function changeStatus(
	ctx: ServiceContext,
	id: string,
	to: DossierStatus,
	extra: Pick<HistoryEntry, 'note' | 'receivedAt'> = {}
): Promise<SaveResult<Dossier>> {
	return changeStatusWith(ctx, id, (d) => withStep(ctx, d, to, extra));
}

/**
 * The volunteer's "ready to file": every error of the form and the checklist
 * comes back at once, by field; otherwise the office's notes are closed (the
 * fixes answer them) and the dossier becomes ready.
 */
export async function markReady(
	ctx: ServiceContext,
	id: string,
	procedure: Procedure,
	residents?: readonly PickerResident[]
): Promise<{ ok: true; value: Dossier } | { ok: false; issues: Finding[] }> {
	const context = answerContext(ctx, residents);
	const d = await getDossier(ctx.db, id);
	if (!d)
		return { ok: false, issues: [{ ...stepIssue('dossier.statusChange'), severity: 'error' }] };
	const errors = checkDossier(d, procedure, context).filter((f) => f.severity === 'error');
	if (errors.length) return { ok: false, issues: errors };
	const r = await changeStatus(ctx, id, 'ready');
	if (!r.ok) return { ok: false, issues: r.issues.map((i) => ({ ...i, severity: 'error' })) };
	if (r.value.notes.length === 0) return r;
	const closed = await changeDossier(ctx, id, (x) => ({ ...x, notes: [] }));
	return closed.ok
		? closed
		: { ok: false, issues: closed.issues.map((i) => ({ ...i, severity: 'error' })) };
}

/**
 * The office sends a dossier back with a note on each field to fix: a ready
 * one goes back to draft, a filed one to "more documents requested".
 */
export function returnDossier(
	ctx: ServiceContext,
	id: string,
	note: string,
	fieldNotes: { field: string; text: string }[]
): Promise<SaveResult<Dossier>> {
	return changeStatusWith(ctx, id, (d) => {
		const to: DossierStatus = d.status === 'ready' ? 'draft' : 'more_requested';
		const next = withStep(ctx, d, to, { note });
		if ('path' in next) return next;
		const at = localIso(ctx.now());
		const by = ctx.user.username;
		return { ...next, notes: [...d.notes, ...fieldNotes.map((n) => ({ ...n, by, at }))] };
	});
}

async function changeStatusWith(
	ctx: ServiceContext,
	id: string,
	change: (d: Dossier) => Dossier | FieldIssue
): Promise<SaveResult<Dossier>> {
	let bad: FieldIssue | null = null;
	const r = await changeDossier(ctx, id, (d) => {
		const next = change(d);
		if ('path' in next) {
			bad = next;
			return d;
		}
		return next;
	});
	return bad ? { ok: false, issues: [bad] } : r;
}

/** Files the dossier on the portal (VNeID) or at the desk, with the time the agency received it. */
export function recordFiling(
	ctx: ServiceContext,
	id: string,
	channel: 'online' | 'in_person',
	receivedAt: string,
	code: string
): Promise<SaveResult<Dossier>> {
	return changeStatusWith(ctx, id, (d) => {
		const next = withStep(ctx, d, channel === 'online' ? 'filed_online' : 'filed_in_person', {
			receivedAt
		});
		if ('path' in next) return next;
		return { ...next, dossierCode: code.trim() || null };
	});
}

export function setDocument(
	ctx: ServiceContext,
	id: string,
	documentId: string,
	change: (e: DocumentEntry) => DocumentEntry
) {
	return changeDossier(ctx, id, (d) => ({
		...d,
		documents: d.documents.map((e) => (e.id === documentId ? change(e) : e))
	}));
}

export function addDocumentPhoto(
	ctx: ServiceContext,
	id: string,
	documentId: string,
	photo: PhotoRef
) {
	return setDocument(ctx, id, documentId, (e) => ({
		...e,
		state: 'photographed',
		photos: [...e.photos.filter((p) => p.hash !== photo.hash), photo]
	}));
}

export function removeDocumentPhoto(
	ctx: ServiceContext,
	id: string,
	documentId: string,
	hash: string
) {
	return setDocument(ctx, id, documentId, (e) => {
		const photos = e.photos.filter((p) => p.hash !== hash);
		return { ...e, photos, state: photos.length ? e.state : 'missing' };
	});
}

export function recordFee(
	ctx: ServiceContext,
	id: string,
	fee: Pick<DossierFee, 'status' | 'exemptionId'>
) {
	return changeDossier(ctx, id, (d) => ({
		...d,
		fee: {
			amountVnd: d.fee.amountVnd,
			status: fee.status,
			...(fee.exemptionId ? { exemptionId: fee.exemptionId } : {}),
			...(fee.status.startsWith('paid') ? { paidAt: localIso(ctx.now()) } : {}),
			recordedBy: ctx.user.username
		}
	}));
}

export function recordRating(
	ctx: ServiceContext,
	id: string,
	rating: Pick<Satisfaction, 'overall' | 'criteria' | 'comment'>
) {
	return changeDossier(ctx, id, (d) => ({
		...d,
		satisfaction: { ...rating, at: localIso(ctx.now()), takenBy: ctx.user.username }
	}));
}

/**
 * A photo of one paper: processed off the main thread (EXIF and location
 * stripped, ~1600 px), sealed on the device, then referenced by its hash.
 */
export async function takeDocumentPhoto(
	ctx: ServiceContext,
	id: string,
	documentId: string,
	file: Blob,
	processor: PhotoProcessor
): Promise<SaveResult<Dossier>> {
	const kept = await processAndKeep(ctx, file, processor, `documents.${documentId}`);
	if (!kept.ok) return kept;
	const photo = kept.value;
	return addDocumentPhoto(ctx, id, documentId, {
		hash: photo.hash,
		bytes: photo.jpeg.size,
		width: photo.width,
		height: photo.height,
		takenAt: localIso(ctx.now())
	});
}

async function processAndKeep(
	ctx: ServiceContext,
	file: Blob,
	processor: PhotoProcessor,
	path: string
): Promise<SaveResult<ProcessedPhoto>> {
	let photo: ProcessedPhoto;
	try {
		photo = await processor.process(file);
	} catch (err) {
		const rule = err instanceof PhotoError ? `photo.${err.reason}` : 'photo.failed';
		const message = photoTexts[rule] ?? photoTexts['photo.failed'];
		return { ok: false, issues: [{ path, rule, message }] };
	}
	const kept = await saving(() => keepPhoto(ctx.db, photo));
	return kept.ok ? { ok: true, value: photo } : kept;
}

/** A photo for a photo question of the form: kept on the device, its hash goes in the answers. */
export async function takeAnswerPhoto(
	ctx: ServiceContext,
	file: Blob,
	processor: PhotoProcessor
): Promise<SaveResult<string>> {
	const kept = await processAndKeep(ctx, file, processor, 'answers');
	return kept.ok ? { ok: true, value: kept.value.hash } : kept;
}

const photoTexts: Record<string, Bilingual> = {
	'photo.not_an_image': {
		vi: 'Tệp này không phải là ảnh: vui lòng chụp lại',
		en: 'This file is not a photo: take it again'
	},
	'photo.too_large': {
		vi: 'Ảnh quá lớn, không xử lý được: vui lòng chụp lại',
		en: 'The photo is too large to process: take it again'
	},
	'photo.failed': {
		vi: 'Không xử lý được ảnh: vui lòng chụp lại',
		en: 'The photo could not be processed: take it again'
	}
};

/** Drops a photo from the paper and from the device. */
export async function deleteDocumentPhoto(
	ctx: ServiceContext,
	id: string,
	documentId: string,
	hash: string
) {
	const r = await removeDocumentPhoto(ctx, id, documentId, hash);
	if (r.ok) await removePhoto(ctx.db, hash);
	return r;
}

/** A household member as the form's pickers see it, with the household's address line. */
export function toPicker(r: Resident, address: string): PickerResident {
	return {
		id: r.id,
		fullName: r.fullName,
		sex: r.sex,
		dateOfBirth: r.dateOfBirth,
		ethnicityCode: r.ethnicityCode,
		idNumber: r.idNumber,
		address
	};
}

/** Procedures whose Vietnamese or English name contains the words typed, marks or not. */
export function searchProcedures(query: string): Procedure[] {
	const words = foldVietnamese(query).split(/\s+/).filter(Boolean);
	return shippedCatalogue().procedures.filter((p) => {
		const text = foldVietnamese(`${p.name.vi} ${p.name.en} ${p.code}`);
		return words.every((w) => text.includes(w));
	});
}

/**
 * A document photo (its thumbnail or the JPEG) from the device, or else from the server: the
 * office holds none of the volunteers' photos, and a confirmed photo may have left the phone.
 * Never stored here after reading, so the office's device keeps no residents' papers.
 */
export async function photoOf(
	ctx: ServiceContext,
	hash: string,
	which: 'jpeg' | 'thumbnail',
	parent: PhotoParent
): Promise<Blob | null> {
	const local = await readPhoto(ctx.db, hash, which);
	if (local || !ctx.server || !ctx.user.commune) return local;
	return fetchPhoto(
		{ baseUrl: ctx.server.baseUrl, token: ctx.server.token(), commune: ctx.user.commune },
		parent,
		hash
	);
}
