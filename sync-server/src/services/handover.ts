import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
	bytesToBase64,
	collectionSpec,
	decodeReason,
	handoverLabel,
	openHandover,
	parseHandover,
	parseRemoteDbName,
	remoteDbName,
	serverKeyId,
	type CollectionName,
	type HandoverPayload,
	type HandoverProblem,
	type HandoverReport,
	type HandoverReportRow
} from '../../../src/lib/domain/index.ts';
import { photoParentCollection } from '../../../src/lib/domain/dossier/index.ts';
import type { Directory, StoredUser } from '../directory/directory.ts';
import type { DocDb, Storage } from '../storage/index.ts';
import type { Audit } from './audit.ts';
import { toActor } from './auth.ts';
import { CouchError } from './errors.ts';
import type { Moves } from './moves.ts';
import type { Photos } from './photos.ts';
import type { ReadBudget } from './read-budget.ts';
import { writeDocs, type ReplicationContext } from './replication/index.ts';

const KEY_FILE = 'handover-key.json';
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

/**
 * The server's ECDH key pair for handover files. The private key lives in a file of the data
 * directory, created on first start (0600), in COUCHDB_URL mode too: it never goes into a
 * database a CouchDB admin or a backup of the records could read. Several servers in front of
 * one CouchDB each have their own key, so a file is imported on the server its device synced with.
 */
export async function loadServerKey(
	dataDir: string
): Promise<{ publicKey: string; privateKey: CryptoKey; id: string }> {
	const path = join(dataDir, KEY_FILE);
	const subtle = globalThis.crypto.subtle;
	if (!existsSync(path)) {
		const pair = (await subtle.generateKey(ECDH, true, ['deriveBits'])) as CryptoKeyPair;
		const jwk = await subtle.exportKey('jwk', pair.privateKey);
		mkdirSync(dataDir, { recursive: true });
		// 'wx': two servers starting at once never overwrite each other's key.
		try {
			writeFileSync(path, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
		}
	}
	const jwk = JSON.parse(readFileSync(path, 'utf8')) as JsonWebKey;
	const privateKey = await subtle.importKey('jwk', jwk, ECDH, false, ['deriveBits']);
	const { d: _d, ...pub } = jwk;
	const publicCrypto = await subtle.importKey('jwk', { ...pub, key_ops: [] }, ECDH, true, []);
	const publicKey = bytesToBase64(new Uint8Array(await subtle.exportKey('spki', publicCrypto)));
	return { publicKey, privateKey, id: await serverKeyId(publicKey) };
}

export interface HandoverDeps {
	storage: Storage;
	directory: Directory;
	audit: Audit;
	moves: Moves;
	reads: ReadBudget;
	photos: Photos;
	now: () => Date;
	recordChecks?: ReplicationContext['recordChecks'];
	merges?: ReplicationContext['merges'];
	refusals?: ReplicationContext['refusals'];
}

export class HandoverRefusal extends Error {
	constructor(readonly problem: HandoverProblem) {
		super(problem);
	}
}

const deviceDocId = (username: string, deviceId: string) => `device:${username}:${deviceId}`;

/** Device signing keys registered while online, and the handover files already imported. */
export class Handover {
	constructor(
		private readonly db: DocDb,
		private readonly key: { publicKey: string; privateKey: CryptoKey; id: string },
		private readonly deps: HandoverDeps
	) {}

	get publicKey(): string {
		return this.key.publicKey;
	}

	/** The device's signing key for this user; a newer key of the same device replaces it. */
	async registerDevice(username: string, deviceId: string, publicKey: string): Promise<void> {
		const _id = deviceDocId(username, deviceId);
		for (let attempt = 0; attempt < 3; attempt++) {
			const prev = await this.db.getOrNull(_id);
			if (prev?.publicKey === publicKey) return;
			const doc = {
				_id,
				...(prev?._rev ? { _rev: prev._rev } : {}),
				username,
				deviceId,
				publicKey,
				registeredAt: this.deps.now().toISOString()
			};
			try {
				await this.db.put(doc);
				return;
			} catch (err) {
				if ((err as { status?: number }).status !== 409) throw err;
			}
		}
		throw new CouchError(409, 'conflict', 'device key changed meanwhile; retry');
	}

	/**
	 * Imports a handover file on behalf of an official of `commune`. Every record goes through
	 * the replication write path with the author's scope; a revision the server already holds
	 * is "already there", one made on a base the server has moved past is left to the device's
	 * next sync, which merges it.
	 */
	async import(official: StoredUser, commune: string, text: string): Promise<HandoverReport> {
		const parsed = parseHandover(text);
		if (!parsed.ok) throw new HandoverRefusal(parsed.problem);
		const { header } = parsed.value;
		if (header.server !== this.key.id) throw new HandoverRefusal('otherServer');
		if (header.commune !== commune) throw new HandoverRefusal('commune');
		const author = await this.deps.directory.user(header.author);
		if (!author || author.disabled || author.commune !== commune || author.role === 'admin') {
			throw new HandoverRefusal('author');
		}
		const device = await this.db.getOrNull(deviceDocId(header.author, header.deviceId));
		if (!device || typeof device.publicKey !== 'string') throw new HandoverRefusal('device');
		const opened = await openHandover(parsed.value, device.publicKey, this.key.privateKey);
		if (!opened.ok) throw new HandoverRefusal(opened.problem);

		const seen = await this.db.getOrNull(`file:${header.fileId}`);
		if (seen) return { ...(seen.report as HandoverReport), replayed: true };

		const rows = [
			...(await this.#records(author, commune, opened.value.records)),
			...(await this.#photos(author, commune, opened.value.photos))
		];
		const report: HandoverReport = {
			fileId: header.fileId,
			author: header.author,
			deviceId: header.deviceId,
			createdAt: header.createdAt,
			replayed: false,
			rows
		};
		const count = (o: string) => rows.filter((r) => r.outcome === o).length;
		await this.deps.audit.record({
			commune,
			action: 'handover.import',
			by: official.username,
			details: {
				fileId: header.fileId,
				author: header.author,
				deviceId: header.deviceId,
				accepted: count('accepted'),
				already: count('already'),
				conflict: count('conflict'),
				refused: count('refused')
			}
		});
		try {
			await this.db.put({
				_id: `file:${header.fileId}`,
				importedBy: official.username,
				importedAt: this.deps.now().toISOString(),
				report
			});
		} catch (err) {
			// Imported twice at once: both wrote the same revisions, which changes nothing.
			if ((err as { status?: number }).status !== 409) throw err;
		}
		return report;
	}

	async #records(
		author: StoredUser,
		commune: string,
		records: HandoverPayload['records']
	): Promise<HandoverReportRow[]> {
		const rows: HandoverReportRow[] = [];
		const byCollection = new Map<string, Record<string, unknown>[]>();
		for (const { collection, doc } of records) {
			const list = byCollection.get(collection) ?? [];
			list.push(doc);
			byCollection.set(collection, list);
		}
		const hamlets = await this.deps.directory.hamletIds(commune);
		const mergedInto = await this.deps.directory.mergedInto(commune);
		for (const [collection, docs] of byCollection) {
			const name = remoteDbName(commune, collection as CollectionName);
			const spec = collectionSpec(collection);
			const row = (
				doc: Record<string, unknown>,
				extra: Pick<HandoverReportRow, 'outcome' | 'reason'>
			): HandoverReportRow => {
				const id = typeof doc._id === 'string' ? doc._id : '';
				return { kind: 'record', collection, id, label: handoverLabel(doc, id), ...extra };
			};
			if (!spec || !parseRemoteDbName(name)) {
				const reason = { vi: 'Loại hồ sơ không có', en: 'No such collection' };
				for (const doc of docs) rows.push(row(doc, { outcome: 'refused', reason }));
				continue;
			}
			const db = this.deps.storage.db(name);
			const ctx: ReplicationContext = {
				actor: toActor(author),
				audit: this.deps.audit,
				moves: this.deps.moves,
				reads: this.deps.reads,
				now: this.deps.now,
				recordChecks: this.deps.recordChecks,
				merges: this.deps.merges,
				refusals: this.deps.refusals,
				target: { db, name, commune, collection, spec, hamlets, mergedInto }
			};
			const byId = new Map<string, string[]>();
			for (const d of docs) {
				if (typeof d._id === 'string' && typeof d._rev === 'string')
					byId.set(d._id, [...(byId.get(d._id) ?? []), d._rev]);
			}
			const missing = await db.revsDiff(Object.fromEntries(byId));
			const toWrite: Record<string, unknown>[] = [];
			for (const doc of docs) {
				const id = typeof doc._id === 'string' ? doc._id : '';
				const rev = typeof doc._rev === 'string' ? doc._rev : '';
				if (id && rev && byId.has(id) && !missing[id]?.missing.includes(rev)) {
					rows.push(row(doc, { outcome: 'already' }));
					continue;
				}
				const current = id ? await db.getCurrent(id) : null;
				// new_edits false stores a revision beside a newer one; replication would have met a
				// conflict instead, so the device merges at its next sync, as it does for a push.
				if ((current?._rev ?? null) !== baseOf(doc)) {
					rows.push(row(doc, { outcome: 'conflict' }));
					continue;
				}
				toWrite.push(doc);
			}
			const results = toWrite.length ? await writeDocs(ctx, toWrite, false) : [];
			results.forEach((r, i) => {
				const doc = toWrite[i];
				rows.push(
					'ok' in r
						? row(doc, { outcome: 'accepted' })
						: row(doc, { outcome: 'refused', reason: decodeReason(r.reason) })
				);
			});
		}
		return rows;
	}

	async #photos(
		author: StoredUser,
		commune: string,
		photos: HandoverPayload['photos']
	): Promise<HandoverReportRow[]> {
		const rows: HandoverReportRow[] = [];
		for (const p of photos) {
			const base = {
				kind: 'photo',
				collection: photoParentCollection[p.parent.kind],
				id: p.hash,
				label: p.parent.id
			} as const;
			try {
				const { created } = await this.deps.photos.put(
					toActor(author),
					commune,
					p.parent,
					p.hash,
					'image/jpeg',
					Buffer.from(p.data, 'base64')
				);
				rows.push({ ...base, outcome: created ? 'accepted' : 'already' });
			} catch (err) {
				if (!(err instanceof CouchError) || err.status >= 500) throw err;
				rows.push({ ...base, outcome: 'refused', reason: decodeReason(err.reason) });
			}
		}
		return rows;
	}
}

/** The revision a replicated document was made from, by its `_revisions`; null for a first one. */
function baseOf(doc: Record<string, unknown>): string | null {
	const r = doc._revisions as { start?: unknown; ids?: unknown } | undefined;
	if (!r || typeof r.start !== 'number' || !Array.isArray(r.ids) || r.ids.length < 2) return null;
	return `${r.start - 1}-${String(r.ids[1])}`;
}
