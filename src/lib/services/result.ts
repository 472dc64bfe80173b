import { RecordValidationError, StorageFullError } from '$lib/db';
import type { FieldIssue } from '$domain/validation';

/** Outcome of a write the UI shows next to the fields: never an exception for a person's mistake. */
export type SaveResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

/** Runs a write; validation refusals and a full disk come back as issues, anything else throws. */
export async function saving<T>(write: () => Promise<T>): Promise<SaveResult<T>> {
	try {
		return { ok: true, value: await write() };
	} catch (err) {
		if (err instanceof RecordValidationError) return { ok: false, issues: err.issues };
		if (err instanceof StorageFullError) {
			return {
				ok: false,
				issues: [
					{
						path: '',
						rule: 'storage.full',
						message: {
							vi: err.message,
							en: 'The device storage is full: the record was not saved. Sync, then free some space.'
						}
					}
				]
			};
		}
		throw err;
	}
}

/** Issues of one field (`idNumber`) or of a nested field (`accountHelp.outcome.detail` under `accountHelp`). */
export function issuesFor<T extends FieldIssue>(issues: readonly T[], path: string): T[] {
	return issues.filter((i) => i.path === path || i.path.startsWith(path + '.'));
}
