import { z } from 'zod';
import { hamletIdSchema, isoDateSchema, usernameSchema } from './envelope';

/** What the office screens send to manage the people of a commune; the server parses it again. */
export const newPersonSchema = z.strictObject({
	username: usernameSchema,
	displayName: z.string().trim().min(1).max(120),
	role: z.enum(['volunteer', 'official']),
	hamlets: z.array(hamletIdSchema).max(50).default([])
});
export type NewPerson = z.infer<typeof newPersonSchema>;

export const assignHamletsSchema = z.strictObject({
	hamlets: z.array(hamletIdSchema).min(1).max(50)
});

export const newHamletSchema = z.strictObject({
	id: hamletIdSchema,
	name: z.string().trim().min(1).max(120),
	validFrom: isoDateSchema.optional()
});

export const renameHamletSchema = z.strictObject({
	name: z.string().trim().min(1).max(120),
	/** The day the new name takes effect; today when absent. */
	from: isoDateSchema.optional()
});

/** Merging moves every record and volunteer of a hamlet into another and retires it. */
export const mergeHamletSchema = z.strictObject({
	into: hamletIdSchema,
	/** The merge day (the hamlet's last); today when absent. */
	on: isoDateSchema.optional()
});

export const retireHamletSchema = z.strictObject({
	/** The last day the hamlet exists. */
	validTo: isoDateSchema
});

/** A person as the office screens list them: never a password or its hash. */
export const personSchema = z.object({
	username: z.string(),
	displayName: z.string(),
	role: z.enum(['volunteer', 'official', 'admin']),
	commune: z.string().nullable(),
	hamlets: z.array(z.string()),
	disabled: z.boolean()
});
export type Person = z.infer<typeof personSchema>;

/** Audit actions a reader can filter on: record writes, then what people did outside sync. */
export const AUDIT_ACTIONS = [
	'create',
	'update',
	'delete',
	'units.import',
	'commune.add',
	'commune.feeAccount',
	'hamlet.add',
	'hamlet.update',
	'hamlet.rename',
	'hamlet.retire',
	'hamlet.merge',
	'user.add',
	'user.password',
	'user.disable',
	'user.enable',
	'user.hamlets',
	'duplicates.lookup',
	'photo.upload',
	'calendar.import',
	'handover.import',
	'rights.request',
	'rights.close',
	'rights.export',
	'rights.erase'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The audit viewer's filters, as query parameters; each absent one matches everything. */
export const auditFilterSchema = z.strictObject({
	user: usernameSchema.optional(),
	/** A record id or a subject (username, hamlet id, commune code), matched exactly. */
	record: z.string().min(1).max(200).optional(),
	action: z.enum(AUDIT_ACTIONS).optional(),
	/** Instants, inclusive: the screen sends the start and end of local days. */
	since: z.iso.datetime({ offset: true }).optional(),
	until: z.iso.datetime({ offset: true }).optional()
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditEntrySchema = z.looseObject({
	kind: z.enum(['write', 'event']),
	commune: z.string().nullable(),
	action: z.string(),
	by: z.string(),
	at: z.string(),
	collection: z.string().optional(),
	docId: z.string().optional(),
	rev: z.string().optional(),
	subject: z.string().optional(),
	device: z.string().optional(),
	details: z.record(z.string(), z.unknown()).optional()
});
export type AuditRow = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
	entries: z.array(auditEntrySchema),
	next: z.string().nullable()
});

/** Whether an entry passes the filters (dates are checked by the caller's key range too). */
export function matchesAudit(
	e: { by: string; action: string; at: string; docId?: string; subject?: string },
	f: AuditFilter
): boolean {
	if (f.user && e.by !== f.user) return false;
	if (f.action && e.action !== f.action) return false;
	if (f.record && e.docId !== f.record && e.subject !== f.record) return false;
	if (f.since && e.at < new Date(f.since).toISOString()) return false;
	if (f.until && e.at > new Date(f.until).toISOString()) return false;
	return true;
}

export const AUDIT_CSV_COLUMNS = [
	'at',
	'by',
	'action',
	'collection',
	'record',
	'rev',
	'device',
	'details'
] as const;

/** One CSV row per entry; `field` quotes and defuses formulas (see `csvField`). */
export function auditCsvRow(
	e: {
		at: string;
		by: string;
		action: string;
		collection?: string;
		docId?: string;
		subject?: string;
		rev?: string;
		device?: string;
		details?: object;
	},
	field: (v: string) => string
): string {
	return [
		e.at,
		e.by,
		e.action,
		e.collection ?? '',
		e.docId ?? e.subject ?? '',
		e.rev ?? '',
		e.device ?? '',
		e.details ? JSON.stringify(e.details) : ''
	]
		.map((v) => field(v))
		.join(',');
}

/** `Ấp Đồng Mới` → `ap-dong-moi`: the id the office suggests for a new hamlet. */
export function hamletIdFrom(name: string): string {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 63);
}
