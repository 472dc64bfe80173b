import { randomBytes } from 'node:crypto';
import type { DocDb } from '../storage/index.ts';

export interface AuditEntry {
	commune: string;
	collection: string;
	docId: string;
	rev: string;
	action: 'create' | 'update' | 'delete';
	by: string;
	at: string;
}

interface AuditBatch {
	commune: string;
	collection: string;
	by: string;
	at: string;
	writes: { docId: string; rev: string; action: AuditEntry['action'] }[];
}

/**
 * Append-only log of who stored which revision when; only the server writes it.
 * One log document per accepted batch keeps a 500-document push to one extra write.
 */
export class Audit {
	constructor(private readonly db: DocDb) {}

	async append(batch: AuditBatch): Promise<void> {
		if (batch.writes.length === 0) return;
		// Ids sort by commune then time, so one commune's log is one key range.
		const _id = `${batch.commune}:${batch.at}:${randomBytes(6).toString('hex')}`;
		await this.db.bulkDocs([{ ...batch, _id }], true);
	}

	/** Newest first; `before` is an ISO time. */
	async list(commune: string, opts: { limit: number; before?: string }): Promise<AuditEntry[]> {
		const entries: AuditEntry[] = [];
		let startkey = opts.before ? `${commune}:${opts.before}` : `${commune}:\uffff`;
		while (entries.length < opts.limit) {
			const res = await this.db.allDocs({
				startkey,
				endkey: `${commune}:`,
				descending: true,
				limit: 50
			});
			for (const row of res.rows) {
				const b = row.doc as unknown as AuditBatch | undefined;
				if (!b) continue;
				for (const w of [...b.writes].reverse()) {
					entries.push({ commune: b.commune, collection: b.collection, by: b.by, at: b.at, ...w });
				}
			}
			if (res.rows.length < 50) break;
			startkey = res.rows.at(-1)!.key;
			res.rows.pop();
		}
		return entries.slice(0, opts.limit);
	}
}
