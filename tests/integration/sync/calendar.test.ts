import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '$domain/dossier';
import { workCalendar, workCalendarVersion } from '$lib/services/catalogue';
import { loadStoredCalendar, refreshCalendar } from '$lib/sync/calendar';
import { openTestDevice } from './devices';
import { adminCli, bearer, call, login, startTestServer, type TestServer } from '../helpers/server';

/** The working-day calendar: an admin imports the new year's arrangement, devices count with it. */
let server: TestServer;
const tokens: Record<string, string> = {};
const shipped = JSON.parse(
	readFileSync(new URL('../../../static-data/calendar/work-calendar.json', import.meta.url), 'utf8')
);
/** Version 2: Monday 7 December 2026 made a day off (a made-up arrangement for the test). */
const newer = {
	...shipped,
	version: 2,
	updatedAt: '2026-12-02T08:00:00+07:00',
	years: shipped.years.map((y: { year: number; offDays: unknown[] }) =>
		y.year === 2026
			? {
					...y,
					offDays: [
						...y.offDays,
						{ date: '2026-12-07', kind: 'other', name: { vi: 'Nghỉ thử', en: 'Test day off' } }
					]
				}
			: y
	)
};
const put = (body: unknown, token = tokens.admin) =>
	call(server.url, '/api/admin/calendar', { method: 'PUT', headers: bearer(token), body });

beforeAll(async () => {
	server = await startTestServer();
	tokens.admin = (await login(server.url, 'admin', 'tramso-admin')).token;
	tokens.hai = (await login(server.url, 'cb.tranvanhai')).token;
});
afterAll(() => server?.stop());

describe('working-day calendar', () => {
	it('serves the shipped calendar to signed-in users only, with an ETag', async () => {
		expect((await call(server.url, '/api/calendar')).status).toBe(401);
		const res = await call(server.url, '/api/calendar', { headers: bearer(tokens.hai) });
		expect(res.status).toBe(200);
		expect(res.body.version).toBe(shipped.version);
		const etag = res.headers.get('etag')!;
		const again = await fetch(`${server.url}/api/calendar`, {
			headers: { ...bearer(tokens.hai), 'if-none-match': etag }
		});
		expect(again.status).toBe(304);
	});

	it('refuses an import from a non-admin, a malformed calendar, and one not newer', async () => {
		expect((await put(newer, tokens.hai)).status).toBe(403);
		const bad = await put({ ...newer, years: [{ year: 2026 }] });
		expect(bad.status).toBe(400);
		expect(bad.body.reason).toContain('years');
		const wrongYear = structuredClone(newer);
		wrongYear.years[0].offDays[0].date = '1999-01-01';
		expect((await put(wrongYear)).status).toBe(400);
		expect((await put('not json at all')).status).toBe(400);
		const same = await put({ ...shipped, updatedAt: '2026-12-02T00:00:00+07:00' });
		expect(same.status).toBe(409);
		expect((await put({ big: 'x'.repeat(1_100_000) })).status).toBe(413);
	});

	it('an admin imports a newer one; a device fetches it, keeps it offline and counts with it', async () => {
		const device = await openTestDevice(server.url, await login(server.url, 'nguyenthilan'), {
			start: false
		});
		try {
			expect(
				await refreshCalendar(device.db, { baseUrl: server.url, token: device.session.token })
			).toBe('updated');
			expect(workCalendarVersion()).toBe(shipped.version);
			// Friday 4 December 2026 + 1 working day is Monday 7 December with the shipped calendar.
			expect(addWorkingDays(workCalendar(), '2026-12-04', 1)).toBe('2026-12-07');

			const imported = await put(newer);
			expect(imported.status).toBe(201);
			expect((await put(newer)).status).toBe(200);

			expect(
				await refreshCalendar(device.db, { baseUrl: server.url, token: device.session.token })
			).toBe('updated');
			expect(workCalendarVersion()).toBe(2);
			expect(addWorkingDays(workCalendar(), '2026-12-04', 1)).toBe('2026-12-08');
			expect(
				await refreshCalendar(device.db, { baseUrl: server.url, token: device.session.token })
			).toBe('unchanged');
			// Offline, a reopened app uses what it kept.
			await loadStoredCalendar(device.db);
			expect(workCalendarVersion()).toBe(2);

			const audit = await call(server.url, '/api/admin/audit?limit=1000', {
				headers: bearer(tokens.admin)
			});
			expect(
				(audit.body.entries as { action?: string }[]).filter((e) => e.action === 'calendar.import')
			).toHaveLength(1);
		} finally {
			await device.close();
		}
	});

	it('the admin command line refuses a server’s running data directory', async () => {
		const r = await adminCli(server.dataDir, 'calendar', 'import', '/nonexistent.json');
		expect(r.code).not.toBe(0);
	});
});
