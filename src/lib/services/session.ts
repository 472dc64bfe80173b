import type { PublicUser } from '$domain/directory';
import type { AppDatabase } from '$lib/db';
import { device } from '$lib/device/device.svelte';

/** What the feature pages read of the device session (owned by `$lib/device`). */
export interface SessionView {
	readonly phase: string;
	readonly db: AppDatabase | null;
	readonly user: PublicUser | null;
	readonly token: string | null;
}

export const appSession: SessionView = device;
