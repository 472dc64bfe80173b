export type DirectoryErrorCode = 'invalid' | 'not_found' | 'conflict' | 'unknown_unit';

/** A refused directory operation; the HTTP layer maps `code` to a status, the CLI prints `message`. */
export class DirectoryError extends Error {
	constructor(
		readonly code: DirectoryErrorCode,
		message: string
	) {
		super(message);
	}
}
