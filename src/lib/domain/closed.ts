import type { z } from 'zod';

/**
 * Adds a `record.unknownField` issue for each top-level field the shape does
 * not know. Fields starting with `_` belong to CouchDB and RxDB and pass.
 */
export function refuseUnknownFields(
	doc: Record<string, unknown>,
	shape: Readonly<Record<string, unknown>>,
	ctx: z.core.$RefinementCtx
): void {
	for (const key of Object.keys(doc)) {
		if (key.startsWith('_') || Object.hasOwn(shape, key)) continue;
		ctx.addIssue({ code: 'custom', path: [key], message: 'record.unknownField' });
	}
}
