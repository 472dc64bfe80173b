/** A CouchDB-style refusal: `{ error, reason }` with an HTTP status. */
export class CouchError extends Error {
	constructor(
		readonly status: number,
		readonly error: string,
		readonly reason: string,
		readonly headers: Record<string, string> = {}
	) {
		super(reason);
	}
}

export const notFound = () => new CouchError(404, 'not_found', 'missing');
export const forbidden = (reason: string) => new CouchError(403, 'forbidden', reason);
export const badRequest = (reason: string) => new CouchError(400, 'bad_request', reason);
export const unauthorized = (reason: string) => new CouchError(401, 'unauthorized', reason);
export const tooManyRequests = (reason: string, seconds: number) =>
	new CouchError(429, 'too_many_requests', reason, { 'retry-after': String(seconds) });

/**
 * An engine's message as a client may see it: one line, short, and never a stack frame or a
 * server path (LevelDB and Node errors name files under DATA_DIR).
 */
export function publicText(text: string, fallback = 'request refused'): string {
	const line = String(text).split('\n', 1)[0].slice(0, 200);
	const leaks = /(^|[\s'"(=:])(\/|[A-Za-z]:\\|~\/)[^\s'"]*|\bat .+:\d+|node:|file:\/\//;
	return line === '' || leaks.test(line) ? fallback : line;
}
