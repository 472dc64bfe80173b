import { randomBytes } from 'node:crypto';
import { dossierPhotoHashes, photosDbName } from '../../../src/lib/domain/dossier/index.ts';
import {
	remoteDbName,
	rightsDeadline,
	type ErasureReport,
	type RightsRequest,
	type RightsRequestInput
} from '../../../src/lib/domain/index.ts';
import type { CouchDoc, DocDb, Storage } from '../storage/index.ts';
import type { Audit, AuditListEntry } from './audit.ts';
import { CouchError, notFound } from './errors.ts';
import { currentDocs } from './exports.ts';

/** Everything the server holds about one resident, as the access right asks for it. */
export interface SubjectData {
	resident: Record<string, unknown>;
	/** Their household's address and hamlet (the other members' data is theirs, not in here). */
	household: { id: string; hamlet: string; houseNumber: unknown; street: unknown } | null;
	dossiers: Record<string, unknown>[];
	/** The photos of those dossiers, by hash; the official downloads them through the dossier. */
	photos: { dossier: string; hash: string }[];
	/** Who wrote these records when, from the audit log (newest first, at most 500). */
	history: AuditListEntry[];
	exportedAt: string;
	exportedBy: string;
}

const MAX_REQUESTS = 1_000;
const MAX_HISTORY = 500;

const body = (doc: CouchDoc) => {
	const { _id, _rev: _r, _revisions: _v, _conflicts: _c, _attachments: _a, ...rest } = doc;
	return { id: _id, ...rest };
};

/**
 * The data rights of residents: the access export, the erasure that reaches every device, and
 * the log of requests with their deadlines. Every step is audited, without the resident's data.
 */
export class DataRights {
	constructor(
		private readonly storage: Storage,
		private readonly audit: Audit,
		private readonly requestsDb: DocDb,
		private readonly now: () => Date
	) {}

	private db(commune: string, name: 'residents' | 'households' | 'dossiers') {
		return this.storage.db(remoteDbName(commune, name));
	}

	private async liveResident(commune: string, id: string) {
		const doc = await this.db(commune, 'residents').getCurrent(id);
		if (!doc || doc._deleted || doc.commune !== commune) throw notFound();
		return doc;
	}

	private async dossiersOf(commune: string, residentId: string) {
		const out: CouchDoc[] = [];
		for await (const d of currentDocs(this.db(commune, 'dossiers'))) {
			if (Array.isArray(d.residentIds) && d.residentIds.includes(residentId)) out.push(d);
		}
		return out;
	}

	async subject(commune: string, residentId: string, by: string): Promise<SubjectData> {
		const resident = await this.liveResident(commune, residentId);
		const hh =
			typeof resident.householdId === 'string'
				? await this.db(commune, 'households').getOrNull(resident.householdId)
				: null;
		const dossiers = await this.dossiersOf(commune, residentId);
		const ids = new Set([residentId, ...dossiers.map((d) => d._id)]);
		const history: AuditListEntry[] = [];
		for (const record of ids) {
			let cursor: string | undefined;
			do {
				const page = await this.audit.list(commune, { limit: 100, cursor, filter: { record } });
				history.push(...page.entries);
				cursor = page.next ?? undefined;
			} while (cursor && history.length < MAX_HISTORY);
		}
		history.sort((a, b) => b.at.localeCompare(a.at));
		const exportedAt = this.now().toISOString();
		await this.audit.record({
			commune,
			action: 'rights.export',
			by,
			at: exportedAt,
			subject: residentId,
			details: { dossiers: dossiers.length }
		});
		return {
			resident: body(resident),
			household: hh
				? {
						id: hh._id,
						hamlet: String(hh.hamlet),
						houseNumber: hh.houseNumber ?? null,
						street: hh.street ?? null
					}
				: null,
			dossiers: dossiers.map(body),
			photos: dossiers.flatMap((d) =>
				[...dossierPhotoHashes(d as never)].map((hash) => ({ dossier: d._id, hash }))
			),
			history: history.slice(0, MAX_HISTORY),
			exportedAt,
			exportedBy: by
		};
	}

	/**
	 * Deletes the resident, the dossiers about them alone with their photos, and their household
	 * when nobody else lives in it. Each becomes a tombstone that keeps only its scope (so the
	 * deletion reaches the phones of the hamlet at their next sync) and `erasedAt` (so no phone
	 * can write the record back); conflicting revisions are deleted too, and the databases
	 * compacted, so no older revision keeps the data.
	 */
	async erase(
		commune: string,
		residentId: string,
		o: { by: string; reason: string; request?: string }
	): Promise<ErasureReport> {
		const resident = await this.liveResident(commune, residentId);
		if (o.request) await this.request(commune, o.request);
		const at = this.now().toISOString();
		const dossiers = await this.dossiersOf(commune, residentId);
		const alone = dossiers.filter((d) =>
			(d.residentIds as unknown[]).every((r) => r === residentId)
		);
		const kept = dossiers.filter((d) => !alone.includes(d)).map((d) => d._id);

		let household: CouchDoc | null = null;
		if (typeof resident.householdId === 'string') {
			household = await this.db(commune, 'households').getOrNull(resident.householdId);
			for await (const r of currentDocs(this.db(commune, 'residents'))) {
				if (r._id !== residentId && r.householdId === resident.householdId) {
					household = null;
					break;
				}
			}
		}

		await this.tombstone(this.db(commune, 'residents'), [resident], o.by, at);
		if (household) await this.tombstone(this.db(commune, 'households'), [household], o.by, at);
		let photos = 0;
		if (alone.length) {
			await this.tombstone(this.db(commune, 'dossiers'), alone, o.by, at);
			const photoDb = this.storage.db(photosDbName(commune));
			for (const d of alone) {
				const rows = await photoDb.allDocs({ startkey: `${d._id}:`, endkey: `${d._id}:\uffff` });
				const live = rows.rows.filter((r) => r.value && !r.value.deleted);
				if (!live.length) continue;
				await photoDb.bulkDocs(
					live.map((r) => ({ _id: r.key, _rev: r.value!.rev, _deleted: true })),
					true
				);
				photos += live.length;
			}
			await photoDb.compact();
		}
		// Only the databases written: compaction rewrites a whole commune's database.
		const touched = [
			'residents',
			...(household ? ['households' as const] : []),
			...(alone.length ? ['dossiers' as const] : [])
		] as const;
		await Promise.all(touched.map((n) => this.db(commune, n).compact()));

		const report: ErasureReport = {
			residentId,
			erasedAt: at,
			removed: {
				residents: 1,
				households: household ? 1 : 0,
				dossiers: alone.length,
				photos
			},
			keptDossiers: kept
		};
		await this.audit.record({
			commune,
			action: 'rights.erase',
			by: o.by,
			at,
			subject: residentId,
			details: {
				reason: o.reason,
				dossiers: alone.map((d) => d._id),
				keptDossiers: kept,
				household: household?._id ?? null,
				photos,
				request: o.request ?? null
			}
		});
		if (o.request) {
			await this.close(commune, o.request, {
				by: o.by,
				outcome: 'done',
				note: `erased ${at}`
			});
		}
		return report;
	}

	private async tombstone(db: DocDb, docs: CouchDoc[], by: string, at: string): Promise<void> {
		const stones: CouchDoc[] = [];
		for (const doc of docs) {
			const withConflicts = (await db.get(doc._id, { conflicts: true })) as CouchDoc & {
				_conflicts?: string[];
			};
			const scope = {
				commune: doc.commune,
				hamlet: doc.hamlet,
				createdBy: doc.createdBy,
				updatedBy: by,
				updatedAt: at,
				erasedAt: at
			};
			stones.push({ _id: doc._id, _rev: doc._rev, _deleted: true, ...scope });
			for (const rev of withConflicts._conflicts ?? []) {
				stones.push({ _id: doc._id, _rev: rev, _deleted: true, ...scope });
			}
		}
		const results = await db.bulkDocs(stones, true);
		const failed = results.find((r) => 'error' in r);
		// A phone's write crossed the erasure: nothing half-done is reported as done.
		if (failed && 'error' in failed) {
			throw new CouchError(409, 'conflict', `record changed during the erasure; try again`);
		}
	}

	async addRequest(commune: string, input: RightsRequestInput, by: string) {
		await this.liveResident(commune, input.residentId).catch((err: unknown) => {
			// A request about an erased or unknown resident is still logged: the office must answer.
			if (!(err instanceof CouchError && err.status === 404)) throw err;
		});
		const existing = await this.listRequests(commune);
		if (existing.length >= MAX_REQUESTS) {
			throw new CouchError(409, 'conflict', `at most ${MAX_REQUESTS} requests per commune`);
		}
		const receivedAt = input.receivedAt
			? new Date(input.receivedAt).toISOString()
			: this.now().toISOString();
		const request: RightsRequest = {
			id: randomBytes(8).toString('hex'),
			commune,
			residentId: input.residentId,
			kind: input.kind,
			receivedAt,
			deadline: rightsDeadline(receivedAt),
			note: input.note,
			loggedBy: by,
			closed: null
		};
		await this.requestsDb.put({ _id: `${commune}:${request.id}`, ...request });
		await this.audit.record({
			commune,
			action: 'rights.request',
			by,
			subject: input.residentId,
			details: { request: request.id, kind: input.kind, deadline: request.deadline }
		});
		return request;
	}

	async listRequests(commune: string): Promise<RightsRequest[]> {
		const res = await this.requestsDb.allDocs({
			startkey: `${commune}:`,
			endkey: `${commune}:\uffff`,
			limit: MAX_REQUESTS
		});
		return res.rows
			.flatMap((r) => (r.doc ? [body(r.doc) as unknown as RightsRequest] : []))
			.sort((a, b) => a.deadline.localeCompare(b.deadline));
	}

	private async request(commune: string, id: string) {
		const doc = await this.requestsDb.getOrNull(`${commune}:${id}`);
		if (!doc) throw notFound();
		return doc;
	}

	async close(
		commune: string,
		id: string,
		o: { by: string; outcome: 'done' | 'refused'; note: string }
	): Promise<RightsRequest> {
		const doc = await this.request(commune, id);
		if (doc.closed) throw new CouchError(409, 'conflict', 'request already answered');
		const closed = { at: this.now().toISOString(), by: o.by, outcome: o.outcome, note: o.note };
		await this.requestsDb.put({ ...doc, closed });
		await this.audit.record({
			commune,
			action: 'rights.close',
			by: o.by,
			subject: String(doc.residentId),
			details: { request: id, outcome: o.outcome }
		});
		return { ...(body(doc) as unknown as RightsRequest), closed };
	}
}
