import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64 } from '$domain/bytes';
import {
	importSigningKey,
	newDeviceSigningKey,
	openHandover,
	parseHandover,
	sealHandover,
	serverKeyId,
	type HandoverPayload
} from '$domain/handover';

const subtle = globalThis.crypto.subtle;

async function serverPair() {
	const pair = (await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
		'deriveBits'
	])) as CryptoKeyPair;
	const spki = bytesToBase64(new Uint8Array(await subtle.exportKey('spki', pair.publicKey)));
	return { spki, privateKey: pair.privateKey };
}

const meta = {
	fileId: '0123456789abcdef0123456789abcdef',
	commune: '25657',
	author: 'nguyenthilan',
	deviceId: 'device-1',
	createdAt: '2026-12-02T08:00:00.000+07:00'
};
const payload: HandoverPayload = {
	records: [{ collection: 'households', doc: { _id: 'hh-1', _rev: '1-' + 'a'.repeat(32) } }],
	photos: [{ hash: 'b'.repeat(64), parent: { kind: 'dossier', id: 'ds-1' }, data: 'AAAA' }]
};

describe('handover file', () => {
	it('round-trips: sealed for the server, signed by the device', async () => {
		const server = await serverPair();
		const device = await newDeviceSigningKey();
		const text = await sealHandover(
			meta,
			payload,
			server.spki,
			await importSigningKey(device.privatePkcs8)
		);
		const parsed = parseHandover(text);
		if (!parsed.ok) throw new Error(parsed.problem);
		expect(parsed.value.header).toMatchObject({
			...meta,
			counts: { records: 1, photos: 1 },
			server: await serverKeyId(server.spki)
		});
		// The header is readable; the records are not.
		expect(text).not.toContain('hh-1');
		const opened = await openHandover(parsed.value, device.publicSpki, server.privateKey);
		expect(opened).toEqual({ ok: true, value: payload });
	});

	it('tells a truncated file, a foreign file and a tampered one apart', async () => {
		const server = await serverPair();
		const device = await newDeviceSigningKey();
		const text = await sealHandover(
			meta,
			payload,
			server.spki,
			await importSigningKey(device.privatePkcs8)
		);
		expect(parseHandover('PK\u0003\u0004zip')).toEqual({ ok: false, problem: 'format' });
		for (const cut of [30, text.length / 2, text.length - 4]) {
			expect(parseHandover(text.slice(0, Math.floor(cut)))).toMatchObject({ ok: false });
		}
		expect(parseHandover(text.slice(0, text.length - 4))).toEqual({
			ok: false,
			problem: 'truncated'
		});
		const lines = text.split('\n');
		const ct = base64ToBytes(lines[2]);
		ct[5] ^= 1;
		lines[2] = bytesToBase64(ct);
		const parsed = parseHandover(lines.join('\n'));
		if (!parsed.ok) throw new Error(parsed.problem);
		expect(await openHandover(parsed.value, device.publicSpki, server.privateKey)).toEqual({
			ok: false,
			problem: 'tampered'
		});
		// Signed by another device: refused the same way.
		const other = await newDeviceSigningKey();
		const good = parseHandover(text);
		if (!good.ok) throw new Error(good.problem);
		expect(await openHandover(good.value, other.publicSpki, server.privateKey)).toEqual({
			ok: false,
			problem: 'tampered'
		});
	});

	it('refuses a header that is not the format', () => {
		const text = ['TRAMSO-HANDOVER/1', '{"fileId":"x"}', 'AAAA', 'AAAA', 'END', ''].join('\n');
		expect(parseHandover(text)).toEqual({ ok: false, problem: 'tampered' });
	});
});
