import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAN, household } from '../helpers/docs.ts';
import { bearer, call, login, startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startTestServer({ demoRecords: true });
});
afterAll(() => server.stop());

describe('durability', () => {
	it('keeps data, accounts and sessions across kill -9 and restart', async () => {
		const { token } = await login(server.url, LAN.username);
		const docs = Array.from({ length: 200 }, (_, i) => household(LAN, i));
		const res = await call(server.url, '/db/c25657_households/_bulk_docs', {
			headers: bearer(token),
			body: { docs }
		});
		expect(res.body.every((r: { ok?: boolean }) => r.ok)).toBe(true);
		const oldPid = server.pid;
		await server.kill();
		await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
		await server.restart();
		expect(server.pid).not.toBe(oldPid);
		const all = await call(server.url, '/db/c25657_households/_all_docs?include_docs=true', {
			headers: bearer(token)
		});
		expect(all.status).toBe(200);
		const mine = all.body.rows.filter((r: { id: string }) => !r.id.startsWith('hh-demo-'));
		expect(mine.length).toBe(200);
		expect(mine[0].doc.commune).toBe('25657');
		// Lan's hamlet also holds the demo households.
		expect(all.body.rows.length - mine.length).toBe(6);
		// The demo is not seeded twice on a non-empty data directory.
		expect(server.output().match(/demo data seeded/g)?.length).toBe(1);
		// Every demo record passes the current schemas (the seed skips and reports the others).
		expect(server.output()).not.toMatch(/skipped/);
	});
});
