import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import PouchDB from 'pouchdb-node';
import { BAD_DOCUMENT, guardLevelDb } from './safe-leveldb.ts';
import type { DocDb, RepairReport } from './types.ts';

type Pouch = PouchDB.Database<Record<string, unknown>>;

export interface RepairDeps {
	dataDir: string;
	name: string;
	at: Date;
	/** Opens a database of the data directory (guarded). */
	open(name: string): Pouch;
	quarantine(): Promise<DocDb>;
}

/** A revision PouchDB can place in a history: positive generation, non-empty hash. */
const READABLE_REV = /^[1-9]\d{0,15}-(?!undefined$|null$)[^-]+$/;
/** Documents read at once while scanning. */
const CONCURRENCY = 32;
/** Filler documents reused to move the new database's sequence forward. */
const FILLERS = 500;

/**
 * Finds the documents of one embedded database that no reader can load, saves what can be
 * read of them in the quarantine database, and rebuilds the database without them. Every
 * other document keeps its revision tree and lands at a sequence at least its old one, so a
 * device's `since` checkpoint still sees every later change. The old files are kept aside.
 */
export async function repairEmbedded(d: RepairDeps): Promise<RepairReport> {
	const src = d.open(d.name);
	const bad: RepairReport['quarantined'] = [];
	let checked = 0;
	try {
		const rows = (await src.allDocs({ deleted: 'ok' } as PouchDB.Core.AllDocsOptions)).rows;
		checked = rows.length;
		for (let i = 0; i < rows.length; i += CONCURRENCY) {
			await Promise.all(
				rows.slice(i, i + CONCURRENCY).map(async ({ id, value }) => {
					const reason = await unreadable(src, id, value.rev);
					if (reason) bad.push({ id, rev: value.rev, reason });
				})
			);
		}
		if (bad.length === 0) return { checked, quarantined: [] };
		const quarantine = await d.quarantine();
		for (const b of bad) {
			const leaves = await src
				.get(b.id, { open_revs: 'all', revs: true } as PouchDB.Core.GetOptions)
				.catch(() => []);
			const at = d.at.toISOString();
			await quarantine.put({
				_id: `${d.name}:${b.id}:${at}`,
				db: d.name,
				docId: b.id,
				rev: b.rev,
				reason: b.reason,
				at,
				readable: (leaves as unknown as { ok?: unknown }[]).flatMap((l) => (l.ok ? [l.ok] : []))
			});
		}
		await rebuild(d, src, new Set(bad.map((b) => b.id)));
		return { checked, quarantined: bad };
	} finally {
		await src.close().catch(() => undefined);
	}
}

async function unreadable(db: Pouch, id: string, rev: string): Promise<string | null> {
	if (!READABLE_REV.test(rev)) return `malformed winning revision ${JSON.stringify(rev)}`;
	try {
		await db.get(id, { rev });
		return null;
	} catch {
		return `winning revision ${rev} has no body`;
	}
}

async function rebuild(d: RepairDeps, src: Pouch, skip: ReadonlySet<string>): Promise<void> {
	const scratch = mkdtempSync(join(d.dataDir, '_internal', 'repair-'));
	const Scratch = PouchDB.defaults({ prefix: scratch + '/' });
	const dst = new Scratch(d.name) as Pouch;
	guardLevelDb(dst as never, () => undefined);
	try {
		const feed = await src.changes({ since: 0, style: 'all_docs' });
		const fill = fillers(dst);
		for (const row of feed.results) {
			if ((row as unknown as Record<string, unknown>)[BAD_DOCUMENT] || skip.has(row.id)) continue;
			await fill.upTo(Number(row.seq) - 1);
			const leaves = (await src.get(row.id, {
				open_revs: 'all',
				revs: true,
				attachments: true
			} as PouchDB.Core.GetOptions)) as unknown as { ok?: Record<string, unknown> }[];
			const docs = leaves.flatMap((l) => (l.ok ? [l.ok] : []));
			await dst.bulkDocs(docs as PouchDB.Core.PutDocument<Record<string, unknown>>[], {
				new_edits: false
			});
			await fill.sync();
		}
		await fill.upTo(Number((await src.info()).update_seq));
		await fill.remove();
	} finally {
		await dst.close();
	}
	await src.close();
	const aside = join(d.dataDir, '_internal', 'quarantined-dbs');
	mkdirSync(aside, { recursive: true });
	renameSync(
		join(d.dataDir, d.name),
		join(aside, `${d.name}-${d.at.toISOString().replace(/[:.]/g, '')}`)
	);
	renameSync(join(scratch, d.name), join(d.dataDir, d.name));
	rmSync(scratch, { recursive: true, force: true });
}

/** Moves a database's sequence forward with writes to a small pool of filler documents. */
function fillers(db: Pouch) {
	const revs = new Map<string, string>();
	let seq = 0;
	return {
		async sync() {
			seq = Number((await db.info()).update_seq);
		},
		async upTo(target: number) {
			while (seq < target) {
				const n = Math.min(target - seq, FILLERS);
				const docs = Array.from({ length: n }, (_, i) => {
					const _id = `tramso-repair-filler-${i}`;
					const _rev = revs.get(_id);
					return _rev ? { _id, _rev } : { _id };
				});
				const res = await db.bulkDocs(docs);
				for (const r of res) if ('rev' in r && r.rev) revs.set(r.id!, r.rev);
				await this.sync();
			}
		},
		async remove() {
			if (revs.size === 0) return;
			await db.bulkDocs([...revs].map(([_id, _rev]) => ({ _id, _rev, _deleted: true })));
		}
	};
}
