import { z } from 'zod';
import type { CollectionSpec } from './collections';
import type { RefusalRule } from './refusals';

/**
 * Which CouchDB attachments a collection takes: none unless its spec opts in with
 * `attachments: { contentTypes, maxBytes }` (dossier photos will). Pure, so the server checks
 * uploads with it and a device can check before sending.
 */

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export interface AttachmentUpload {
	name: string;
	contentType: string;
	bytes: number;
}

export type AttachmentRefusal = { path: string; rule: RefusalRule };

/** Why a collection refuses one uploaded attachment, or null when it takes it. */
export function attachmentRefusal(
	spec: CollectionSpec,
	a: AttachmentUpload
): AttachmentRefusal | null {
	const rules = spec.attachments;
	const path = `_attachments.${a.name}`;
	if (!rules) return { path: '_attachments', rule: 'attachments.notAllowed' };
	if (!NAME.test(a.name)) return { path, rule: 'attachments.format' };
	const type = a.contentType.split(';')[0].trim().toLowerCase();
	if (!rules.contentTypes.includes(type)) return { path, rule: 'attachments.type' };
	if (a.bytes > rules.maxBytes) return { path, rule: 'attachments.size' };
	return null;
}

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const inlineSchema = z.union([
	z.strictObject({ content_type: z.string().max(100), data: base64 }),
	z.strictObject({
		content_type: z.string().max(100).optional(),
		stub: z.literal(true),
		digest: z.string().max(100).optional(),
		length: z.number().int().min(0).optional(),
		revpos: z.number().int().min(0).optional()
	})
]);

/** Decoded size of base64 data. */
export function base64Bytes(data: string): number {
	const pad = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
	return Math.floor((data.length * 3) / 4) - pad;
}

/**
 * Why a collection refuses a document's inline `_attachments` (new data as base64, or stubs
 * of attachments already stored), or null when it takes them.
 */
export function inlineAttachmentsRefusal(
	spec: CollectionSpec,
	value: unknown
): AttachmentRefusal | null {
	if (!spec.attachments) return { path: '_attachments', rule: 'attachments.notAllowed' };
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return { path: '_attachments', rule: 'attachments.format' };
	}
	for (const [name, entry] of Object.entries(value)) {
		const parsed = inlineSchema.safeParse(entry);
		if (!parsed.success) return { path: `_attachments.${name}`, rule: 'attachments.format' };
		if ('stub' in parsed.data) {
			if (!NAME.test(name)) return { path: `_attachments.${name}`, rule: 'attachments.format' };
			continue;
		}
		const upload = {
			name,
			contentType: parsed.data.content_type,
			bytes: base64Bytes(parsed.data.data)
		};
		const refused = attachmentRefusal(spec, upload);
		if (refused) return refused;
	}
	return null;
}
