import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAI, HUNG, LAN, TUAN, dossier, household, resident } from '../helpers/docs.ts';
import {
	ADMIN,
	basic,
	bearer,
	call,
	login,
	startTestServer,
	type TestServer
} from '../helpers/server.ts';

/** Residents' data rights over HTTP: access export, erasure to every device, requests log. */
let server: TestServer;
const tokens: Record<string, string> = {};
const admin = basic(ADMIN.username, ADMIN.password);

function jpeg(size = 20_000) {
	const bytes = new Uint8Array(size);
	bytes.set(randomBytes(size), 0);
	bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
	return { bytes, hash: createHash('sha256').update(bytes).digest('hex') };
}
const photo = jpeg();

// Two residents of one household; a dossier about the first alone (with a photo), one about both.
const hh = household(LAN, 1);
const subject = resident(LAN, 1, { householdId: hh._id });
const sibling = resident(LAN, 2, { householdId: hh._id });
const own = dossier(LAN, 1, {
	residentIds: [subject._id],
	householdId: hh._id,
	documents: [
		{
			id: 'birthCertificate',
			state: 'photographed',
			certifiedCopy: false,
			photos: [
				{
					hash: photo.hash,
					bytes: photo.bytes.length,
					width: 1200,
					height: 1600,
					takenAt: '2026-11-20T09:00:00.000+07:00'
				}
			]
		}
	]
});
const shared = dossier(LAN, 2, { residentIds: [subject._id, sibling._id], householdId: hh._id });
// Someone else entirely, who must not appear in the subject's export.
const other = resident(LAN, 3);

const api = (path: string) => `/api/communes/25657${path}`;
const asHai = (init: { method?: string; body?: unknown } = {}) => ({
	...init,
	headers: bearer(tokens.hai)
});

async function bulk(db: string, token: string, docs: unknown[]) {
	const res = await call(server.url, `/db/c25657_${db}/_bulk_docs`, {
		headers: bearer(token),
		body: { docs }
	});
	expect(res.status).toBe(201);
	for (const r of res.body) expect(r.error, JSON.stringify(r)).toBeUndefined();
	return res.body as { id: string; rev: string }[];
}

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
	await bulk('households', tokens.lan, [hh]);
	await bulk('residents', tokens.lan, [subject, sibling, other]);
	await bulk('dossiers', tokens.lan, [own, shared]);
	const up = await fetch(
		`${server.url}${api(`/photos/${photo.hash}?dossier=${encodeURIComponent(own._id)}`)}`,
		{
			method: 'PUT',
			headers: { ...bearer(tokens.lan), 'content-type': 'image/jpeg' },
			body: photo.bytes
		}
	);
	expect(up.status).toBe(201);
});
afterAll(() => server?.stop());

describe('the access export', () => {
	it('holds exactly the resident, their household address, their dossiers and photos', async () => {
		const res = await call(server.url, api(`/residents/${subject._id}/data`), asHai());
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		const data = res.body;
		expect(data.resident.fullName).toBe(subject.fullName);
		expect(data.resident.idNumber).toBe(subject.idNumber);
		expect(typeof subject.idNumber).toBe('string');
		expect(data.household).toEqual({
			id: hh._id,
			hamlet: LAN.hamlet,
			houseNumber: hh.houseNumber ?? null,
			street: hh.street ?? null
		});
		expect(data.dossiers.map((d: { id: string }) => d.id).sort()).toEqual(
			[own._id, shared._id].sort()
		);
		expect(data.photos).toEqual([{ dossier: own._id, hash: photo.hash }]);
		expect(data.history.length).toBeGreaterThanOrEqual(3);
		expect(data.history.every((e: { docId?: string }) => e.docId !== other._id)).toBe(true);
		const text = JSON.stringify(data);
		expect(text).not.toContain(String(other.fullName));
		expect(text).not.toContain(String(other.idNumber));
		expect(text).not.toContain(String(sibling.idNumber));

		const log = await call(server.url, api('/audit?action=rights.export'), asHai());
		expect(log.body.entries[0]).toMatchObject({ subject: subject._id, by: HAI.username });
	});

	it('is for the commune’s officials only; bad ids and unknown residents are refused', async () => {
		const path = api(`/residents/${subject._id}/data`);
		expect((await call(server.url, path, { headers: bearer(tokens.lan) })).status).toBe(403);
		expect((await call(server.url, path, { headers: bearer(tokens.tuan) })).status).toBe(403);
		expect((await call(server.url, path)).status).toBe(401);
		expect(
			(await call(server.url, `/api/communes/25666/residents/${subject._id}/data`, asHai())).status
		).toBe(403);
		expect((await call(server.url, api('/residents/nobody-here/data'), asHai())).status).toBe(404);
		expect((await call(server.url, api('/residents/%00bad/data'), asHai())).status).toBe(400);
		expect((await call(server.url, '/api/communes/1/residents/x/data', asHai())).status).toBe(400);
		const admins = await call(server.url, path, { headers: admin });
		expect(admins.status).toBe(200);
	});
});

describe('the requests log', () => {
	it('logs a request with its 72-hour deadline, lists it, and answers it once', async () => {
		const made = await call(
			server.url,
			api('/rights-requests'),
			asHai({
				body: {
					residentId: subject._id,
					kind: 'access',
					receivedAt: '2026-12-01T08:00:00+07:00',
					note: 'Hỏi tại trụ sở'
				}
			})
		);
		expect(made.status).toBe(201);
		expect(made.body).toMatchObject({
			kind: 'access',
			receivedAt: '2026-12-01T01:00:00.000Z',
			deadline: '2026-12-04T01:00:00.000Z',
			loggedBy: HAI.username,
			closed: null
		});
		const list = await call(server.url, api('/rights-requests'), asHai());
		expect(list.body.requests.map((r: { id: string }) => r.id)).toContain(made.body.id);

		const close = (body: unknown) =>
			call(server.url, api(`/rights-requests/${made.body.id}/close`), asHai({ body }));
		expect((await close({ outcome: 'done', note: 'Đã giao bản in' })).status).toBe(200);
		expect((await close({ outcome: 'done', note: 'again' })).status).toBe(409);
	});

	it('refuses malformed requests field by field, and volunteers', async () => {
		const post = (body: unknown, token = tokens.hai) =>
			call(server.url, api('/rights-requests'), { headers: bearer(token), body });
		const bad = await post({ residentId: subject._id, kind: 'sell', extra: 1 });
		expect(bad.status).toBe(400);
		expect(bad.body.reason).toContain('kind');
		expect(bad.body.reason).toContain('extra');
		expect(
			(await post({ residentId: subject._id, kind: 'access', receivedAt: 'hôm qua' })).status
		).toBe(400);
		expect(
			(await post({ residentId: subject._id, kind: 'access', note: 'x'.repeat(501) })).status
		).toBe(400);
		expect((await post([1, 2])).status).toBe(400);
		expect((await post({ residentId: subject._id, kind: 'access' }, tokens.lan)).status).toBe(403);
		const huge = await fetch(`${server.url}${api('/rights-requests')}`, {
			method: 'POST',
			headers: { ...bearer(tokens.hai), 'content-type': 'application/json' },
			body: JSON.stringify({ residentId: subject._id, kind: 'access', note: 'x'.repeat(10_000) })
		});
		expect(huge.status).toBe(413);
		const close = await call(
			server.url,
			api('/rights-requests/not-hex/close'),
			asHai({ body: {} })
		);
		expect(close.status).toBe(400);
		const unknown = await call(
			server.url,
			api('/rights-requests/0123456789abcdef/close'),
			asHai({ body: { outcome: 'done', note: 'x' } })
		);
		expect(unknown.status).toBe(404);
	});
});

describe('the erasure', () => {
	it('needs a reason, an official of the commune, and a resident the server has', async () => {
		const path = api(`/residents/${subject._id}/erase`);
		expect((await call(server.url, path, asHai({ body: { reason: 'ngắn' } }))).status).toBe(400);
		expect(
			(await call(server.url, path, asHai({ body: { reason: 'Người dân yêu cầu xóa', x: 1 } })))
				.status
		).toBe(400);
		expect(
			(
				await call(server.url, path, {
					headers: bearer(tokens.lan),
					body: { reason: 'Người dân yêu cầu xóa' }
				})
			).status
		).toBe(403);
		expect(
			(
				await call(
					server.url,
					api('/residents/nobody-here/erase'),
					asHai({ body: { reason: 'Người dân yêu cầu xóa' } })
				)
			).status
		).toBe(404);
		// Nothing was erased by any of these.
		expect((await call(server.url, api(`/residents/${subject._id}/data`), asHai())).status).toBe(
			200
		);
	});

	it('removes the resident, their own dossier and its photo, everywhere, for good', async () => {
		const before = await call(server.url, `/db/c25657_residents/${subject._id}`, {
			headers: bearer(tokens.lan)
		});
		const oldRev = before.body._rev as string;
		// The raw store still holds that revision's body (so the check below can fail).
		const raw = `/db/c25657_residents/${subject._id}?rev=${oldRev}`;
		expect((await call(server.url, raw, { headers: admin })).status).toBe(200);

		const req = await call(
			server.url,
			api('/rights-requests'),
			asHai({ body: { residentId: subject._id, kind: 'erase' } })
		);
		const erased = await call(
			server.url,
			api(`/residents/${subject._id}/erase`),
			asHai({ body: { reason: 'Người dân yêu cầu xóa tại trụ sở', request: req.body.id } })
		);
		expect(erased.status).toBe(200);
		expect(erased.body.removed).toEqual({ residents: 1, households: 0, dossiers: 1, photos: 1 });
		expect(erased.body.keptDossiers).toEqual([shared._id]);

		// The volunteer's phone gets a tombstone with no personal data at its next pull.
		const changes = await call(server.url, '/db/c25657_residents/_changes?include_docs=true', {
			headers: bearer(tokens.lan)
		});
		const row = changes.body.results.find((r: { id: string }) => r.id === subject._id);
		expect(row.deleted).toBe(true);
		expect(Object.keys(row.doc).sort()).toEqual(
			['_deleted', '_id', '_rev', 'updatedAt', 'updatedBy'].sort()
		);
		expect(JSON.stringify(changes.body)).not.toContain(String(subject.idNumber));
		// The old revision's body is gone from the store, not only hidden.
		expect((await call(server.url, raw, { headers: admin })).status).toBe(404);
		const photoRes = await fetch(
			`${server.url}${api(`/photos/${photo.hash}?dossier=${encodeURIComponent(own._id)}`)}`,
			{ headers: bearer(tokens.hai) }
		);
		expect(photoRes.status).toBe(404);
		expect(
			(await call(server.url, `/db/c25657_photos/${own._id}:${photo.hash}`, { headers: admin }))
				.status
		).toBe(404);
		// The household stays: the sibling lives there. The shared dossier stays, for a person.
		expect(
			(await call(server.url, `/db/c25657_households/${hh._id}`, { headers: bearer(tokens.lan) }))
				.status
		).toBe(200);
		expect(
			(await call(server.url, `/db/c25657_dossiers/${shared._id}`, { headers: bearer(tokens.lan) }))
				.status
		).toBe(200);

		// The request is answered, and the audit keeps the reason and no personal data.
		const list = await call(server.url, api('/rights-requests'), asHai());
		const answered = list.body.requests.find((r: { id: string }) => r.id === req.body.id);
		expect(answered.closed).toMatchObject({ outcome: 'done', by: HAI.username });
		const log = await call(server.url, api('/audit?action=rights.erase'), asHai());
		expect(log.body.entries[0]).toMatchObject({
			subject: subject._id,
			details: { reason: 'Người dân yêu cầu xóa tại trụ sở', dossiers: [own._id] }
		});
		expect(JSON.stringify(log.body)).not.toContain(String(subject.fullName));

		expect((await call(server.url, api(`/residents/${subject._id}/data`), asHai())).status).toBe(
			404
		);
	});

	it('an offline phone’s old edit, or an old revision replayed, cannot bring the record back', async () => {
		// The phone edits from the revision it had before the erasure.
		const stale = { ...subject, _rev: undefined, phone: '0912345678' };
		const push = await call(server.url, '/db/c25657_residents/_bulk_docs', {
			headers: bearer(tokens.lan),
			body: { docs: [stale] }
		});
		expect(push.body[0].error).toBeDefined();
		const replay = await call(server.url, '/db/c25657_residents/_bulk_docs', {
			headers: bearer(tokens.lan),
			body: {
				new_edits: false,
				docs: [
					{
						...subject,
						_rev: '9-0123456789abcdef0123456789abcdef',
						_revisions: { start: 9, ids: ['0123456789abcdef0123456789abcdef'] }
					}
				]
			}
		});
		expect(replay.body[0]?.error ?? replay.body[0]?.reason).toBeDefined();
		expect(JSON.stringify(replay.body)).toContain('record.erased');
		const now = await call(server.url, `/db/c25657_residents/${subject._id}`, {
			headers: bearer(tokens.lan)
		});
		expect(now.status).toBe(404);
		// Another volunteer's and the admin's views agree.
		expect(
			(
				await call(server.url, `/db/c25657_residents/${subject._id}`, {
					headers: bearer(tokens.hung)
				})
			).status
		).toBe(404);
	});
});
