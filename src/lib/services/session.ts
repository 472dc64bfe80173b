import type { Place, PublicUser } from '$domain/directory';
import type { CollectionAccount } from '$domain/dossier';
import type { AppDatabase } from '$lib/db';
import { device } from '$lib/device/device.svelte';

/** What the feature pages read of the device session (owned by `$lib/device`). */
export interface SessionView {
	readonly phase: string;
	readonly db: AppDatabase | null;
	readonly user: PublicUser | null;
	readonly token: string | null;
	readonly baseUrl: string;
	/** Hamlet id → name for the user's commune. */
	readonly hamletNames: Readonly<Record<string, string>>;
	/** Username → display name in the commune. */
	readonly people: Readonly<Record<string, string>>;
	readonly feeAccount: CollectionAccount | null;
	/** The commune's and province's names, for printed reports; null before a session brought them. */
	readonly place: Place | null;
	/** Reads the commune's names and fee account again from the server; false offline. */
	refresh(): Promise<boolean>;
}

export const appSession: SessionView = device;

/** A hamlet's name for screens and receipts; its id only if the session never named it. */
export function hamletName(id: string): string {
	return appSession.hamletNames[id] ?? id;
}

/** A colleague's name for screens; the username only if the session never named them. */
export function personName(username: string): string {
	return appSession.people[username] ?? username;
}
