import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAI, HUNG, LAN, TUAN, resident, type Author, type WireDoc } from '../helpers/docs.ts';
import {
	ADMIN,
	basic,
	bearer,
	call,
	login,
	startTestServer,
	type TestServer
} from '../helpers/server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};
/** A second volunteer of Ấp Bến Chò, who did not enter Lan's records. */
const HOA: Author = { username: 'tnv.hoa', commune: '25657', hamlet: 'ap-ben-cho' };

beforeAll(async () => {
	server = await startTestServer();
	const created = await call(server.url, '/api/admin/users', {
		headers: basic(ADMIN.username, ADMIN.password),
		body: {
			username: HOA.username,
			password: 'mat-khau-hoa',
			role: 'volunteer',
			commune: '25657',
			hamlets: ['ap-ben-cho']
		}
	});
	expect(created.status).toBe(201);
	for (const a of [LAN, HUNG, HAI, TUAN])
		tokens[a.username] = (await login(server.url, a.username)).token;
	tokens[HOA.username] = (await login(server.url, HOA.username, 'mat-khau-hoa')).token;
});
afterAll(() => server.stop());

const write = async (author: Author, docs: unknown[]) => {
	const res = await call(server.url, `/db/c${author.commune}_residents/_bulk_docs`, {
		headers: bearer(tokens[author.username]),
		body: { docs }
	});
	expect(res.body.filter((r: { ok?: boolean }) => !r.ok)).toEqual([]);
	return res.body as { id: string; rev: string }[];
};
const duplicates = (username: string, commune = '25657') =>
	call(server.url, `/api/communes/${commune}/duplicates`, { headers: bearer(tokens[username]) });
const collisions = async (username: string) => {
	const res = await duplicates(username);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.body.collisions as { residentId: string; otherId?: string; otherHamlet: string }[];
};
const current = async (author: Author, id: string) =>
	(
		await call(server.url, `/db/c${author.commune}_residents/${id}`, {
			headers: bearer(tokens[author.username])
		})
	).body as WireDoc;
/** `stored` edited on the device: a new revision, with `from`'s number if given. */
const edited = (stored: WireDoc, from?: WireDoc) => ({
	...stored,
	...(from ? { idNumber: from.idNumber, dateOfBirth: from.dateOfBirth, sex: from.sex } : {}),
	updatedAt: new Date().toISOString()
});
const ids = (list: { residentId: string }[]) => list.map((c) => c.residentId);
/** A resident carrying `cccd`, with the sex and birth year the number encodes. */
const carrying = (author: Author, seed: number, cccd: string, from: WireDoc) =>
	resident(author, seed, { idNumber: cccd, dateOfBirth: from.dateOfBirth, sex: from.sex });

describe('CCCDs entered in two hamlets meet on the server, without an oracle', () => {
	let lanDoc: WireDoc;
	let hungDoc: WireDoc;

	it('tells the volunteer who entered the number first, not the one who came later', async () => {
		lanDoc = resident(LAN, 1);
		const cccd = lanDoc.idNumber as string;
		expect(cccd).toMatch(/^\d{12}$/);
		await write(LAN, [lanDoc, resident(LAN, 2)]);
		expect(await collisions(HUNG.username)).toEqual([]);

		hungDoc = carrying(HUNG, 3, cccd, lanDoc);
		await write(HUNG, [hungDoc]);

		// Hùng came second: asking tells him nothing about Ấp Bến Chò.
		expect(await collisions(HUNG.username)).toEqual([]);
		const forLan = await duplicates(LAN.username);
		expect(forLan.body.collisions).toEqual([
			{ residentId: lanDoc._id, otherHamlet: HUNG.hamlet, otherHamletName: 'Ấp Thạnh Hòa' }
		]);
		expect(JSON.stringify(forLan.body)).not.toContain(cccd);
		// Hoa serves the same hamlet but did not enter the number.
		expect(await collisions(HOA.username)).toEqual([]);

		// The official reads both hamlets: both sides, with the ids of both records.
		const forHai = await collisions(HAI.username);
		expect(forHai).toHaveLength(2);
		expect(forHai).toContainEqual(
			expect.objectContaining({ residentId: hungDoc._id, otherId: lanDoc._id })
		);
	});

	it('guessed numbers written now reveal nothing that was there before, whatever their timestamps', async () => {
		const known = [resident(LAN, 10), resident(LAN, 11), resident(LAN, 12)];
		await write(LAN, known);
		const guesses = Array.from({ length: 40 }, (_, i) =>
			i < known.length
				? {
						...carrying(HUNG, 100 + i, known[i].idNumber as string, known[i]),
						// The device claims it recorded them long ago: receipt order decides, not createdAt.
						createdAt: `${known[i].dateOfBirth}T12:00:00.000Z`
					}
				: resident(HUNG, 100 + i)
		);
		await write(HUNG, guesses);
		expect(await collisions(HUNG.username)).toEqual([]);
		const forLan = await collisions(LAN.username);
		for (const k of known) expect(forLan.map((c) => c.residentId)).toContain(k._id);
	});

	it('a number moved onto an older record counts from when it was moved, and the order survives a restart', async () => {
		// Hùng's record is older than Lan's, but the number reaches it only after Lan entered hers.
		const hungOld = resident(HUNG, 20);
		await write(HUNG, [hungOld]);
		const lanNew = resident(LAN, 21);
		await write(LAN, [lanNew]);
		await write(HUNG, [edited(await current(HUNG, hungOld._id), lanNew)]);
		expect(ids(await collisions(HUNG.username))).not.toContain(hungOld._id);
		expect(ids(await collisions(LAN.username))).toContain(lanNew._id);

		// Lan edits another field of her record: the number's order stays hers.
		await write(LAN, [edited(await current(LAN, lanNew._id))]);
		expect(ids(await collisions(LAN.username))).toContain(lanNew._id);

		await server.stop({ keepData: true });
		await server.restart();
		expect(ids(await collisions(LAN.username))).toContain(lanNew._id);
		expect(await collisions(HUNG.username)).toEqual([]);
	});

	it('an edit of the first record after the second arrived, with nobody asking between, keeps it first', async () => {
		const lanFirst = resident(LAN, 30);
		await write(LAN, [lanFirst]);
		await write(HUNG, [carrying(HUNG, 31, lanFirst.idNumber as string, lanFirst)]);
		await write(LAN, [edited(await current(LAN, lanFirst._id))]);
		// The feed now lists Hùng's record before Lan's latest revision; the stamps still know.
		expect(await collisions(HUNG.username)).toEqual([]);
		expect(ids(await collisions(LAN.username))).toContain(lanFirst._id);
	});

	it('forgets a collision once one record is corrected or removed', async () => {
		await write(LAN, [edited(await current(LAN, lanDoc._id), resident(LAN, 4))]);
		expect(ids(await collisions(LAN.username))).not.toContain(lanDoc._id);
		expect(ids(await collisions(HAI.username))).not.toContain(hungDoc._id);

		// Hùng removes one of his guesses: Lan's record that it matched collides no more.
		const before = ids(await collisions(LAN.username));
		expect(before).toContain('r-ap-ben-cho-10');
		const guess = await current(HUNG, 'r-ap-thanh-hoa-100');
		const removed = await call(
			server.url,
			`/db/c25657_residents/${guess._id}?rev=${encodeURIComponent(String(guess._rev))}`,
			{ method: 'DELETE', headers: bearer(tokens[HUNG.username]) }
		);
		expect(removed.status).toBe(200);
		expect(ids(await collisions(LAN.username))).not.toContain('r-ap-ben-cho-10');
		expect(ids(await collisions(HAI.username))).not.toContain('r-ap-thanh-hoa-100');
	});

	it('logs every lookup in the commune audit', async () => {
		await collisions(LAN.username);
		const log = await call(server.url, '/api/communes/25657/audit?limit=1000', {
			headers: bearer(tokens[HAI.username])
		});
		const lookups = log.body.entries.filter(
			(e: { action: string }) => e.action === 'duplicates.lookup'
		);
		expect(lookups.length).toBeGreaterThanOrEqual(10);
		expect(lookups[0]).toMatchObject({
			kind: 'event',
			commune: '25657',
			by: LAN.username,
			details: { found: expect.any(Number), residents: expect.any(Array) }
		});
		expect(lookups.some((e: { by: string }) => e.by === HUNG.username)).toBe(true);
		expect(JSON.stringify(lookups)).not.toMatch(/\d{12}/);
	});

	it('refuses other communes, unknown ones, and missing or bad credentials', async () => {
		expect((await duplicates(TUAN.username)).status).toBe(403);
		expect((await duplicates(TUAN.username, '25666')).body.collisions).toEqual([]);
		expect((await duplicates(LAN.username, '25666')).status).toBe(403);
		expect((await call(server.url, '/api/communes/25657/duplicates')).status).toBe(401);
		expect(
			(
				await call(server.url, '/api/communes/25657/duplicates', {
					headers: bearer('x'.repeat(43))
				})
			).status
		).toBe(401);
		const admin = basic(ADMIN.username, ADMIN.password);
		expect(
			(await call(server.url, '/api/communes/99999/duplicates', { headers: admin })).status
		).toBe(404);
		expect(
			(await call(server.url, '/api/communes/%ZZ/duplicates', { headers: admin })).status
		).toBe(400);
		expect(
			(
				await call(server.url, '/api/communes/25657/duplicates', {
					method: 'POST',
					headers: bearer(tokens[LAN.username])
				})
			).status
		).toBe(404);
	});

	it('is rate-limited per user, with Retry-After', async () => {
		const statuses: number[] = [];
		let retryAfter: string | null = null;
		for (let i = 0; i < 24; i++) {
			const res = await duplicates(HOA.username);
			statuses.push(res.status);
			if (res.status === 429) retryAfter ??= res.headers.get('retry-after');
		}
		expect(statuses.slice(0, 19).every((s) => s === 200)).toBe(true);
		expect(statuses.at(-1)).toBe(429);
		expect(Number(retryAfter)).toBeGreaterThan(0);
		expect(Number(retryAfter)).toBeLessThanOrEqual(15);
		// Other users ask on.
		expect((await duplicates(HAI.username)).status).toBe(200);
	});
});
