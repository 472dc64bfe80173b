import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt N=2^15, r=8: 32 MiB and ~100 ms per hash, memory-hard against GPU guessing. */
const PARAMS = { N: 32768, r: 8, p: 1 };
const KEY_LEN = 32;

function derive(password: string, salt: Uint8Array, opts: ScryptOptions): Promise<Uint8Array> {
	return new Promise((resolve, reject) =>
		scrypt(
			password.normalize('NFC'),
			salt,
			KEY_LEN,
			{ ...opts, maxmem: 128 * 1024 * 1024 },
			(err, key) => (err ? reject(err) : resolve(new Uint8Array(key)))
		)
	);
}

/** Format: `scrypt$N$r$p$saltB64$hashB64`. */
export async function hashPassword(password: string): Promise<string> {
	const salt = new Uint8Array(randomBytes(16));
	const key = await derive(password, salt, PARAMS);
	const { N, r, p } = PARAMS;
	return [
		'scrypt',
		N,
		r,
		p,
		Buffer.from(salt).toString('base64'),
		Buffer.from(key).toString('base64')
	].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !hash) return false;
	const expected = new Uint8Array(Buffer.from(hash, 'base64'));
	const key = await derive(password, new Uint8Array(Buffer.from(salt, 'base64')), {
		N: +n,
		r: +r,
		p: +p
	});
	return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Burns the same time as a real check, so unknown usernames are not revealed by timing. */
export async function verifyAgainstDummy(password: string, dummyHash: string): Promise<false> {
	await verifyPassword(password, dummyHash);
	return false;
}

// No 0/o, 1/l/i: the official reads it out or writes it on paper for the volunteer.
const READABLE = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A first or reset password, shown once: 12 characters of 31, about 59 bits. */
export function generatePassword(): string {
	const chars: string[] = [];
	while (chars.length < 12) {
		for (const b of randomBytes(16)) {
			// 248 = 8 × 31: rejecting the rest keeps every character equally likely.
			if (b < 248 && chars.length < 12) chars.push(READABLE[b % 31]);
		}
	}
	return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}
