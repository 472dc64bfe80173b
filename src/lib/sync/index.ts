import { device } from '$lib/device/device.svelte';
import { deviceStorage } from '$lib/device/storage.svelte';
import { SyncService } from './service.svelte';
import { syncStatus } from './status.svelte';

export { syncStatus, type SyncState } from './status.svelte';
export type { UnsyncedRecord } from './service.svelte';
export type { SyncProgress } from './progress';

/** The app's sync service, bound to the device session and the status shown in the UI. */
export const sync = new SyncService(device, syncStatus, deviceStorage);
