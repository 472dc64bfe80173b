import { describe, expect, it } from 'vitest';
import {
	isValidPin,
	newDataPassword,
	openWithPassword,
	PBKDF2_ITERATIONS,
	sealWithPassword,
	toBase64,
	unwrapWithPin,
	unwrapWithServerKey,
	wrapWithPin,
	wrapWithServerKey
} from '$lib/device/keys';

describe('PIN key wrapping (WebCrypto)', () => {
	it('uses PBKDF2 with at least 200,000 iterations and a random salt', async () => {
		expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(200_000);
		const pw = newDataPassword();
		const a = await wrapWithPin(pw, '246810');
		const b = await wrapWithPin(pw, '246810');
		expect(a.iterations).toBe(PBKDF2_ITERATIONS);
		expect(a.salt).not.toBe(b.salt);
		expect(a.ct).not.toBe(b.ct);
		expect(JSON.stringify(a)).not.toContain('246810');
		expect(JSON.stringify(a)).not.toContain(pw);
	});

	it('unwraps with the right PIN only', async () => {
		const pw = newDataPassword();
		const wrapped = await wrapWithPin(pw, '135790', crypto, 1000);
		expect(await unwrapWithPin(wrapped, '135790')).toBe(pw);
		expect(await unwrapWithPin(wrapped, '135791')).toBeNull();
	});

	it('accepts 6 to 12 digits only', async () => {
		expect(isValidPin('12345')).toBe(false);
		expect(isValidPin('123456')).toBe(true);
		expect(isValidPin('12345a')).toBe(false);
		await expect(wrapWithPin('x'.repeat(20), '1234')).rejects.toThrow();
	});

	it('wraps the data key with a server key for recovery after an online login', async () => {
		const pw = newDataPassword();
		const serverKey = toBase64(crypto.getRandomValues(new Uint8Array(32)));
		const other = toBase64(crypto.getRandomValues(new Uint8Array(32)));
		const sealed = await wrapWithServerKey(pw, serverKey);
		expect(await unwrapWithServerKey(sealed, serverKey)).toBe(pw);
		expect(await unwrapWithServerKey(sealed, other)).toBeNull();
	});

	it('seals the session token under the data password', async () => {
		const pw = newDataPassword();
		const sealed = await sealWithPassword(pw, 'token-abc');
		expect(JSON.stringify(sealed)).not.toContain('token-abc');
		expect(await openWithPassword(pw, sealed)).toBe('token-abc');
		expect(await openWithPassword(newDataPassword(), sealed)).toBeNull();
	});
});
