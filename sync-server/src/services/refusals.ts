import { decodeReason, type Bilingual } from '../../../src/lib/domain/index.ts';
import type { DocDb } from '../storage/index.ts';
import { isStorageError } from '../storage/index.ts';

/** Kept per user: the phone holds every refused record itself; the office needs the latest. */
export const REFUSALS_PER_USER = 50;
const REASON_CHARS = 300;

export interface RefusalEntry {
	collection: string;
	id: string;
	by: string;
	at: string;
	reason: Bilingual;
}

/**
 * What the server refused from each user's phone, for the office's queue of records that need a
 * person. One document per user of a commune holds their latest refusals, so a device sending
 * any number of bad documents keeps the log bounded (users × `REFUSALS_PER_USER` entries).
 */
export class RefusalLog {
	constructor(private readonly db: DocDb) {}

	async record(
		commune: string,
		by: string,
		refused: readonly { collection: string; id: string; reason: string }[],
		at: string,
		retries = 3
	): Promise<void> {
		if (refused.length === 0) return;
		const _id = `${commune}:${by}`;
		const prev = await this.db.getOrNull(_id);
		// Newest first; within a batch the later documents count as newer.
		const entries: RefusalEntry[] = [
			...[...refused].reverse().map((r) => {
				const reason = decodeReason(r.reason);
				return {
					collection: r.collection,
					id: r.id.slice(0, 200),
					by,
					at,
					reason: { vi: reason.vi.slice(0, REASON_CHARS), en: reason.en.slice(0, REASON_CHARS) }
				};
			}),
			...((Array.isArray(prev?.entries) ? prev.entries : []) as RefusalEntry[])
		];
		// The same record refused again keeps its latest reason only.
		const seen = new Set<string>();
		const kept = entries
			.filter((e) => {
				const key = `${e.collection}/${e.id}`;
				if (seen.has(key)) return false;
				seen.add(key);
				return true;
			})
			.slice(0, REFUSALS_PER_USER);
		try {
			await this.db.put({ ...(prev ?? { _id }), commune, entries: kept });
		} catch (err) {
			// Another gateway wrote the same user's log at the same moment: read and add again.
			if (isStorageError(err) && err.status === 409 && retries > 0)
				return this.record(commune, by, refused, at, retries - 1);
			throw err;
		}
	}

	/** A record the phone sent again and the server took is no longer waiting. */
	async clear(commune: string, by: string, taken: readonly { collection: string; id: string }[]) {
		if (taken.length === 0) return;
		const prev = await this.db.getOrNull(`${commune}:${by}`);
		const entries = (Array.isArray(prev?.entries) ? prev.entries : []) as RefusalEntry[];
		const done = new Set(taken.map((t) => `${t.collection}/${t.id}`));
		const kept = entries.filter((e) => !done.has(`${e.collection}/${e.id}`));
		if (!prev || kept.length === entries.length) return;
		await this.db.put({ ...prev, entries: kept }).catch((err: unknown) => {
			// A concurrent write keeps the entry until the next accepted send clears it.
			if (!(isStorageError(err) && err.status === 409)) throw err;
		});
	}

	/** Newest first, every user of the commune. */
	async list(commune: string): Promise<RefusalEntry[]> {
		const res = await this.db.allDocs({ startkey: `${commune}:`, endkey: `${commune}:\uffff` });
		return res.rows
			.flatMap((r) => (Array.isArray(r.doc?.entries) ? (r.doc.entries as RefusalEntry[]) : []))
			.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
	}
}
