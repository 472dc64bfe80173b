import {
	collections,
	remoteDbName,
	type CollectionName,
	type Hamlet
} from '../../../src/lib/domain/index.ts';
import type { Directory } from '../directory/directory.ts';
import type { CouchDoc, DocDb, Storage } from '../storage/index.ts';
import type { Audit } from './audit.ts';
import type { Moves } from './moves.ts';

/** The collections whose records belong to a hamlet (heartbeats belong to their device). */
const HAMLET_COLLECTIONS = (Object.keys(collections) as CollectionName[]).filter(
	(name) => collections[name].access === 'hamlet'
);

/** Records written per batch: a commune's hamlet holds a few thousand. */
const BATCH = 500;
const PAGE = 1_000;

export type MergeCounts = Partial<Record<CollectionName, number>>;

export interface MergeResult {
	hamlet: Hamlet;
	/** Records moved, by collection. */
	moved: MergeCounts;
	/** Users who served the merged hamlet and now serve the other. */
	users: string[];
}

/**
 * Merging hamlets (2025 reform: hamlets are merged across the country). Every record of the
 * hamlet gets a new revision in the other, so the phones of its volunteers, who now serve the
 * other, receive them; phones of anyone who served only the old one are told the records left.
 * A phone that wrote into the old hamlet afterwards (offline during the merge) is accepted, and
 * its record is moved on arrival (`moveArrived`): nothing it held is lost or refused.
 */
export class HamletMerges {
	constructor(
		private readonly storage: Storage,
		private readonly directory: Directory,
		private readonly audit: Audit,
		private readonly moves: Moves,
		private readonly now: () => Date
	) {}

	/** What a merge would move, for the office's preview. */
	async preview(commune: string, from: string, into: string, on: string) {
		const { serving } = await this.directory.checkMerge(commune, from, into, on);
		const records: MergeCounts = {};
		for (const name of HAMLET_COLLECTIONS) {
			records[name] = (await this.liveIn(this.db(commune, name), from)).length;
		}
		return { records, users: serving.map((u) => u.username) };
	}

	async merge(o: {
		commune: string;
		from: string;
		into: string;
		on: string;
		by: string;
	}): Promise<MergeResult> {
		const { hamlet, users } = await this.directory.mergeHamlet(o);
		const moved: MergeCounts = {};
		for (const name of HAMLET_COLLECTIONS) {
			const db = this.db(o.commune, name);
			moved[name] = await this.moveDocs(o.commune, name, db, await this.liveIn(db, o.from), {
				into: o.into,
				by: o.by
			});
		}
		await this.audit.record({
			commune: o.commune,
			action: 'hamlet.merge',
			by: o.by,
			subject: o.from,
			details: {
				into: o.into,
				on: o.on,
				users,
				...Object.fromEntries(Object.entries(moved).map(([k, n]) => [`moved.${k}`, n ?? 0]))
			}
		});
		return { hamlet, moved, users };
	}

	/**
	 * Records that reached a merged hamlet after its merge (written by a phone that did not know
	 * yet) move on to the hamlet it became, in the name of the official who merged it.
	 */
	async moveArrived(commune: string, name: string, ids: readonly string[]): Promise<void> {
		if (ids.length === 0 || !HAMLET_COLLECTIONS.includes(name as CollectionName)) return;
		const mergedInto = await this.directory.mergedInto(commune);
		const db = this.db(commune, name as CollectionName);
		const docs = (await db.getCurrentMany(ids)).filter(
			(d): d is CouchDoc => !!d && !d._deleted && mergedInto.has(String(d.hamlet))
		);
		const hamlets = new Map((await this.directory.listHamlets(commune)).map((h) => [h.id, h]));
		const byTarget = new Map<string, CouchDoc[]>();
		for (const d of docs) {
			const into = mergedInto.get(String(d.hamlet))!;
			byTarget.set(into, [...(byTarget.get(into) ?? []), d]);
		}
		for (const [into, group] of byTarget) {
			const by = hamlets.get(String(group[0].hamlet))?.mergedBy;
			if (by) await this.moveDocs(commune, name as CollectionName, db, group, { into, by });
		}
	}

	private db(commune: string, name: CollectionName): DocDb {
		return this.storage.db(remoteDbName(commune, name));
	}

	/** Read in pages: a commune's database is too large to hold whole. */
	private async liveIn(db: DocDb, hamlet: string): Promise<CouchDoc[]> {
		const out: CouchDoc[] = [];
		let startkey: string | undefined;
		for (;;) {
			const res = await db.allDocs({ limit: PAGE, ...(startkey ? { startkey } : {}) });
			for (const r of res.rows) {
				if (r.doc && !r.doc._deleted && r.doc.hamlet === hamlet) out.push(r.doc);
			}
			if (res.rows.length < PAGE) return out;
			startkey = `${res.rows.at(-1)!.key}\u0000`;
		}
	}

	/** New revisions in `into`; a record a phone changed meanwhile is read again and moved. */
	private async moveDocs(
		commune: string,
		name: CollectionName,
		db: DocDb,
		docs: CouchDoc[],
		o: { into: string; by: string },
		retries = 3
	): Promise<number> {
		let moved = 0;
		for (let i = 0; i < docs.length; i += BATCH) {
			const batch = docs.slice(i, i + BATCH);
			const at = this.now().toISOString();
			// Recorded before the write, as for a phone's move: a waiting longpoll must already know.
			await this.moves.record(
				db.name,
				batch.map((d) => ({ docId: d._id, from: String(d.hamlet) }))
			);
			const results = await db.bulkDocs(
				batch.map((d) => ({ ...d, hamlet: o.into, updatedAt: at, updatedBy: o.by })),
				true
			);
			const writes: { docId: string; rev: string; action: 'update' }[] = [];
			const again: string[] = [];
			results.forEach((r, j) => {
				if ('ok' in r) writes.push({ docId: r.id, rev: r.rev, action: 'update' });
				else again.push(batch[j]._id);
			});
			moved += writes.length;
			await this.audit.append({ commune, collection: name, by: o.by, at, writes });
			if (again.length && retries > 0) {
				const was = new Map(batch.map((d) => [d._id, d.hamlet]));
				// Still where it was: a phone that moved it elsewhere meanwhile has the last word.
				const fresh = (await db.getCurrentMany(again)).filter(
					(d): d is CouchDoc => !!d && !d._deleted && d.hamlet === was.get(d._id)
				);
				moved += await this.moveDocs(commune, name, db, fresh, o, retries - 1);
			}
		}
		return moved;
	}
}
