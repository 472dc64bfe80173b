import { concatMap, tap } from 'rxjs';
import type {
	BulkWriteRow,
	RxStorage,
	RxStorageBulkWriteResponse,
	RxStorageInstance,
	RxStorageInstanceCreationParams,
	RxStorageWriteError
} from 'rxdb';
import { addNew } from './dexie-insert';
import { noMeter, timed, type StageMeter } from './stages';
import type { StoredDoc } from './stored';

/** Stored in place of a document's encrypted fields: base64 of IV + AES-GCM ciphertext of their JSON. */
const SEALED = 'sealed';
const enc = new TextEncoder();
const dec = new TextDecoder();

// Native base64 (Chromium 140+) is several times faster than the btoa/atob loops kept for Node.
type Base64Native = {
	toBase64?: (this: Uint8Array) => string;
};
type Base64Ctor = { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> };
const nativeTo = (Uint8Array.prototype as Base64Native).toBase64;
const nativeFrom = (Uint8Array as unknown as Base64Ctor).fromBase64;

function toBase64(bytes: Uint8Array): string {
	if (nativeTo) return nativeTo.call(bytes);
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(s);
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
	if (nativeFrom) return nativeFrom(b64);
	const s = atob(b64);
	const out = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
	return out;
}

/** The data password is 256 random bits, so one SHA-256 is enough to make it an AES key. */
function keyFor(password: string): Promise<CryptoKey> {
	return crypto.subtle
		.digest('SHA-256', enc.encode(password))
		.then((d) => crypto.subtle.importKey('raw', d, 'AES-GCM', false, ['encrypt', 'decrypt']));
}

export type { StoredDoc } from './stored';
type Fields = Record<string, unknown>;
type Instance = RxStorageInstance<Fields, unknown, unknown>;
type Row = BulkWriteRow<Fields>;
type WriteResult = RxStorageBulkWriteResponse<Fields>;

/** A row from the server; `stored`, when given, is the document already sealed. */
export interface SyncedRow {
	previous?: StoredDoc;
	document: StoredDoc;
	stored?: StoredDoc;
}

/** A record collection's storage with what the replicator needs beyond RxDB's interface. */
export interface SealedInstance extends Instance {
	/** The storage below, holding sealed documents: reads there decrypt nothing. */
	readonly stored: Instance;
	/**
	 * Writes rows that come from the server: sealed in parallel, without the app-write
	 * bookkeeping, and their change events reuse the plaintext instead of decrypting it.
	 */
	writeSynced(rows: SyncedRow[]): Promise<WriteResult>;
	/** The stored form of a document, for `SyncedRow.stored`. */
	sealDoc(doc: StoredDoc): Promise<StoredDoc>;
	open(doc: StoredDoc): Promise<StoredDoc>;
	sealValue(value: unknown): Promise<string>;
	openValue(sealed: string): Promise<unknown>;
}

export interface EncryptionOptions {
	meter?: StageMeter;
	/** Record collections get a SealedInstance; RxDB's own stores pass through when nothing is encrypted. */
	isRecordCollection(name: string): boolean;
	/** Adjusts rows the app writes through RxDB before they are sealed. */
	beforeAppWrite?(rows: Row[], instance: SealedInstance): Promise<Row[]>;
	/** Called with each record collection's storage of the current schema version. */
	created?(instance: SealedInstance, version: number): void;
}

/** Context of the replicator's writes, so watchers can tell them from the app's. */
export const SYNC_WRITE_CONTEXT = 'tramso-sync';

/**
 * Encrypts a collection's `encrypted` fields at rest with WebCrypto AES-GCM,
 * one ciphertext per document. RxDB's crypto-js plugin does one AES (and one
 * key derivation) per field in JavaScript, which made a 10,000-resident pull
 * take tens of seconds on this machine; this is native and per document.
 */
export function webCryptoEncryptedStorage<I, O>(
	storage: RxStorage<I, O>,
	options: EncryptionOptions
): RxStorage<I, O> {
	const meter = options.meter ?? noMeter;
	// One key per storage, i.e. per opened database: it goes with the database on lock and
	// logout, and no module-level map keeps a data password or its key alive.
	let key: { password: string; key: Promise<CryptoKey> } | null = null;
	const keyOf = (password: string) => {
		if (key?.password !== password) key = { password, key: keyFor(password) };
		return key.key;
	};
	return {
		...storage,
		name: storage.name,
		async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, O>) {
			const fields = (params.schema.encrypted ?? []).filter((f) => !f.includes('.'));
			const record = options.isRecordCollection(params.collectionName);
			if (fields.length === 0 && !record) return storage.createStorageInstance(params);
			const password = params.password;
			if (typeof password !== 'string' || password.length < 8) {
				throw new Error(`${params.collectionName}: encrypted fields need a database password`);
			}
			const { encrypted: _encrypted, ...plain } = structuredClone(params.schema);
			const properties: Record<string, unknown> = { ...plain.properties };
			for (const f of fields) delete properties[f];
			if (fields.length) properties[SEALED] = { type: 'string' };
			const schema = { ...plain, properties } as unknown as typeof params.schema;
			const stored = await storage.createStorageInstance({ ...params, schema });
			const instance = sealedInstance(
				params.schema as never,
				stored as never,
				new Cipher(keyOf(password), fields, meter),
				options
			);
			if (record) options.created?.(instance, params.schema.version);
			return instance as never;
		}
	};
}

/** AES-GCM with one key: records (their encrypted fields) and whole values. */
class Cipher {
	constructor(
		private readonly key: Promise<CryptoKey>,
		readonly fields: readonly string[],
		readonly meter: StageMeter
	) {}

	async seal(text: string): Promise<string> {
		const end = this.meter.begin('crypto');
		this.meter.count('encrypt', 1);
		const iv = crypto.getRandomValues(new Uint8Array(12));
		const ct = await crypto.subtle.encrypt(
			{ name: 'AES-GCM', iv },
			await this.key,
			enc.encode(text)
		);
		const sealed = new Uint8Array(12 + ct.byteLength);
		sealed.set(iv);
		sealed.set(new Uint8Array(ct), 12);
		end();
		return toBase64(sealed);
	}

	async open(sealed: string): Promise<string> {
		const end = this.meter.begin('crypto');
		this.meter.count('decrypt', 1);
		const bytes = fromBase64(sealed);
		const pt = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv: bytes.subarray(0, 12) },
			await this.key,
			bytes.subarray(12)
		);
		end();
		return dec.decode(pt);
	}

	async sealDoc(doc: StoredDoc): Promise<StoredDoc> {
		if (this.fields.length === 0) return doc;
		const out = { ...doc };
		const secret: Record<string, unknown> = {};
		for (const f of this.fields) {
			if (f in out) {
				secret[f] = out[f];
				delete out[f];
			}
		}
		out[SEALED] = await this.seal(JSON.stringify(secret));
		return out;
	}

	async openDoc(doc: StoredDoc): Promise<StoredDoc> {
		const sealed = doc[SEALED];
		if (typeof sealed !== 'string') return doc;
		const { [SEALED]: _sealed, ...rest } = doc;
		return {
			...rest,
			...(JSON.parse(await this.open(sealed)) as Record<string, unknown>)
		} as StoredDoc;
	}
}

const revKey = (doc: Record<string, unknown>) => `${String(doc.id)}\u0000${String(doc._rev)}`;

function sealedInstance(
	schema: Instance['schema'],
	stored: Instance,
	cipher: Cipher,
	options: EncryptionOptions
): SealedInstance {
	/** Plaintext of documents being written, by id and revision, until their events went out. */
	const plain = new Map<string, StoredDoc>();
	let processing = 0;
	let drained: (() => void)[] = [];
	const eventsDone = () =>
		processing === 0 ? Promise.resolve() : new Promise<void>((resolve) => drained.push(resolve));
	const fromEvent = (doc: StoredDoc | undefined) =>
		doc ? (plain.get(revKey(doc)) ?? cipher.openDoc(doc)) : undefined;

	async function write(rows: SyncedRow[], context: string): Promise<WriteResult> {
		const sealed = await Promise.all(
			rows.map(async (r): Promise<Row> => {
				plain.set(revKey(r.document), r.document);
				// The storages below read only `_rev` and `_deleted` of `previous`: it stays plaintext.
				return { previous: r.previous, document: r.stored ?? (await cipher.sealDoc(r.document)) };
			})
		);
		const original = new Map<Row, Row>(sealed.map((s, i) => [s, rows[i]]));
		try {
			if (context === SYNC_WRITE_CONTEXT && rows.every((r) => !r.previous)) {
				const added = await addNewRecords(sealed, context, (r) => original.get(r) ?? r);
				if (added) return added;
			}
			const result = await stored.bulkWrite(sealed, context);
			await eventsDone();
			const error = await Promise.all(
				result.error.map(
					async (e): Promise<RxStorageWriteError<Fields>> =>
						({
							...e,
							writeRow: original.get(e.writeRow) ?? e.writeRow,
							...('documentInDb' in e && e.documentInDb
								? { documentInDb: await cipher.openDoc(e.documentInDb) }
								: {})
						}) as RxStorageWriteError<Fields>
				)
			);
			return { error };
		} finally {
			for (const r of rows) plain.delete(revKey(r.document));
		}
	}

	/** New records from the server go straight to the Dexie table; ids already there are conflicts. */
	async function addNewRecords(
		sealed: Row[],
		context: string,
		plainRow: (r: Row) => Row
	): Promise<WriteResult | null> {
		const docs = sealed.map((r) => r.document as StoredDoc);
		const existing = await timed(cipher.meter, 'storage', () => addNew(stored, docs, context));
		if (!existing) return null;
		cipher.meter.count('write:records', docs.length);
		await eventsDone();
		if (existing.size === 0) return { error: [] };
		const inDb = await stored.findDocumentsById([...existing], true);
		const error = await Promise.all(
			inDb.map(
				async (d): Promise<RxStorageWriteError<Fields>> =>
					({
						status: 409,
						isError: true,
						documentId: String(d.id),
						writeRow: plainRow(sealed.find((r) => r.document.id === d.id)!),
						documentInDb: await cipher.openDoc(d)
					}) as RxStorageWriteError<Fields>
			)
		);
		return { error };
	}

	const instance: SealedInstance = {
		databaseName: stored.databaseName,
		collectionName: stored.collectionName,
		internals: stored.internals,
		options: stored.options,
		schema,
		stored,
		async bulkWrite(rows, context) {
			const adjusted = options.beforeAppWrite ? await options.beforeAppWrite(rows, instance) : rows;
			return write(adjusted as SyncedRow[], context);
		},
		writeSynced: (rows) => write(rows, SYNC_WRITE_CONTEXT),
		async findDocumentsById(ids, withDeleted) {
			const docs = await stored.findDocumentsById(ids, withDeleted);
			return Promise.all(docs.map((d) => cipher.openDoc(d)));
		},
		async query(q) {
			const res = await stored.query(q);
			return { documents: await Promise.all(res.documents.map((d) => cipher.openDoc(d))) };
		},
		count: (q) => stored.count(q),
		getAttachmentData: (id, attachment, digest) => stored.getAttachmentData(id, attachment, digest),
		changeStream: () =>
			stored.changeStream().pipe(
				tap(() => processing++),
				concatMap(async (bulk) => ({
					...bulk,
					events: await Promise.all(
						bulk.events.map(async (ev) => ({
							...ev,
							documentData: (await fromEvent(ev.documentData))!,
							previousDocumentData: await fromEvent(ev.previousDocumentData)
						}))
					)
				})),
				tap(() => {
					if (--processing > 0) return;
					for (const wake of drained.splice(0)) wake();
					drained = [];
				})
			),
		cleanup: (t) => stored.cleanup(t),
		close: () => stored.close(),
		remove: () => stored.remove(),
		sealDoc: (doc) => cipher.sealDoc(doc),
		open: (doc) => cipher.openDoc(doc),
		sealValue: (value) => cipher.seal(JSON.stringify(value)),
		openValue: async (sealed) => JSON.parse(await cipher.open(sealed)) as unknown
	};
	return instance;
}

/**
 * For deleting a database without its password: the storage refuses schemas with encrypted
 * fields, and removing stores never reads them. Store names do not depend on those fields.
 */
export function forRemoval<I, O>(storage: RxStorage<I, O>): RxStorage<I, O> {
	return {
		...storage,
		name: storage.name,
		createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, O>) {
			return storage.createStorageInstance({
				...params,
				schema: { ...params.schema, encrypted: [] }
			});
		}
	};
}
