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
