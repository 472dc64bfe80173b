/** When the device last pulled, pushed and was fully in sync; kept in a local document. */
export interface SyncTimes {
	lastPullAt: string | null;
	lastPushAt: string | null;
	/** Last time every collection was in sync with nothing waiting and no error. */
	lastSyncAt: string | null;
}

/** Local document holding the sync times. */
export const SYNC_TIMES_KEY = 'sync-times';
export const NO_SYNC_TIMES: SyncTimes = { lastPullAt: null, lastPushAt: null, lastSyncAt: null };
