import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAI, HUNG, LAN, TUAN, resident } from '../helpers/docs.ts';
import { bearer, call, login, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
	server = await startTestServer();
	for (const a of [LAN, HUNG, HAI, TUAN])
		tokens[a.username] = (await login(server.url, a.username)).token;
});
afterAll(() => server.stop());

const write = async (token: string, docs: unknown[]) => {
	const res = await call(server.url, '/db/c25657_residents/_bulk_docs', {
		headers: bearer(token),
		body: { docs }
	});
	expect(res.body.every((r: { ok?: boolean }) => r.ok)).toBe(true);
	return res.body as { id: string; rev: string }[];
};
const duplicates = (username: string, commune = '25657') =>
	call(server.url, `/api/communes/${commune}/duplicates`, { headers: bearer(tokens[username]) });

describe('CCCDs entered in two hamlets meet on the server', () => {
	it('tells each volunteer which of their residents collides, and only the other hamlet', async () => {
		const lanDoc = resident(LAN, 1);
		const cccd = lanDoc.idNumber as string;
		expect(cccd).toMatch(/^\d{12}$/);
		await write(tokens[LAN.username], [lanDoc, resident(LAN, 2)]);
		expect((await duplicates(HUNG.username)).body.collisions).toEqual([]);

		const hungDoc = resident(HUNG, 3, {
			idNumber: cccd,
			dateOfBirth: lanDoc.dateOfBirth,
			sex: lanDoc.sex
		});
		await write(tokens[HUNG.username], [hungDoc]);

		const forHung = await duplicates(HUNG.username);
		expect(forHung.status).toBe(200);
		expect(forHung.body.collisions).toEqual([
			{ residentId: hungDoc._id, otherHamlet: LAN.hamlet, otherHamletName: expect.any(String) }
		]);
		expect(forHung.body.collisions[0].otherHamletName).toMatch(/^Ấp /);
		expect(JSON.stringify(forHung.body)).not.toContain(cccd);

		const forLan = await duplicates(LAN.username);
		expect(forLan.body.collisions).toEqual([
			{ residentId: lanDoc._id, otherHamlet: HUNG.hamlet, otherHamletName: expect.any(String) }
		]);

		// The official sees both sides, with the ids of both records.
		const forHai = (await duplicates(HAI.username)).body.collisions;
		expect(forHai).toHaveLength(2);
		expect(forHai).toContainEqual(
			expect.objectContaining({ residentId: hungDoc._id, otherId: lanDoc._id })
		);
	});

	it('forgets a collision once one record is corrected, and refuses another commune', async () => {
		const before = (await duplicates(HUNG.username)).body.collisions;
		expect(before).toHaveLength(1);
		const id = before[0].residentId;
		const current = (
			await call(server.url, `/db/c25657_residents/${id}`, {
				headers: bearer(tokens[HUNG.username])
			})
		).body;
		const fixed = resident(HUNG, 4);
		await write(tokens[HUNG.username], [
			{
				...current,
				idNumber: fixed.idNumber,
				dateOfBirth: fixed.dateOfBirth,
				sex: fixed.sex,
				updatedAt: fixed.updatedAt
			}
		]);
		expect((await duplicates(HUNG.username)).body.collisions).toEqual([]);
		expect((await duplicates(LAN.username)).body.collisions).toEqual([]);

		expect((await duplicates(TUAN.username)).status).toBe(403);
		expect((await duplicates(TUAN.username, '25666')).body.collisions).toEqual([]);
		expect((await call(server.url, '/api/communes/25657/duplicates')).status).toBe(401);
	});
});
