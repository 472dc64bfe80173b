import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	importSigningKey,
	newDeviceSigningKey,
	newRevisionHash,
	sealHandover,
	type HandoverPayload
} from '../../../src/lib/domain/index.ts';
import { HUNG, LAN, TUAN, dossier, household, resident, type WireDoc } from '../helpers/docs.ts';
import { ADMIN, bearer, call, login, startTestServer, type TestServer } from '../helpers/server.ts';

/** Handover files: sealed for the server, signed by a registered device, imported by an official. */
let server: TestServer;
const tokens: Record<string, string> = {};
let serverKey = '';
const devices: Record<string, { id: string; key: CryptoKey }> = {};

async function registerDevice(username: string) {
	const pair = await newDeviceSigningKey();
	const id = `dev-${username}-${randomBytes(4).toString('hex')}`;
	const res = await call(server.url, '/api/handover/device', {
		method: 'PUT',
		headers: bearer(tokens[username]),
		body: { deviceId: id, publicKey: pair.publicSpki }
	});
	expect(res.status).toBe(200);
	serverKey = res.body.serverKey;
	devices[username] = { id, key: await importSigningKey(pair.privatePkcs8) };
}

/** A record as replication stores it: the device's own revision on top of `base`. */
function replicated(doc: WireDoc, base?: string): WireDoc {
	const hash = newRevisionHash();
	const baseGen = base ? Number(base.split('-')[0]) : 0;
	const ids = base ? [hash, base.split('-')[1]] : [hash];
	const { _rev: _r, ...fields } = doc;
	return { ...fields, _rev: `${baseGen + 1}-${hash}`, _revisions: { start: baseGen + 1, ids } };
}

async function file(
	author: string,
	commune: string,
	payload: HandoverPayload,
	opts: { device?: string; signer?: string } = {}
) {
	const signer = devices[opts.signer ?? author];
	return sealHandover(
		{
			fileId: randomBytes(16).toString('hex'),
			commune,
			author,
			deviceId: opts.device ?? signer.id,
			createdAt: new Date().toISOString()
		},
		payload,
		serverKey,
		signer.key
	);
}

async function importFile(text: string | Uint8Array, as = 'cb.tranvanhai', code = '25657') {
	const res = await fetch(`${server.url}/api/communes/${code}/handover`, {
		method: 'POST',
		headers: { ...bearer(tokens[as]), 'content-type': 'text/plain' },
		body: text as BodyInit
	});
	return { status: res.status, body: await res.json() };
}

const records = (collection: string, docs: WireDoc[]) =>
	docs.map((doc) => ({ collection, doc: replicated(doc) }));

async function current(db: string, id: string) {
	return call(server.url, `/db/${db}/${encodeURIComponent(id)}`, {
		headers: bearer(tokens[ADMIN.username])
	});
}

async function updateSeq(db: string) {
	return (await call(server.url, `/db/${db}`, { headers: bearer(tokens[ADMIN.username]) })).body
		.update_seq;
}

function jpeg(size = 20_000) {
	const bytes = new Uint8Array(randomBytes(size));
	bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
	bytes.set([0xff, 0xd9], size - 2);
	return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}

beforeAll(async () => {
	server = await startTestServer();
	for (const u of [LAN.username, HUNG.username, TUAN.username, 'cb.tranvanhai', ADMIN.username]) {
		tokens[u] = (
			await login(server.url, u, u === ADMIN.username ? ADMIN.password : undefined)
		).token;
	}
	const other = await call(server.url, '/api/admin/users', {
		headers: bearer(tokens[ADMIN.username]),
		body: {
			username: 'cb.other',
			password: 'Mat-khau-dai-2026',
			role: 'official',
			commune: '25666'
		}
	});
	expect(other.status).toBe(201);
	tokens['cb.other'] = (await login(server.url, 'cb.other', 'Mat-khau-dai-2026')).token;
	for (const u of [LAN.username, HUNG.username, TUAN.username]) await registerDevice(u);
}, 60_000);

afterAll(async () => {
	await server?.stop();
});

describe('device registration', () => {
	it('needs a session and a real ECDSA key', async () => {
		const none = await call(server.url, '/api/handover/device', {
			method: 'PUT',
			body: { deviceId: 'x', publicKey: 'A'.repeat(91) }
		});
		expect(none.status).toBe(401);
		const bad = await call(server.url, '/api/handover/device', {
			method: 'PUT',
			headers: bearer(tokens[LAN.username]),
			body: { deviceId: 'x', publicKey: Buffer.from(randomBytes(91)).toString('base64') }
		});
		expect(bad.status).toBe(400);
	});
});

describe('import', () => {
	const households = Array.from({ length: 3 }, (_, i) => household(LAN, 100 + i));
	const residents = Array.from({ length: 4 }, (_, i) =>
		resident(LAN, 100 + i, { householdId: households[i % 3]._id })
	);
	const photo = jpeg();
	const withPhoto = dossier(LAN, 100, {
		documents: [
			{
				id: 'birthCertificate',
				state: 'photographed',
				certifiedCopy: false,
				photos: [
					{
						hash: photo.hash,
						bytes: 20_000,
						width: 1200,
						height: 1600,
						takenAt: '2026-11-20T09:00:00.000+07:00'
					}
				]
			}
		]
	});
	let payload: HandoverPayload;
	let first: string;

	beforeAll(async () => {
		payload = {
			records: [
				...records('households', households),
				...records('residents', residents),
				...records('dossiers', [withPhoto])
			],
			photos: [
				{
					hash: photo.hash,
					parent: { kind: 'dossier', id: withPhoto._id },
					data: Buffer.from(photo.bytes).toString('base64')
				}
			]
		};
		first = await file(LAN.username, '25657', payload);
	});

	it('applies the records and photos in the author’s name, audited', async () => {
		const res = await importFile(first);
		expect(res.status).toBe(200);
		expect(res.body.replayed).toBe(false);
		expect(res.body.rows).toHaveLength(9);
		expect(res.body.rows.map((r: { outcome: string }) => r.outcome)).toEqual(
			Array(9).fill('accepted')
		);
		for (const { collection, doc } of payload.records) {
			const got = await current(`c25657_${collection}`, String(doc._id));
			expect(got.status).toBe(200);
			expect(got.body._rev).toBe(doc._rev);
			expect(got.body.updatedBy).toBe(LAN.username);
		}
		const photoRes = await fetch(
			`${server.url}/api/communes/25657/photos/${photo.hash}?dossier=${withPhoto._id}`,
			{ headers: bearer(tokens[LAN.username]) }
		);
		expect(photoRes.status).toBe(200);
		const audit = await call(server.url, '/api/communes/25657/audit', {
			headers: bearer(tokens['cb.tranvanhai'])
		});
		const entries = JSON.stringify(audit.body);
		expect(entries).toContain('handover.import');
		expect(entries).toContain(String(residents[0]._id));
	});

	it('changes nothing when the same file comes again', async () => {
		const before = await updateSeq('c25657_residents');
		const res = await importFile(first);
		expect(res.status).toBe(200);
		expect(res.body.replayed).toBe(true);
		expect(await updateSeq('c25657_residents')).toBe(before);
	});

	it('knows revisions it already holds, in another file of the same records', async () => {
		const before = await updateSeq('c25657_households');
		const again = await file(LAN.username, '25657', payload);
		const res = await importFile(again);
		expect(res.status).toBe(200);
		expect(res.body.replayed).toBe(false);
		expect(new Set(res.body.rows.map((r: { outcome: string }) => r.outcome))).toEqual(
			new Set(['already'])
		);
		expect(await updateSeq('c25657_households')).toBe(before);
	});

	it('leaves an edit on an outdated base to the device’s merge, and takes one on the current', async () => {
		const h = households[0];
		const stored = (await current('c25657_households', h._id)).body._rev as string;
		const onCurrent = replicated({ ...h, houseNumber: '12A' }, stored);
		const onOld = replicated({ ...h, houseNumber: '99' }, '1-' + 'a'.repeat(32));
		const res = await importFile(
			await file(LAN.username, '25657', {
				records: [
					{ collection: 'households', doc: onOld },
					{ collection: 'households', doc: onCurrent }
				],
				photos: []
			})
		);
		expect(res.body.rows.map((r: { outcome: string }) => r.outcome)).toEqual([
			'conflict',
			'accepted'
		]);
		expect((await current('c25657_households', h._id)).body._rev).toBe(onCurrent._rev);
	});

	it('refuses records outside the author’s scope and invalid ones, with Vietnamese reasons', async () => {
		const res = await importFile(
			await file(LAN.username, '25657', {
				records: [
					{ collection: 'households', doc: replicated(household(HUNG, 200)) },
					{ collection: 'households', doc: replicated(household(LAN, 201, { hamlet: 'nowhere' })) },
					{ collection: 'nothing', doc: replicated(household(LAN, 202)) }
				],
				photos: []
			})
		);
		expect(res.status).toBe(200);
		for (const row of res.body.rows) {
			expect(row.outcome).toBe('refused');
			expect(row.reason.vi.length).toBeGreaterThan(3);
		}
		expect((await current('c25657_households', household(HUNG, 200)._id)).status).toBe(404);
	});
});

describe('refused files, nothing written', () => {
	let good: string;
	let before: unknown;
	beforeAll(async () => {
		good = await file(LAN.username, '25657', {
			records: records('households', [household(LAN, 300)]),
			photos: []
		});
		before = await updateSeq('c25657_households');
	});
	const refused = (res: { status: number; body: { problem: string; reason: { vi: string } } }) => {
		expect(res.body.reason.vi).toMatch(/[àáảạãăâđêôơư]/);
		return [res.status, res.body.problem];
	};

	it('malformed', async () => {
		expect(refused(await importFile('hello'))).toEqual([400, 'format']);
		expect(refused(await importFile(new Uint8Array(randomBytes(3000))))).toEqual([400, 'format']);
		const lines = good.split('\n');
		lines[1] = '{"fileId":1}';
		expect(refused(await importFile(lines.join('\n')))).toEqual([400, 'tampered']);
	});

	it('truncated', async () => {
		expect(refused(await importFile(good.slice(0, Math.floor(good.length / 2))))).toEqual([
			400,
			'truncated'
		]);
		expect(refused(await importFile(good.slice(0, good.length - 5)))).toEqual([400, 'truncated']);
	});

	it('tampered: ciphertext, header or signature', async () => {
		const lines = good.split('\n');
		const flip = (s: string, at: number) =>
			s.slice(0, at) + (s[at] === 'A' ? 'B' : 'A') + s.slice(at + 1);
		for (const i of [1, 2, 3]) {
			const copy = [...lines];
			copy[i] = i === 1 ? copy[i].replace('"25657"', '"25657" ') : flip(copy[i], 20);
			expect(refused(await importFile(copy.join('\n')))).toEqual([400, 'tampered']);
		}
	});

	it('oversized', async () => {
		const big = 'TRAMSO-HANDOVER/1\n' + 'A'.repeat(49 * 1024 * 1024);
		expect(refused(await importFile(big))).toEqual([413, 'tooLarge']);
	});

	it('imported by a volunteer, or by another commune’s official', async () => {
		expect((await importFile(good, LAN.username)).status).toBe(403);
		expect((await importFile(good, 'cb.other')).status).toBe(403);
		expect(refused(await importFile(good, 'cb.other', '25666'))).toEqual([403, 'commune']);
	});

	it('made by another commune’s volunteer', async () => {
		const foreign = await file(TUAN.username, '25657', {
			records: records('households', [household(LAN, 301)]),
			photos: []
		});
		expect(refused(await importFile(foreign))).toEqual([403, 'author']);
	});

	it('claiming another author', async () => {
		// Signed by Lan's device, named as Hùng's: Hùng never registered that device.
		const claimed = await file(HUNG.username, '25657', payloadOf(household(HUNG, 302)), {
			signer: LAN.username,
			device: devices[LAN.username].id
		});
		expect(refused(await importFile(claimed))).toEqual([403, 'device']);
		// Signed by Lan's key under Hùng's own device id: the signature does not match his key.
		const forged = await file(HUNG.username, '25657', payloadOf(household(HUNG, 303)), {
			signer: LAN.username,
			device: devices[HUNG.username].id
		});
		expect(refused(await importFile(forged))).toEqual([400, 'tampered']);
	});

	it('wrote nothing', async () => {
		expect(await updateSeq('c25657_households')).toBe(before);
	});
});

function payloadOf(doc: WireDoc): HandoverPayload {
	return { records: [{ collection: 'households', doc: replicated(doc) }], photos: [] };
}
