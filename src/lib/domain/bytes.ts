// Byte helpers shared by the handover format, device photos and tests (browser and Node).

export function bytesToBase64(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(s);
}

export function base64ToBytes(b64s: string): Uint8Array<ArrayBuffer> {
	const s = atob(b64s);
	const out = new Uint8Array(s.length);
	for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
	return out;
}

/** `bytes` random bytes as hex. */
export function randomHex(bytes: number): string {
	const b = globalThis.crypto.getRandomValues(new Uint8Array(bytes));
	return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}
