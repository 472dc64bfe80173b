import { randomBytes } from 'node:crypto';
import {
	collectionSpec,
	migrateRecord,
	remoteDbName,
	residentsCsv,
	EXPORT_COLUMNS,
	type ExportRequest,
	type Household,
	type Resident
} from '../../../src/lib/domain/index.ts';
import type { CouchDoc, DocDb, Storage } from '../storage/index.ts';
import type { Audit } from './audit.ts';

/** One export, as the commune can look it up later: who, when, which rows and columns, why. */
export interface ExportEntry {
	id: string;
	commune: string;
	by: string;
	at: string;
	hamlet: string | null;
	/** `masked` or `full` ID and phone columns. */
	columns: ExportRequest['columns'];
	separator: ExportRequest['separator'];
	headers: readonly string[];
	rows: number;
	reason: string | null;
}

const PAGE = 1000;

/** Current documents of one database, page by page, tombstones and design documents left out. */
export async function* currentDocs(db: DocDb): AsyncGenerator<CouchDoc> {
	let startkey: string | undefined;
	for (;;) {
		const res = await db.allDocs({ limit: PAGE + 1, ...(startkey ? { startkey } : {}) });
		const rows = res.rows.slice(0, PAGE);
		for (const row of rows) {
			const doc = row.doc;
			if (doc && !doc._deleted && !doc._id.startsWith('_')) yield doc;
		}
		if (res.rows.length <= PAGE) return;
		startkey = res.rows[PAGE].key;
	}
}

/** Documents as the current schema version has them; old or unreadable versions are migrated or left out. */
async function records<T>(storage: Storage, commune: string, name: 'residents' | 'households') {
	const spec = collectionSpec(name)!;
	const out: T[] = [];
	for await (const doc of currentDocs(storage.db(remoteDbName(commune, name)))) {
		const { _id, _rev: _r, ...rest } = doc;
		try {
			out.push(migrateRecord(spec, { ...rest, id: _id }) as T);
		} catch {
			// A version this server cannot migrate is not exported rather than exported half-read.
		}
	}
	return out;
}

/**
 * Builds a residents CSV on the server, so every export is recorded: a log
 * entry with its columns and reason, and an append to the audit trail.
 */
export class Exports {
	constructor(
		private readonly storage: Storage,
		private readonly audit: Audit,
		private readonly log: DocDb,
		private readonly now: () => Date
	) {}

	async residents(
		commune: string,
		by: string,
		req: ExportRequest,
		hamletName: (id: string) => string
	): Promise<{ csv: string; entry: ExportEntry }> {
		const inHamlet = <R extends { hamlet: string }>(list: R[]) =>
			req.hamlet ? list.filter((r) => r.hamlet === req.hamlet) : list;
		const residents = inHamlet(await records<Resident>(this.storage, commune, 'residents'));
		const households = inHamlet(await records<Household>(this.storage, commune, 'households'));
		const csv = residentsCsv(residents, households, hamletName, req);
		const at = this.now().toISOString();
		const entry: ExportEntry = {
			id: `${commune}:${at}:${randomBytes(4).toString('hex')}`,
			commune,
			by,
			at,
			hamlet: req.hamlet ?? null,
			columns: req.columns,
			separator: req.separator,
			headers: EXPORT_COLUMNS,
			rows: residents.length,
			reason: req.reason ?? null
		};
		// Recorded before the file leaves: an export that is not on record never happened.
		const { rev } = await this.log.put({ ...entry, _id: entry.id });
		await this.audit.append({
			commune,
			collection: 'exports',
			by,
			at,
			writes: [{ docId: entry.id, rev, action: 'create' }]
		});
		return { csv, entry };
	}

	/** The commune's exports, newest first. */
	async list(commune: string, limit: number): Promise<ExportEntry[]> {
		const res = await this.log.allDocs({
			startkey: `${commune}:\uffff`,
			endkey: `${commune}:`,
			descending: true,
			limit
		});
		return res.rows.flatMap((r) => {
			if (!r.doc) return [];
			const { _id: _i, _rev: _r, ...entry } = r.doc;
			return [entry as unknown as ExportEntry];
		});
	}
}
