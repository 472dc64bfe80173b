import { z } from 'zod';
import { hamletSchema, type Hamlet } from '$domain/directory';
import {
	hamletIdFrom,
	AUDIT_ACTIONS,
	auditPageSchema,
	personSchema,
	type AuditAction,
	type AuditRow,
	type Person
} from '$domain/office';
import {
	erasureReportSchema,
	rightsRequestRecordSchema,
	type ErasureReport,
	type RightsKind,
	type RightsRequest
} from '$domain/rights';
import type { MessageKey } from '$lib/i18n/vi';

/**
 * The commune office's screens talk to `/api/communes/:code/{users,hamlets,audit}` through
 * this client. Every answer is parsed; a network failure is a result, never a throw.
 */
export type OfficeFailure =
	| { ok: false; error: 'offline' | 'unauthorized' }
	| { ok: false; error: 'server'; status: number }
	/** The server refused the request (400, 404, 409) and said why, in English. */
	| { ok: false; error: 'refused'; status: number; reason: string };
export type OfficeResult<T> = ({ ok: true } & T) | OfficeFailure;

export interface OfficeClient {
	fetchFn: typeof fetch;
	token: string;
	commune: string;
	baseUrl?: string;
}

/** The client for the signed-in official, or null without a token (signed out, offline start). */
export function officeClient(
	token: string | null,
	commune: string | null,
	fetchFn: typeof fetch = (...args) => fetch(...args)
): OfficeClient | null {
	return token && commune ? { fetchFn, token, commune } : null;
}

/** What a screen shows when it has no client: the same message as a refused session. */
export const NO_SESSION: OfficeFailure = { ok: false, error: 'unauthorized' };

const reasonSchema = z.object({ reason: z.string() });
/** Add and assign answer with the account alone: no `disabled` (a new account is active). */
const changedPersonSchema = personSchema.omit({ disabled: true });

function send<T>(
	c: OfficeClient,
	method: 'GET' | 'POST' | 'PUT',
	path: string,
	schema: z.ZodType<T>,
	body?: unknown
): Promise<OfficeResult<{ value: T }>> {
	return apiRequest(c, method, `/communes/${encodeURIComponent(c.commune)}${path}`, schema, body);
}

/**
 * One request to `/api…` with the bearer token, its answer parsed with `schema`; a network
 * failure or a refusal is a result, never a throw. The office and the admin console use it.
 */
export async function apiRequest<T>(
	c: Pick<OfficeClient, 'fetchFn' | 'token' | 'baseUrl'>,
	method: 'GET' | 'POST' | 'PUT',
	path: string,
	schema: z.ZodType<T>,
	body?: unknown
): Promise<OfficeResult<{ value: T }>> {
	let res: Response;
	try {
		res = await c.fetchFn(`${c.baseUrl ?? ''}/api${path}`, {
			method,
			headers: {
				authorization: `Bearer ${c.token}`,
				...(body === undefined ? {} : { 'content-type': 'application/json' })
			},
			body: body === undefined ? undefined : JSON.stringify(body)
		});
	} catch {
		return { ok: false, error: 'offline' };
	}
	const json: unknown = await res.json().catch(() => null);
	if (res.ok) {
		const parsed = schema.safeParse(json);
		return parsed.success
			? { ok: true, value: parsed.data }
			: { ok: false, error: 'server', status: res.status };
	}
	return failure(res.status, json);
}

function failure(status: number, json: unknown): OfficeFailure {
	if (status === 401 || status === 403) return { ok: false, error: 'unauthorized' };
	if (status === 400 || status === 404 || status === 409) {
		const r = reasonSchema.safeParse(json);
		return { ok: false, error: 'refused', status, reason: r.success ? r.data.reason : '' };
	}
	return { ok: false, error: 'server', status };
}

const user = (u: string) => `/users/${encodeURIComponent(u)}`;
const hamlet = (id: string) => `/hamlets/${encodeURIComponent(id)}`;

// People

export async function listPeople(c: OfficeClient): Promise<OfficeResult<{ people: Person[] }>> {
	const r = await send(c, 'GET', '/users', z.object({ users: z.array(personSchema) }));
	return r.ok ? { ok: true, people: r.value.users } : r;
}

/** A new volunteer; the answer holds their first password, to be shown once and never kept. */
export async function addVolunteer(
	c: OfficeClient,
	input: {
		username: string;
		displayName: string;
		hamlets: string[];
		/** An official serves the whole commune: no hamlets. */
		role?: 'volunteer' | 'official';
	}
): Promise<OfficeResult<{ person: Person; password: string }>> {
	const role = input.role ?? 'volunteer';
	const r = await send(
		c,
		'POST',
		'/users',
		z.object({ user: changedPersonSchema, password: z.string().min(1) }),
		{
			username: input.username.trim(),
			displayName: input.displayName.trim(),
			role,
			hamlets: role === 'official' ? [] : input.hamlets
		}
	);
	return r.ok
		? { ok: true, person: { ...r.value.user, disabled: false }, password: r.value.password }
		: r;
}

export async function resetPassword(
	c: OfficeClient,
	username: string
): Promise<OfficeResult<{ password: string }>> {
	const r = await send(
		c,
		'POST',
		`${user(username)}/password`,
		z.object({ password: z.string().min(1) }),
		{}
	);
	return r.ok ? { ok: true, password: r.value.password } : r;
}

export async function setDisabled(
	c: OfficeClient,
	username: string,
	disabled: boolean
): Promise<OfficeResult<object>> {
	const r = await send(
		c,
		'POST',
		`${user(username)}/${disabled ? 'disable' : 'enable'}`,
		z.object({ ok: z.literal(true) }),
		{}
	);
	return r.ok ? { ok: true } : r;
}

export async function setHamlets(
	c: OfficeClient,
	username: string,
	hamlets: string[]
): Promise<OfficeResult<{ person: Omit<Person, 'disabled'> }>> {
	const r = await send(c, 'PUT', `${user(username)}/hamlets`, changedPersonSchema, { hamlets });
	return r.ok ? { ok: true, person: r.value } : r;
}

// Hamlets

export async function listHamlets(c: OfficeClient): Promise<OfficeResult<{ hamlets: Hamlet[] }>> {
	const r = await send(c, 'GET', '/hamlets', z.object({ hamlets: z.array(hamletSchema) }));
	return r.ok ? { ok: true, hamlets: r.value.hamlets } : r;
}

export async function addHamlet(
	c: OfficeClient,
	input: { id: string; name: string; validFrom?: string }
): Promise<OfficeResult<{ hamlet: Hamlet }>> {
	const body = {
		id: input.id.trim() || hamletIdFrom(input.name),
		name: input.name.trim(),
		...(input.validFrom ? { validFrom: input.validFrom } : {})
	};
	const r = await send(c, 'POST', '/hamlets', hamletSchema, body);
	return r.ok ? { ok: true, hamlet: r.value } : r;
}

export async function renameHamlet(
	c: OfficeClient,
	id: string,
	change: { name: string; from?: string }
): Promise<OfficeResult<{ hamlet: Hamlet }>> {
	const body = { name: change.name.trim(), ...(change.from ? { from: change.from } : {}) };
	const r = await send(c, 'POST', `${hamlet(id)}/rename`, hamletSchema, body);
	return r.ok ? { ok: true, hamlet: r.value } : r;
}

export async function retireHamlet(
	c: OfficeClient,
	id: string,
	validTo: string
): Promise<OfficeResult<{ hamlet: Hamlet }>> {
	const r = await send(c, 'POST', `${hamlet(id)}/retire`, hamletSchema, { validTo });
	return r.ok ? { ok: true, hamlet: r.value } : r;
}

const mergeCountsSchema = z.record(z.string(), z.number().int().min(0));
export type MergeCounts = z.infer<typeof mergeCountsSchema>;

/** What merging `id` into `into` would move: records by type and the volunteers who follow. */
export async function previewMerge(
	c: OfficeClient,
	id: string,
	into: string,
	on?: string
): Promise<OfficeResult<{ records: MergeCounts; users: string[] }>> {
	const q = new URLSearchParams({ into, ...(on ? { on } : {}) });
	const r = await send(
		c,
		'GET',
		`${hamlet(id)}/merge?${q}`,
		z.object({ records: mergeCountsSchema, users: z.array(z.string()) })
	);
	return r.ok ? { ok: true, ...r.value } : r;
}

export async function mergeHamlet(
	c: OfficeClient,
	id: string,
	into: string,
	on?: string
): Promise<OfficeResult<{ hamlet: Hamlet; moved: MergeCounts; users: string[] }>> {
	const r = await send(
		c,
		'POST',
		`${hamlet(id)}/merge`,
		z.object({ hamlet: hamletSchema, moved: mergeCountsSchema, users: z.array(z.string()) }),
		{ into, ...(on ? { on } : {}) }
	);
	return r.ok ? { ok: true, ...r.value } : r;
}

const refusalSchema = z.object({
	collection: z.string(),
	id: z.string(),
	by: z.string(),
	at: z.string(),
	reason: z.object({ vi: z.string(), en: z.string() })
});
export type Refusal = z.infer<typeof refusalSchema>;

/** What the server refused from the commune's phones, newest first. */
export async function listRefusals(
	c: OfficeClient
): Promise<OfficeResult<{ refusals: Refusal[] }>> {
	const r = await send(c, 'GET', '/refusals', z.object({ refusals: z.array(refusalSchema) }));
	return r.ok ? { ok: true, refusals: r.value.refusals } : r;
}

/** Records in all, whatever their type. */
export const mergeTotal = (m: MergeCounts) => Object.values(m).reduce((a, b) => a + b, 0);

export { hamletIdFrom };

/** Whether a hamlet still exists on `day` (YYYY-MM-DD): only those take new volunteers. */
export function hamletActive(h: Hamlet, day: string): boolean {
	return h.validTo === null || h.validTo >= day;
}

// Audit log

/** The viewer's filters as the screen holds them: local dates, empty strings for "any". */
export interface AuditForm {
	user: string;
	record: string;
	action: AuditAction | '';
	/** YYYY-MM-DD, local days, both inclusive. */
	from: string;
	to: string;
}

export const emptyAuditForm = (): AuditForm => ({
	user: '',
	record: '',
	action: '',
	from: '',
	to: ''
});

function localDayBound(day: string, end: boolean): string | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	if (!m) return null;
	const d = end
		? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999)
		: new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	return d.toISOString();
}

/** The query the server reads: the start of the first local day to the end of the last. */
export function auditQuery(f: AuditForm): URLSearchParams {
	const q = new URLSearchParams();
	if (f.user.trim()) q.set('user', f.user.trim());
	if (f.record.trim()) q.set('record', f.record.trim());
	if (f.action && (AUDIT_ACTIONS as readonly string[]).includes(f.action))
		q.set('action', f.action);
	const since = localDayBound(f.from, false);
	const until = localDayBound(f.to, true);
	if (since) q.set('since', since);
	if (until) q.set('until', until);
	return q;
}

export async function fetchAudit(
	c: OfficeClient,
	f: AuditForm,
	cursor: string | null = null,
	limit = 50
): Promise<OfficeResult<{ entries: AuditRow[]; next: string | null }>> {
	const q = auditQuery(f);
	q.set('limit', String(limit));
	if (cursor) q.set('cursor', cursor);
	const r = await send(c, 'GET', `/audit?${q}`, auditPageSchema);
	return r.ok ? { ok: true, entries: r.value.entries, next: r.value.next } : r;
}

/** The filtered log as CSV, fetched with the bearer token (a plain link could not send it). */
export async function fetchAuditCsv(
	c: OfficeClient,
	f: AuditForm
): Promise<OfficeResult<{ blob: Blob; filename: string }>> {
	let res: Response;
	try {
		res = await c.fetchFn(
			`${c.baseUrl ?? ''}/api/communes/${encodeURIComponent(c.commune)}/audit.csv?${auditQuery(f)}`,
			{ headers: { authorization: `Bearer ${c.token}` } }
		);
	} catch {
		return { ok: false, error: 'offline' };
	}
	if (!res.ok) return failure(res.status, await res.json().catch(() => null));
	let blob: Blob;
	try {
		blob = await res.blob();
	} catch {
		return { ok: false, error: 'offline' };
	}
	const named = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
	return { ok: true, blob, filename: named?.[1] ?? `nhat-ky-${c.commune}.csv` };
}

/** What the audit entry was about: a record id or the subject of an office action. */
export const auditTarget = (e: AuditRow): string => e.docId ?? e.subject ?? '';

// Messages

/** The message key for a failure: the server's English reasons become plain Vietnamese. */
export function failureMessage(f: OfficeFailure): {
	key: MessageKey;
	params?: Record<string, string | number>;
} {
	if (f.error === 'server') return { key: 'office.err.server', params: { status: f.status } };
	if (f.error !== 'refused')
		return { key: f.error === 'offline' ? 'office.err.offline' : 'office.err.unauthorized' };
	const reason = f.reason;
	const served = /is still served by (.+)$/.exec(reason);
	if (served) return { key: 'office.err.hamletServed', params: { names: served[1] } };
	if (/^user .* already exists/.test(reason)) return { key: 'office.err.usernameTaken' };
	if (/^hamlet .* already exists/.test(reason)) return { key: 'office.err.hamletTaken' };
	if (/already named/.test(reason)) return { key: 'office.err.sameName' };
	if (/was retired/.test(reason)) return { key: 'office.err.retired' };
	if (/cannot disable your own/.test(reason)) return { key: 'office.err.self' };
	if (/^(username|user): /.test(reason)) return { key: 'office.err.username' };
	if (/^displayName: /.test(reason)) return { key: 'office.err.displayName' };
	if (/^id: /.test(reason)) return { key: 'office.err.hamletId' };
	if (/^name: /.test(reason)) return { key: 'office.err.name' };
	if (/^(validFrom|validTo|from): |before|after/.test(reason)) return { key: 'office.err.date' };
	if (/^reason: /.test(reason)) return { key: 'rights.err.reason' };
	if (/request already answered/.test(reason)) return { key: 'rights.err.answered' };
	if (/^note: /.test(reason)) return { key: 'rights.err.note' };
	if (/changed during the erasure/.test(reason)) return { key: 'rights.err.retry' };
	if (/hamlet/i.test(reason)) return { key: 'office.err.hamlets' };
	if (f.status === 404) return { key: 'office.err.notFound' };
	return { key: 'office.err.refused' };
}

// Residents' data rights

const residentPath = (id: string) => `/residents/${encodeURIComponent(id)}`;

export async function listRightsRequests(
	c: OfficeClient
): Promise<OfficeResult<{ requests: RightsRequest[] }>> {
	const r = await send(
		c,
		'GET',
		'/rights-requests',
		z.object({ requests: z.array(rightsRequestRecordSchema) })
	);
	return r.ok ? { ok: true, requests: r.value.requests } : r;
}

export async function logRightsRequest(
	c: OfficeClient,
	input: { residentId: string; kind: RightsKind; note: string }
): Promise<OfficeResult<{ request: RightsRequest }>> {
	const r = await send(c, 'POST', '/rights-requests', rightsRequestRecordSchema, {
		residentId: input.residentId,
		kind: input.kind,
		note: input.note.trim()
	});
	return r.ok ? { ok: true, request: r.value } : r;
}

export async function closeRightsRequest(
	c: OfficeClient,
	id: string,
	input: { outcome: 'done' | 'refused'; note: string }
): Promise<OfficeResult<{ request: RightsRequest }>> {
	const r = await send(
		c,
		'POST',
		`/rights-requests/${encodeURIComponent(id)}/close`,
		rightsRequestRecordSchema,
		{ outcome: input.outcome, note: input.note.trim() }
	);
	return r.ok ? { ok: true, request: r.value } : r;
}

/** Everything the server holds about the resident, as the JSON the resident may take away. */
export async function residentData(
	c: OfficeClient,
	residentId: string
): Promise<OfficeResult<{ data: Record<string, unknown> }>> {
	const r = await send(
		c,
		'GET',
		`${residentPath(residentId)}/data`,
		z.record(z.string(), z.unknown())
	);
	return r.ok ? { ok: true, data: r.value } : r;
}

export async function eraseResident(
	c: OfficeClient,
	residentId: string,
	input: { reason: string; request?: string }
): Promise<OfficeResult<{ report: ErasureReport }>> {
	const r = await send(c, 'POST', `${residentPath(residentId)}/erase`, erasureReportSchema, {
		reason: input.reason.trim(),
		...(input.request ? { request: input.request } : {})
	});
	return r.ok ? { ok: true, report: r.value } : r;
}
