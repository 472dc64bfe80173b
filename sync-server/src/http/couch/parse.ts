import type { Request } from 'express';
import type { z } from 'zod';
import { badRequest } from '../../services/errors.ts';
import { readJson } from '../body.ts';

/** Raw query options of a request; express's parser would turn `a[b]=1` into objects. */
export function rawQuery(req: Request): Record<string, string> {
	const i = req.originalUrl.indexOf('?');
	const params = new URLSearchParams(i < 0 ? '' : req.originalUrl.slice(i + 1));
	const out: Record<string, string> = {};
	for (const [key, value] of params) {
		if (Object.hasOwn(out, key)) throw badRequest(`query option ${key} given twice`);
		out[key] = value;
	}
	return out;
}

/** A CouchDB-shaped 400 naming the first wrong option or field. */
function refusal(error: z.ZodError, what: string): Error {
	const issue = error.issues[0];
	if (issue.code === 'unrecognized_keys') {
		const where = issue.path.length ? ` in ${issue.path.join('.')}` : '';
		return badRequest(`unknown ${what}${where}: ${issue.keys.join(', ')}`);
	}
	const path = issue.path.join('.') || what;
	return badRequest(`${path}: ${issue.message}`);
}

export function parseQuery<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
	const parsed = schema.safeParse(rawQuery(req));
	if (!parsed.success) throw refusal(parsed.error, 'query option');
	return parsed.data;
}

export async function parseBody<S extends z.ZodType>(
	schema: S,
	req: Request
): Promise<z.output<S>> {
	const parsed = schema.safeParse(await readJson(req));
	if (!parsed.success) throw refusal(parsed.error, 'body field');
	return parsed.data;
}
