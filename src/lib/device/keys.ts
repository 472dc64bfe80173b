/**
 * Key wrapping for the on-device data key. The PIN never leaves this module
 * and is never stored: PBKDF2 turns it into an AES-GCM key that wraps a random
 * data-encryption password. A failed GCM unwrap is how a wrong PIN is detected
 * (the GCM tag is the PIN verifier).
 */

export const PBKDF2_ITERATIONS = 250_000;
export const PIN_PATTERN = /^\d{6,12}$/;

/** A secret sealed with AES-GCM; base64 fields so it fits localStorage. */
export interface Sealed {
	iv: string;
	ct: string;
}

export interface PinWrapped extends Sealed {
	kdf: 'PBKDF2-SHA256';
	iterations: number;
	salt: string;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function toBase64(bytes: Uint8Array): string {
	let s = '';
	for (const b of bytes) s += String.fromCharCode(b);
	return btoa(s);
}

export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
	const s = atob(b64);
	const out = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
	return out;
}

function random(crypto: Crypto, n: number): Uint8Array<ArrayBuffer> {
	return crypto.getRandomValues(new Uint8Array(n));
}

/** 256 random bits as text: RxDB's encryption plugin takes a password string. */
export function newDataPassword(crypto: Crypto = globalThis.crypto): string {
	return toBase64(random(crypto, 32));
}

export function isValidPin(pin: string): boolean {
	return PIN_PATTERN.test(pin);
}

async function pinKey(
	crypto: Crypto,
	pin: string,
	salt: Uint8Array<ArrayBuffer>,
	iterations: number
) {
	const material = await crypto.subtle.importKey('raw', enc.encode(pin), 'PBKDF2', false, [
		'deriveKey'
	]);
	return crypto.subtle.deriveKey(
		{ name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
		material,
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
}

async function seal(crypto: Crypto, key: CryptoKey, secret: string): Promise<Sealed> {
	const iv = random(crypto, 12);
	const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, enc.encode(secret));
	return { iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

async function open(crypto: Crypto, key: CryptoKey, sealed: Sealed): Promise<string | null> {
	try {
		const pt = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv: fromBase64(sealed.iv) },
			key,
			fromBase64(sealed.ct)
		);
		return dec.decode(pt);
	} catch {
		return null;
	}
}

export async function wrapWithPin(
	dataPassword: string,
	pin: string,
	crypto: Crypto = globalThis.crypto,
	iterations = PBKDF2_ITERATIONS
): Promise<PinWrapped> {
	if (!isValidPin(pin)) throw new Error('PIN must be 6-12 digits');
	const salt = random(crypto, 16);
	const key = await pinKey(crypto, pin, salt, iterations);
	return {
		kdf: 'PBKDF2-SHA256',
		iterations,
		salt: toBase64(salt),
		...(await seal(crypto, key, dataPassword))
	};
}

/** The data password, or null when the PIN is wrong. */
export async function unwrapWithPin(
	wrapped: PinWrapped,
	pin: string,
	crypto: Crypto = globalThis.crypto
): Promise<string | null> {
	const key = await pinKey(crypto, pin, fromBase64(wrapped.salt), wrapped.iterations);
	return open(crypto, key, wrapped);
}

/** AES key from raw key bytes (the per-user key the server returns at login, or a hash of the data password). */
async function rawKey(crypto: Crypto, bytes: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
	const digest = await crypto.subtle.digest('SHA-256', bytes);
	return crypto.subtle.importKey('raw', digest, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** Wraps the data password with the server's per-user key, so an online login recovers the data after 5 wrong PINs. */
export async function wrapWithServerKey(
	dataPassword: string,
	serverKey: string,
	crypto: Crypto = globalThis.crypto
): Promise<Sealed> {
	return seal(crypto, await rawKey(crypto, fromBase64(serverKey)), dataPassword);
}

export async function unwrapWithServerKey(
	sealed: Sealed,
	serverKey: string,
	crypto: Crypto = globalThis.crypto
): Promise<string | null> {
	return open(crypto, await rawKey(crypto, fromBase64(serverKey)), sealed);
}

/** Seals small secrets (the session token) under the data password, so they are readable only when unlocked. */
export async function sealWithPassword(
	dataPassword: string,
	secret: string,
	crypto: Crypto = globalThis.crypto
): Promise<Sealed> {
	return seal(
		crypto,
		await rawKey(crypto, enc.encode(dataPassword) as Uint8Array<ArrayBuffer>),
		secret
	);
}

export async function openWithPassword(
	dataPassword: string,
	sealed: Sealed,
	crypto: Crypto = globalThis.crypto
): Promise<string | null> {
	return open(
		crypto,
		await rawKey(crypto, enc.encode(dataPassword) as Uint8Array<ArrayBuffer>),
		sealed
	);
}
