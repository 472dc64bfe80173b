import { readDraft, removeDraft, writeDraft, type AppDatabase, type DraftInfo } from '$lib/db';
import { localIso } from './context';

/** How long typing pauses before the draft is written; a crash loses at most this much. */
export const DRAFT_DEBOUNCE_MS = 400;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The input of one form, kept on the device as it is typed. The form starts
 * from the saved record, or from a draft left there earlier; saving the
 * record removes the draft.
 */
export class FormDraft<T extends object> {
	/** When the form was restored from a draft: the time it was last written. */
	restoredAt = $state<string | null>(null);
	/** What the record holds; reactive so a form's "unsaved" state clears once it is saved. */
	#saved = $state.raw<T>() as T;
	#loaded = false;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#pending: T | null = null;

	constructor(
		private readonly db: AppDatabase,
		private readonly info: Omit<DraftInfo, 'savedAt'>,
		saved: T,
		private readonly now: () => Date
	) {
		this.#saved = structuredClone(saved);
	}

	get key(): string {
		return this.info.key;
	}

	/** The draft left on the device, if it differs from what is saved; null otherwise. */
	async load(): Promise<T | null> {
		const d = await readDraft<T>(this.db, this.info.key);
		this.#loaded = true;
		if (!d || same(d.value, this.#saved)) return null;
		this.restoredAt = d.savedAt;
		return d.value;
	}

	isDirty(value: T): boolean {
		return !same(value, this.#saved);
	}

	/** Call on every change of the input; writes after a pause, or removes the draft when it matches the record. */
	changed(value: T): void {
		if (!this.#loaded) return;
		this.#pending = structuredClone(value);
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.flush(), DRAFT_DEBOUNCE_MS);
	}

	/** Writes what is pending now (leaving the step, the app going to the background). */
	async flush(): Promise<void> {
		clearTimeout(this.#timer);
		const value = this.#pending;
		this.#pending = null;
		if (!value || this.db.closed) return;
		if (same(value, this.#saved)) {
			await removeDraft(this.db, this.info.key);
			return;
		}
		await writeDraft(this.db, { ...this.info, savedAt: localIso(this.now()) }, value);
	}

	/** The record was saved with `value`: it becomes the new starting point, the draft goes. */
	async saved(value: T): Promise<void> {
		clearTimeout(this.#timer);
		this.#pending = null;
		this.#saved = structuredClone(value);
		this.restoredAt = null;
		if (!this.db.closed) await removeDraft(this.db, this.info.key);
	}

	/** Throws the typed input away; returns the saved values to show again. */
	async discard(): Promise<T> {
		await this.saved(this.#saved);
		return structuredClone(this.#saved);
	}
}

/** Throws away every unsaved input of a record (its consent was withdrawn, or it was removed). */
export async function discardDraftsOf(
	db: AppDatabase,
	drafts: readonly DraftInfo[],
	recordId: string
) {
	for (const d of drafts) if (d.recordId === recordId) await removeDraft(db, d.key);
}
