export {
	clockOf,
	openDatabase,
	specOf,
	type AppDatabase,
	type OpenDatabaseOptions,
	type RecordCollection,
	type RecordDoc,
	type SpecMap
} from './database';
export { saveRecord, saveRecords, updateRecord, removeRecord } from './records';
export {
	findRecords,
	getRecord,
	saveTyped,
	updateTyped,
	watchRecords,
	type RecordName,
	type RecordOf,
	type RecordTypes
} from './typed';
export { RecordValidationError, StorageFullError, isQuotaError } from './errors';
export { toRxSchema } from './schema';
export {
	addToOutbox,
	readOutbox,
	recordLabel,
	removeFromOutbox,
	settleOutbox,
	watchOutbox,
	type Outbox,
	type OutboxEntry
} from './outbox';
export {
	addToQuarantine,
	readQuarantine,
	releaseFromQuarantine,
	watchQuarantine,
	type QuarantineEntry
} from './quarantine';
export { readLocal, updateLocal, watchLocal } from './local';
export { followLocalWrites, followRecords, waitForLeadership, type RecordState } from './follow';
export {
	editsSince,
	isEmptyCollection,
	markPushed,
	preparePull,
	serverVersion,
	storePulled,
	writePull,
	storeServerVersions,
	type CouchDoc,
	type LocalEdit,
	type PreparedPull,
	type PullOutcome,
	type PushCheckpoint,
	type Synced
} from './replica';
export { StageTimes, STAGES, noMeter, timed, type Stage, type StageMeter } from './stages';
export { readDraft, removeDraft, watchDrafts, writeDraft, type DraftInfo } from './drafts';
export {
	freePhotoCopy,
	heldPhoto,
	keepPhoto,
	markPhoto,
	recordPhotos,
	readPhoto,
	removePhoto,
	type HeldPhoto
} from './photos';
