import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAI, HUNG, LAN, TUAN, addressPoint, dossier } from '../helpers/docs.ts';
import { bearer, call, login, startTestServer, type TestServer } from '../helpers/server.ts';

/** Document photos: upload once by content hash, read back in the dossier's scope only. */
let server: TestServer;
const tokens: Record<string, string> = {};

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Bytes that start like a JPEG (the server checks the marker, the device made the image). */
function jpeg(size = 20_000): { bytes: Uint8Array<ArrayBuffer>; hash: string } {
	const bytes = new Uint8Array(size);
	bytes.set(randomBytes(size), 0);
	bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
	bytes.set([0xff, 0xd9], size - 2);
	return { bytes, hash: sha256(bytes) };
}

const photoA = jpeg();
const photoB = jpeg();
const unlisted = jpeg();
const big = jpeg(2_000_001);

function withPhotos(seed: number, hashes: string[]) {
	return dossier(LAN, seed, {
		documents: [
			{
				id: 'birthCertificate',
				state: 'photographed',
				certifiedCopy: false,
				photos: hashes.map((hash) => ({
					hash,
					bytes: 20_000,
					width: 1200,
					height: 1600,
					takenAt: '2026-11-20T09:00:00.000+07:00'
				}))
			}
		]
	});
}
const lanDossier = withPhotos(1, [photoA.hash, photoB.hash, big.hash]);

const url = (hash: string, dossierId: string = lanDossier._id, code = '25657') =>
	`${server.url}/api/communes/${code}/photos/${hash}?dossier=${encodeURIComponent(dossierId)}`;

function put(
	bytes: Uint8Array<ArrayBuffer>,
	hash: string,
	opts: { token?: string; dossierId?: string; type?: string; code?: string } = {}
) {
	return fetch(url(hash, opts.dossierId, opts.code), {
		method: 'PUT',
		headers: {
			...(opts.token === '' ? {} : bearer(opts.token ?? tokens.lan)),
			'content-type': opts.type ?? 'image/jpeg'
		},
		body: bytes
	});
}
const get = (hash: string, token: string, dossierId?: string, code?: string) =>
	fetch(url(hash, dossierId, code), { headers: bearer(token) });
const reason = async (res: Response) => ((await res.json()) as { reason: string }).reason;

beforeAll(async () => {
	server = await startTestServer();
	for (const [k, u] of [
		['lan', LAN.username],
		['hung', HUNG.username],
		['hai', HAI.username],
		['tuan', TUAN.username]
	]) {
		tokens[k] = (await login(server.url, u)).token;
	}
	const write = await call(server.url, '/db/c25657_dossiers/_bulk_docs', {
		headers: bearer(tokens.lan),
		body: { docs: [lanDossier] }
	});
	expect(write.body[0], JSON.stringify(write.body)).toMatchObject({ ok: true });
});
afterAll(() => server?.stop());

describe('photo upload', () => {
	it('stores a photo once: a resend of the same bytes changes nothing', async () => {
		const first = await put(photoA.bytes, photoA.hash);
		expect(first.status).toBe(201);
		expect(await first.json()).toMatchObject({ ok: true, created: true });
		const again = await put(photoA.bytes, photoA.hash);
		expect(again.status).toBe(200);
		expect(await again.json()).toMatchObject({ ok: true, created: false });

		const back = await get(photoA.hash, tokens.lan);
		expect(back.status).toBe(200);
		expect(back.headers.get('cache-control')).toBe('no-store');
		expect(sha256(new Uint8Array(await back.arrayBuffer()))).toBe(photoA.hash);

		const audit = await call(server.url, '/api/communes/25657/audit?limit=1000', {
			headers: bearer(tokens.hai)
		});
		const uploads = (
			audit.body.entries as { action?: string; details?: { hash?: string } }[]
		).filter((e) => e.action === 'photo.upload' && e.details?.hash === photoA.hash);
		expect(uploads).toHaveLength(1);
	});

	it('takes two uploads of one photo at the same time as one', async () => {
		const both = await Promise.all([
			put(photoB.bytes, photoB.hash),
			put(photoB.bytes, photoB.hash)
		]);
		expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
	});

	it('refuses bytes that do not match their hash, with the rule in both languages', async () => {
		const res = await put(photoA.bytes, photoB.hash.replace(/.$/, '0'));
		expect(res.status).toBe(400);
		const r = await reason(res);
		expect(r).toContain('[photo.hash]');
		expect(r).toContain('không khớp');
	});

	it('refuses a photo too large, another type and bytes that are not a JPEG', async () => {
		const tooBig = await put(big.bytes, big.hash);
		expect(tooBig.status).toBe(413);
		const png = await put(photoA.bytes, photoA.hash, { type: 'image/png' });
		expect(png.status).toBe(415);
		expect(await reason(png)).toContain('[photo.type]');
		const text = new TextEncoder().encode('not a jpeg at all');
		const notJpeg = await put(text, sha256(text));
		expect(notJpeg.status).toBe(415);
	});

	it('waits for the dossier: unknown, or not naming the photo yet', async () => {
		const missing = await put(unlisted.bytes, unlisted.hash, { dossierId: 'ds-not-there' });
		expect(missing.status).toBe(404);
		expect(await reason(missing)).toContain('[photo.dossier]');
		const notNamed = await put(unlisted.bytes, unlisted.hash);
		expect(notNamed.status).toBe(409);
		expect(await reason(notNamed)).toContain('[photo.unreferenced]');
	});

	it('refuses malformed names and queries', async () => {
		expect((await put(photoA.bytes, 'ABC')).status).toBe(400);
		expect((await put(photoA.bytes, photoA.hash.toUpperCase())).status).toBe(400);
		expect((await put(photoA.bytes, photoA.hash, { dossierId: '' })).status).toBe(400);
		expect((await put(photoA.bytes, photoA.hash, { dossierId: 'x'.repeat(300) })).status).toBe(400);
		expect((await put(photoA.bytes, photoA.hash, { code: '2565' })).status).toBe(400);
		const twice = await fetch(`${url(photoA.hash)}&dossier=other`, { headers: bearer(tokens.lan) });
		expect(twice.status).toBe(400);
		expect((await put(photoA.bytes, photoA.hash, { token: '' })).status).toBe(401);
		expect((await put(photoA.bytes, photoA.hash, { token: 'forged' })).status).toBe(401);
	});
});

describe('photo scope', () => {
	it('the commune office reads it', async () => {
		const res = await get(photoA.hash, tokens.hai);
		expect(res.status).toBe(200);
		expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(photoA.hash);
	});

	it('is invisible to a volunteer of another hamlet, for reading and writing', async () => {
		const read = await get(photoA.hash, tokens.hung);
		expect(read.status).toBe(404);
		const write = await put(photoA.bytes, photoA.hash, { token: tokens.hung });
		expect(write.status).toBe(404);
	});

	it('is refused to another commune', async () => {
		expect((await get(photoA.hash, tokens.tuan)).status).toBe(403);
		expect((await get(photoA.hash, tokens.tuan, lanDossier._id, '25666')).status).toBe(404);
	});

	it('is not a replicated database: the CouchDB edge does not serve it', async () => {
		const res = await call(server.url, '/db/c25657_photos/_all_docs', {
			headers: bearer(tokens.hai)
		});
		expect([403, 404]).toContain(res.status);
		expect(JSON.stringify(res.body)).not.toContain(photoA.hash);
	});

	it('a photo the dossier no longer names is not served', async () => {
		const current = await call(server.url, `/db/c25657_dossiers/${lanDossier._id}`, {
			headers: bearer(tokens.lan)
		});
		expect(current.status).toBe(200);
		const without = {
			...withPhotos(1, [photoB.hash]),
			_rev: current.body._rev,
			updatedAt: new Date().toISOString()
		};
		const write = await call(server.url, '/db/c25657_dossiers/_bulk_docs', {
			headers: bearer(tokens.lan),
			body: { docs: [without] }
		});
		expect(write.body[0], JSON.stringify(write.body)).toMatchObject({ ok: true });
		expect((await get(photoA.hash, tokens.lan)).status).toBe(409);
		expect((await get(photoB.hash, tokens.lan)).status).toBe(200);
	});
});

describe('photo of an address point’s front', () => {
	const front = jpeg();
	const point = addressPoint(LAN, 7, { photoHash: front.hash });
	const pointUrl = (q: string) => `${server.url}/api/communes/25657/photos/${front.hash}?${q}`;

	it('is stored and read through the point, in the point’s scope', async () => {
		const write = await call(server.url, '/db/c25657_addresses/_bulk_docs', {
			headers: bearer(tokens.lan),
			body: { docs: [point] }
		});
		expect(write.body[0], JSON.stringify(write.body)).toMatchObject({ ok: true });
		const up = await fetch(pointUrl(`point=${point._id}`), {
			method: 'PUT',
			headers: { ...bearer(tokens.lan), 'content-type': 'image/jpeg' },
			body: front.bytes
		});
		expect(up.status).toBe(201);
		const office = await fetch(pointUrl(`point=${point._id}`), { headers: bearer(tokens.hai) });
		expect(office.status).toBe(200);
		expect(sha256(new Uint8Array(await office.arrayBuffer()))).toBe(front.hash);
		expect(
			(await fetch(pointUrl(`point=${point._id}`), { headers: bearer(tokens.hung) })).status
		).toBe(404);
		// Through a dossier that does not name it, the same bytes are not served.
		expect(
			(await fetch(pointUrl(`dossier=${lanDossier._id}`), { headers: bearer(tokens.lan) })).status
		).toBe(409);
	});

	it('names exactly one record', async () => {
		expect((await fetch(pointUrl(''), { headers: bearer(tokens.lan) })).status).toBe(400);
		expect(
			(
				await fetch(pointUrl(`point=${point._id}&dossier=${lanDossier._id}`), {
					headers: bearer(tokens.lan)
				})
			).status
		).toBe(400);
		expect((await fetch(pointUrl('point='), { headers: bearer(tokens.lan) })).status).toBe(400);
	});
});
