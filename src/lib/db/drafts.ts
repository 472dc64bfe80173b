import type { AppDatabase } from './database';
import { openLocal, readLocal, sealLocal, updateLocal, watchLocal } from './local';

/**
 * Form input not saved into its record yet, kept on the device so a step left
 * half-filled (or a closed app) loses nothing. Values are sealed: they hold
 * ID and phone numbers as typed. One local document holds every draft.
 */
const KEY = 'drafts';
/** A draft is form text, far below this; larger input is not kept rather than filling the disk. */
const MAX_SEALED_CHARS = 64_000;
const MAX_DRAFTS = 200;

export interface DraftInfo {
	key: string;
	/** What a person recognizes it by: the resident's name or the address. */
	label: string;
	/** The form it belongs to, e.g. `details`. */
	form: string;
	/** The record it will be saved into. */
	recordId: string;
	savedAt: string;
}
type Stored = DraftInfo & { sealed: string };
type Drafts = Record<string, Stored>;

export async function readDraft<T>(
	db: AppDatabase,
	key: string
): Promise<{ value: T; savedAt: string } | null> {
	const all = await readLocal<Drafts>(db, KEY, {});
	const d = Object.hasOwn(all, key) ? all[key] : undefined;
	if (!d) return null;
	try {
		return { value: openLocal<T>(db, d.sealed), savedAt: d.savedAt };
	} catch {
		return null;
	}
}

/** Returns false when the input is too large to keep. */
export async function writeDraft(
	db: AppDatabase,
	info: DraftInfo,
	value: unknown
): Promise<boolean> {
	const sealed = sealLocal(db, value);
	if (sealed.length > MAX_SEALED_CHARS) return false;
	await updateLocal<Drafts>(db, KEY, {}, (all) => {
		const next = { ...all, [info.key]: { ...info, sealed } };
		const keys = Object.keys(next);
		if (keys.length <= MAX_DRAFTS) return next;
		// The oldest beyond the cap goes; hundreds of unsaved forms mean they were abandoned long ago.
		keys.sort((a, b) => (next[a].savedAt < next[b].savedAt ? -1 : 1));
		for (const k of keys.slice(0, keys.length - MAX_DRAFTS)) delete next[k];
		return next;
	});
	return true;
}

export async function removeDraft(db: AppDatabase, key: string): Promise<void> {
	await updateLocal<Drafts>(db, KEY, {}, (all) => {
		if (!Object.hasOwn(all, key)) return all;
		const next = { ...all };
		delete next[key];
		return next;
	});
}

/** Calls back with every draft (without its values) now and after each change. */
export function watchDrafts(db: AppDatabase, onList: (list: DraftInfo[]) => void): () => void {
	return watchLocal<Drafts>(db, KEY, {}, (all) =>
		onList(Object.values(all).map(({ sealed: _sealed, ...info }) => info))
	);
}
