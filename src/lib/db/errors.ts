import { formatIssues, type FieldIssue } from '$domain/validation';

/** A write refused before it reached storage; `issues` name each field with a Vietnamese and English text. */
export class RecordValidationError extends Error {
	override readonly name = 'RecordValidationError';
	constructor(
		readonly collection: string,
		readonly id: string,
		readonly issues: FieldIssue[]
	) {
		super(`${collection}/${id}: ${formatIssues(issues, 'vi')}`);
	}
}

/** The browser refused to store more data: the record was not saved and nothing else was lost. */
export class StorageFullError extends Error {
	override readonly name = 'StorageFullError';
	constructor(cause: unknown) {
		super('Bộ nhớ của máy đã đầy: bản ghi chưa được lưu. Hãy đồng bộ rồi giải phóng dung lượng.', {
			cause
		});
	}
}

/** Dexie and IndexedDB report a full disk in several shapes; all carry this name somewhere. */
export function isQuotaError(err: unknown): boolean {
	for (let e: unknown = err, depth = 0; e && depth < 6; depth++) {
		const o = e as { name?: unknown; inner?: unknown; cause?: unknown; message?: unknown };
		if (o.name === 'QuotaExceededError') return true;
		if (typeof o.message === 'string' && /quota/i.test(o.message)) return true;
		e = o.inner ?? o.cause;
	}
	return false;
}
