import { z } from 'zod';
import { base64ToBytes, bytesToBase64, randomHex } from './bytes';
import type { Bilingual } from './rules';

/**
 * Handover file: what a device has not sent yet, carried to the commune office without network.
 *
 *   TRAMSO-HANDOVER/1
 *   {header JSON}
 *   base64 AES-GCM ciphertext of the payload JSON (the header line is its additional data)
 *   base64 ECDSA P-256 signature of the three lines above, by the device's registered key
 *   END
 *
 * The AES key is derived (ECDH P-256 + HKDF) from a fresh key pair and the server's public key,
 * so only the server reads it; the signature says which registered device made it.
 */

export const HANDOVER_MAGIC = 'TRAMSO-HANDOVER/1';
const TRAILER = 'END';
/** Largest file the server reads: 50 records and a few dozen photos fit many times over. */
export const HANDOVER_MAX_BYTES = 48 * 1024 * 1024;
export const HANDOVER_MAX_RECORDS = 20_000;
export const HANDOVER_MAX_PHOTOS = 200;
const INFO = 'tramso-handover/1';

const b64 = (min: number, max: number) =>
	z
		.string()
		.min(min)
		.max(max)
		.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

export const handoverHeaderSchema = z.strictObject({
	fileId: z.string().regex(/^[0-9a-f]{32}$/),
	commune: z.string().regex(/^\d{5}$/),
	author: z.string().min(1).max(100),
	deviceId: z.string().min(1).max(200),
	createdAt: z.iso.datetime({ offset: true }),
	counts: z.strictObject({
		records: z.number().int().min(0).max(HANDOVER_MAX_RECORDS),
		photos: z.number().int().min(0).max(HANDOVER_MAX_PHOTOS)
	}),
	/** First 16 hex digits of the SHA-256 of the server key it is sealed for. */
	server: z.string().regex(/^[0-9a-f]{16}$/),
	/** Ephemeral ECDH public key, raw point. */
	epk: b64(80, 100),
	iv: b64(16, 16)
});
export type HandoverHeader = z.infer<typeof handoverHeaderSchema>;

export const handoverRecordSchema = z.strictObject({
	collection: z.string().regex(/^[a-z]{1,40}$/),
	/** The revision as replication would store it (`_rev`, `_revisions`, new_edits false). */
	doc: z.record(z.string(), z.unknown())
});
export const handoverPhotoSchema = z.strictObject({
	hash: z.string().regex(/^[0-9a-f]{64}$/),
	parent: z.strictObject({
		kind: z.enum(['dossier', 'point']),
		id: z.string().min(1).max(200)
	}),
	data: b64(4, 4 * 1024 * 1024)
});
export const handoverPayloadSchema = z.strictObject({
	records: z.array(handoverRecordSchema).max(HANDOVER_MAX_RECORDS),
	photos: z.array(handoverPhotoSchema).max(HANDOVER_MAX_PHOTOS)
});
export type HandoverPayload = z.infer<typeof handoverPayloadSchema>;

export type HandoverProblem =
	| 'format'
	| 'truncated'
	| 'tampered'
	| 'otherServer'
	| 'commune'
	| 'author'
	| 'device'
	| 'tooLarge';

export const handoverProblemTexts: Record<HandoverProblem, Bilingual> = {
	format: {
		vi: 'Đây không phải tệp bàn giao của Trạm Số (hoặc phiên bản không đọc được).',
		en: 'This is not a Trạm Số handover file (or of a version this server cannot read).'
	},
	truncated: {
		vi: 'Tệp bàn giao bị cắt cụt (chép chưa hết). Hãy chép lại tệp từ máy của tình nguyện viên.',
		en: 'The handover file is truncated (not copied completely). Copy it again from the volunteer’s phone.'
	},
	tampered: {
		vi: 'Tệp bàn giao đã bị sửa hoặc hỏng: chữ ký của thiết bị không khớp. Không có gì được ghi.',
		en: 'The handover file was altered or damaged: the device’s signature does not match. Nothing was written.'
	},
	otherServer: {
		vi: 'Tệp bàn giao được mã hoá cho máy chủ khác.',
		en: 'The handover file was encrypted for another server.'
	},
	commune: {
		vi: 'Tệp bàn giao là của xã khác.',
		en: 'The handover file belongs to another commune.'
	},
	author: {
		vi: 'Người lập tệp không phải tình nguyện viên đang hoạt động của xã này.',
		en: 'The file’s author is not an active volunteer of this commune.'
	},
	device: {
		vi: 'Thiết bị lập tệp chưa được đăng ký với máy chủ (phải đồng bộ trực tuyến ít nhất một lần).',
		en: 'The device that made the file is not registered with the server (it must sync online once).'
	},
	tooLarge: {
		vi: 'Tệp bàn giao quá lớn.',
		en: 'The handover file is too large.'
	}
};

export type HandoverOutcome = 'accepted' | 'already' | 'conflict' | 'refused';

export interface HandoverReportRow {
	kind: 'record' | 'photo';
	collection: string;
	id: string;
	label: string;
	outcome: HandoverOutcome;
	reason?: Bilingual;
}

export interface HandoverReport {
	fileId: string;
	author: string;
	deviceId: string;
	createdAt: string;
	/** The same file was imported before: nothing was written this time. */
	replayed: boolean;
	rows: HandoverReportRow[];
}

export const handoverOutcomeTexts: Record<HandoverOutcome, Bilingual> = {
	accepted: { vi: 'Đã nhận', en: 'Accepted' },
	already: { vi: 'Đã có trên máy chủ', en: 'Already there' },
	conflict: {
		vi: 'Máy chủ có bản mới hơn: máy của tình nguyện viên sẽ gộp ở lần đồng bộ tới',
		en: 'The server has a newer version: the volunteer’s phone merges it at its next sync'
	},
	refused: { vi: 'Bị từ chối', en: 'Refused' }
};

/** A short label for a record row: name, house number and street, or its id. */
export function handoverLabel(doc: Record<string, unknown>, id: string): string {
	for (const k of ['fullName', 'name', 'title']) {
		if (typeof doc[k] === 'string' && doc[k]) return (doc[k] as string).slice(0, 120);
	}
	const address = [doc.houseNumber, doc.street].filter((x) => typeof x === 'string' && x);
	return address.join(', ').slice(0, 120) || id;
}

const enc = new TextEncoder();
const subtle = () => globalThis.crypto.subtle;

/** Identifies a server key in the header, so a file for another server is told apart from damage. */
export async function serverKeyId(spkiBase64: string): Promise<string> {
	const digest = new Uint8Array(await subtle().digest('SHA-256', base64ToBytes(spkiBase64)));
	return [...digest.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function fileKey(
	priv: CryptoKey,
	pub: CryptoKey,
	fileId: string,
	usage: 'encrypt' | 'decrypt'
): Promise<CryptoKey> {
	const bits = await subtle().deriveBits({ name: 'ECDH', public: pub }, priv, 256);
	const hkdf = await subtle().importKey('raw', bits, 'HKDF', false, ['deriveKey']);
	return subtle().deriveKey(
		{ name: 'HKDF', hash: 'SHA-256', salt: enc.encode(fileId), info: enc.encode(INFO) },
		hkdf,
		{ name: 'AES-GCM', length: 256 },
		false,
		[usage]
	);
}

const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;
const ECDSA_SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;

export type HandoverMeta = Omit<HandoverHeader, 'server' | 'epk' | 'iv' | 'counts'>;

/** Seals a payload for the server (its SPKI public key, base64) and signs it with the device key. */
export async function sealHandover(
	meta: HandoverMeta,
	payload: HandoverPayload,
	serverKey: string,
	signingKey: CryptoKey
): Promise<string> {
	const serverPub = await subtle().importKey('spki', base64ToBytes(serverKey), ECDH, false, []);
	const eph = (await subtle().generateKey(ECDH, true, ['deriveBits'])) as CryptoKeyPair;
	const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
	const header: HandoverHeader = {
		...meta,
		counts: { records: payload.records.length, photos: payload.photos.length },
		server: await serverKeyId(serverKey),
		epk: bytesToBase64(new Uint8Array(await subtle().exportKey('raw', eph.publicKey))),
		iv: bytesToBase64(iv)
	};
	const headerLine = JSON.stringify(header);
	const key = await fileKey(eph.privateKey, serverPub, header.fileId, 'encrypt');
	const ct = await subtle().encrypt(
		{ name: 'AES-GCM', iv, additionalData: enc.encode(headerLine) },
		key,
		enc.encode(JSON.stringify(payload))
	);
	const signed = `${HANDOVER_MAGIC}\n${headerLine}\n${bytesToBase64(new Uint8Array(ct))}`;
	const sig = await subtle().sign(ECDSA_SIGN, signingKey, enc.encode(signed));
	return `${signed}\n${bytesToBase64(new Uint8Array(sig))}\n${TRAILER}\n`;
}

export interface ParsedHandover {
	header: HandoverHeader;
	signed: string;
	ciphertext: string;
	signature: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: HandoverProblem };

/** Reads the file's structure and header; nothing is trusted until `openHandover` verified it. */
export function parseHandover(text: string): Parsed<ParsedHandover> {
	if (!text.startsWith(`${HANDOVER_MAGIC}\n`)) return { ok: false, problem: 'format' };
	const lines = text.replace(/\n$/, '').split('\n');
	if (lines.length < 5 || lines[4] !== TRAILER) return { ok: false, problem: 'truncated' };
	if (lines.length > 5) return { ok: false, problem: 'tampered' };
	const [magic, headerLine, ciphertext, signature] = lines;
	let raw: unknown;
	try {
		raw = JSON.parse(headerLine);
	} catch {
		return { ok: false, problem: 'tampered' };
	}
	const header = handoverHeaderSchema.safeParse(raw);
	if (!header.success) return { ok: false, problem: 'tampered' };
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(ciphertext) || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) {
		return { ok: false, problem: 'tampered' };
	}
	return {
		ok: true,
		value: {
			header: header.data,
			signed: `${magic}\n${headerLine}\n${ciphertext}`,
			ciphertext,
			signature
		}
	};
}

/**
 * Checks the device's signature, then decrypts with the server's ECDH private key.
 * `deviceKey`: the SPKI public key the author's device registered.
 */
export async function openHandover(
	file: ParsedHandover,
	deviceKey: string,
	serverPrivate: CryptoKey
): Promise<Parsed<HandoverPayload>> {
	const { header } = file;
	let valid = false;
	try {
		const verify = await subtle().importKey(
			'spki',
			base64ToBytes(deviceKey),
			{ name: 'ECDSA', namedCurve: 'P-256' },
			false,
			['verify']
		);
		valid = await subtle().verify(
			ECDSA_SIGN,
			verify,
			base64ToBytes(file.signature),
			enc.encode(file.signed)
		);
	} catch {
		valid = false;
	}
	if (!valid) return { ok: false, problem: 'tampered' };
	let plain: ArrayBuffer;
	try {
		const epk = await subtle().importKey('raw', base64ToBytes(header.epk), ECDH, false, []);
		const key = await fileKey(serverPrivate, epk, header.fileId, 'decrypt');
		const headerLine = file.signed.split('\n')[1];
		plain = await subtle().decrypt(
			{ name: 'AES-GCM', iv: base64ToBytes(header.iv), additionalData: enc.encode(headerLine) },
			key,
			base64ToBytes(file.ciphertext)
		);
	} catch {
		return { ok: false, problem: 'tampered' };
	}
	let raw: unknown;
	try {
		raw = JSON.parse(new TextDecoder().decode(plain));
	} catch {
		return { ok: false, problem: 'tampered' };
	}
	const payload = handoverPayloadSchema.safeParse(raw);
	if (
		!payload.success ||
		payload.data.records.length !== header.counts.records ||
		payload.data.photos.length !== header.counts.photos
	) {
		return { ok: false, problem: 'tampered' };
	}
	return { ok: true, value: payload.data };
}

/** A signing key pair for a device: the public half (SPKI, base64) is registered with the server. */
export async function newDeviceSigningKey(): Promise<{ privatePkcs8: string; publicSpki: string }> {
	const pair = (await subtle().generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
		'sign',
		'verify'
	])) as CryptoKeyPair;
	return {
		privatePkcs8: bytesToBase64(new Uint8Array(await subtle().exportKey('pkcs8', pair.privateKey))),
		publicSpki: bytesToBase64(new Uint8Array(await subtle().exportKey('spki', pair.publicKey)))
	};
}

export function importSigningKey(pkcs8: string): Promise<CryptoKey> {
	return subtle().importKey(
		'pkcs8',
		base64ToBytes(pkcs8),
		{ name: 'ECDSA', namedCurve: 'P-256' },
		false,
		['sign']
	);
}

/** A fresh revision hash (32 hex digits), as CouchDB and PouchDB make them. */
export const newRevisionHash = (): string => randomHex(16);
