import { wrapRxStorageInstance, type RxStorage, type RxStorageInstanceCreationParams } from 'rxdb';
import { noMeter, type StageMeter } from './stages';

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

const keys = new Map<string, Promise<CryptoKey>>();
/** The data password is 256 random bits, so one SHA-256 is enough to make it an AES key. */
function keyFor(password: string): Promise<CryptoKey> {
	let k = keys.get(password);
	if (!k) {
		k = crypto.subtle
			.digest('SHA-256', enc.encode(password))
			.then((d) => crypto.subtle.importKey('raw', d, 'AES-GCM', false, ['encrypt', 'decrypt']));
		keys.set(password, k);
	}
	return k;
}

/**
 * Encrypts a collection's `encrypted` fields at rest with WebCrypto AES-GCM,
 * one ciphertext per document. RxDB's crypto-js plugin does one AES (and one
 * key derivation) per field in JavaScript, which made a 10,000-resident pull
 * take tens of seconds on this machine; this is native and per document.
 */
export function webCryptoEncryptedStorage<I, O>(
	storage: RxStorage<I, O>,
	meter: StageMeter = noMeter
): RxStorage<I, O> {
	return {
		...storage,
		name: storage.name,
		async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, O>) {
			const fields = (params.schema.encrypted ?? []).filter((f) => !f.includes('.'));
			if (fields.length === 0) return storage.createStorageInstance(params);
			const password = params.password;
			if (typeof password !== 'string' || password.length < 8) {
				throw new Error(`${params.collectionName}: encrypted fields need a database password`);
			}
			const key = keyFor(password);
			const { encrypted: _encrypted, ...plain } = structuredClone(params.schema);
			const properties: Record<string, unknown> = { ...plain.properties };
			for (const f of fields) delete properties[f];
			properties[SEALED] = { type: 'string' };
			const schema = { ...plain, properties } as unknown as typeof params.schema;
			const instance = await storage.createStorageInstance({ ...params, schema });

			async function toStorage(doc: Record<string, unknown>) {
				const end = meter.begin('crypto');
				meter.count('encrypt', 1);
				const out = { ...doc };
				const secret: Record<string, unknown> = {};
				for (const f of fields) {
					if (f in out) {
						secret[f] = out[f];
						delete out[f];
					}
				}
				const iv = crypto.getRandomValues(new Uint8Array(12));
				const ct = await crypto.subtle.encrypt(
					{ name: 'AES-GCM', iv },
					await key,
					enc.encode(JSON.stringify(secret))
				);
				const sealed = new Uint8Array(12 + ct.byteLength);
				sealed.set(iv);
				sealed.set(new Uint8Array(ct), 12);
				out[SEALED] = toBase64(sealed);
				end();
				return out;
			}

			async function fromStorage(doc: Record<string, unknown>) {
				const sealed = doc[SEALED];
				if (typeof sealed !== 'string') return doc;
				const end = meter.begin('crypto');
				meter.count('decrypt', 1);
				const bytes = fromBase64(sealed);
				const pt = await crypto.subtle.decrypt(
					{ name: 'AES-GCM', iv: bytes.subarray(0, 12) },
					await key,
					bytes.subarray(12)
				);
				const { [SEALED]: _sealed, ...rest } = doc;
				const out = { ...rest, ...(JSON.parse(dec.decode(pt)) as Record<string, unknown>) };
				end();
				return out;
			}

			return wrapRxStorageInstance(
				params.schema,
				instance as never,
				toStorage as never,
				fromStorage as never
			) as never;
		}
	};
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
