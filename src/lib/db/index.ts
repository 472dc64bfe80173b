export {
	openDatabase,
	specOf,
	type AppDatabase,
	type OpenDatabaseOptions,
	type RecordCollection,
	type RecordDoc,
	type SpecMap
} from './database';
export { saveRecord, saveRecords, updateRecord, removeRecord } from './records';
export { RecordValidationError, StorageFullError, isQuotaError } from './errors';
export { toRxSchema } from './schema';
export {
	addToOutbox,
	clearOutboxBefore,
	readOutbox,
	recordLabel,
	removeFromOutbox,
	watchOutbox,
	type Outbox,
	type OutboxEntry
} from './outbox';
export {
	addToQuarantine,
	quarantinedServerState,
	readQuarantine,
	releaseFromQuarantine,
	watchQuarantine,
	type QuarantineEntry
} from './quarantine';
export { readLocal, updateLocal, watchLocal } from './local';
export { readDraft, removeDraft, watchDrafts, writeDraft, type DraftInfo } from './drafts';
export { keepPhoto, readPhoto, removePhoto } from './photos';
