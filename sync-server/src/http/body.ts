import type { Request } from 'express';
import type { z } from 'zod';
import { CouchError, badRequest } from '../services/errors.ts';

export const MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_DEPTH = 64;

/** Reads and parses a JSON body whatever its content type; 413 past the limit, 400 when not JSON. */
export async function readJson(req: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
	const declared = Number(req.headers['content-length'] ?? 0);
	if (declared > limit) throw tooLarge(limit);
	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Uint8Array>) {
		size += chunk.length;
		if (size > limit) throw tooLarge(limit);
		chunks.push(chunk);
	}
	const text = Buffer.concat(chunks).toString('utf8');
	if (text.trim() === '') throw badRequest('request body is empty');
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw badRequest('invalid UTF-8 JSON');
	}
	if (depth(value) > MAX_DEPTH) throw badRequest(`JSON nested deeper than ${MAX_DEPTH}`);
	return value;
}

/** Reads a body as bytes, whatever it is; 413 past the limit, declared or streamed. */
export async function readBinary(req: Request, limit: number): Promise<Buffer> {
	const declared = Number(req.headers['content-length'] ?? 0);
	if (declared > limit) throw tooLarge(limit);
	const chunks: Uint8Array[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Uint8Array>) {
		size += chunk.length;
		if (size > limit) throw tooLarge(limit);
		chunks.push(chunk);
	}
	return Buffer.concat(chunks);
}

function tooLarge(limit: number) {
	return new CouchError(413, 'too_large', `request body exceeds ${limit} bytes`);
}

/** Iterative, so hostile nesting cannot overflow the stack here or later in JSON.stringify. */
function depth(root: unknown): number {
	let max = 0;
	const stack: [unknown, number][] = [[root, 1]];
	while (stack.length) {
		const [v, d] = stack.pop()!;
		if (typeof v !== 'object' || v === null) continue;
		if (d > max) max = d;
		if (max > MAX_DEPTH) return max;
		for (const child of Object.values(v)) stack.push([child, d + 1]);
	}
	return max;
}

export function isObject(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Zod at the boundary: a 400 naming each wrong field, as `field: what is wrong`. */
export function parseBody<T>(schema: z.ZodType<T>, value: unknown, what = 'body'): T {
	const r = schema.safeParse(value);
	if (r.success) return r.data;
	throw badRequest(
		r.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; ')
	);
}
