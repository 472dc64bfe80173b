import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAI, LAN, TUAN, household } from '../helpers/docs.ts';
import { bearer, call, login, startTestServer, type TestServer } from '../helpers/server.ts';

// The office's queue of what the server refused from phones: kept per user, bounded, cleared
// when the phone sends the record again and it is taken.

let server: TestServer;
const tokens: Record<string, string> = {};
beforeAll(async () => {
	server = await startTestServer();
	for (const a of [LAN, HAI, TUAN])
		tokens[a.username] = (await login(server.url, a.username)).token;
});
afterAll(() => server.stop());

const bulk = (docs: unknown[]) =>
	call(server.url, '/db/c25657_households/_bulk_docs', {
		headers: bearer(tokens[LAN.username]),
		body: { docs }
	});
const refusals = (token = tokens[HAI.username], commune = '25657') =>
	call(server.url, `/api/communes/${commune}/refusals`, { headers: bearer(token) });

describe('refused records, for the office', () => {
	it('lists what was refused with its reason in Vietnamese, and drops it once the record is taken', async () => {
		const bad = household(LAN, 501, { houseNumber: '' });
		const sent = await bulk([bad, household(LAN, 502)]);
		expect(sent.body[0]).toMatchObject({ id: bad._id, error: 'forbidden' });
		expect(sent.body[1]).toMatchObject({ ok: true });

		const listed = await refusals();
		expect(listed.status).toBe(200);
		const entry = listed.body.refusals.find((r: { id: string }) => r.id === bad._id);
		expect(entry).toMatchObject({ collection: 'households', by: LAN.username });
		expect(entry.reason.vi).toContain('houseNumber');
		expect(entry.reason.vi).not.toContain(' | ');
		expect(listed.body.refusals.some((r: { id: string }) => r.id === household(LAN, 502)._id)).toBe(
			false
		);

		// Fixed on the phone and sent again: no longer waiting.
		const fixed = await bulk([household(LAN, 501)]);
		expect(fixed.body[0]).toMatchObject({ ok: true });
		const after = await refusals();
		expect(after.body.refusals.some((r: { id: string }) => r.id === bad._id)).toBe(false);
	});

	it('stays bounded however many bad records a phone sends', async () => {
		const docs = Array.from({ length: 80 }, (_, i) => household(LAN, 600 + i, { houseNumber: '' }));
		await bulk(docs);
		const mine = (await refusals()).body.refusals.filter(
			(r: { by: string }) => r.by === LAN.username
		);
		expect(mine.length).toBe(50);
		// The newest are kept.
		expect(mine.some((r: { id: string }) => r.id === docs[79]._id)).toBe(true);
	});

	it('is for the commune’s officials only', async () => {
		expect((await refusals(tokens[LAN.username])).status).toBe(403);
		expect((await refusals(tokens[TUAN.username])).status).toBe(403);
		expect((await refusals(tokens[HAI.username], '25666')).status).toBe(403);
		expect((await call(server.url, '/api/communes/25657/refusals', { headers: {} })).status).toBe(
			401
		);
	});
});
