import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAI, LAN, TUAN, household } from '../helpers/docs.ts';
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
const admin = basic(ADMIN.username, ADMIN.password);

beforeAll(async () => {
	server = await startTestServer();
	for (const a of [LAN, HAI, TUAN])
		tokens[a.username] = (await login(server.url, a.username)).token;
});
afterAll(() => server.stop());

interface Entry {
	kind: 'write' | 'event';
	docId?: string;
	action: string;
	by: string;
	at: string;
	subject?: string;
	details?: Record<string, unknown>;
}

const page = (path: string, headers: Record<string, string> = bearer(tokens[HAI.username])) =>
	call(server.url, path, { headers });

/** Every entry of a log, following `next` from page to page. */
async function readAll(base: string, limit: number, headers?: Record<string, string>) {
	const all: Entry[] = [];
	let next: string | null = null;
	let pages = 0;
	do {
		const sep = base.includes('?') ? '&' : '?';
		const res = await page(
			`${base}${sep}limit=${limit}${next ? `&cursor=${encodeURIComponent(next)}` : ''}`,
			headers
		);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.body.entries.length).toBeLessThanOrEqual(limit);
		all.push(...res.body.entries);
		next = res.body.next;
		pages++;
	} while (next && pages < 1000);
	return { all, pages };
}

const push = async (token: string, docs: unknown[]) => {
	const res = await call(server.url, '/db/c25657_households/_bulk_docs', {
		headers: bearer(token),
		body: { docs }
	});
	expect(res.status).toBe(201);
	expect(res.body.filter((r: { ok?: boolean }) => !r.ok)).toEqual([]);
};

describe('audit log paging', () => {
	it('reaches every entry of a batch larger than a page, once each, newest first', async () => {
		await push(tokens[LAN.username], [household(LAN, 1)]);
		const big = Array.from({ length: 1_500 }, (_, i) => household(LAN, 1_000 + i));
		await push(tokens[LAN.username], big);
		await push(tokens[LAN.username], [household(LAN, 2)]);

		const { all, pages } = await readAll('/api/communes/25657/audit', 1000);
		expect(pages).toBe(2);
		const ids = all.filter((e) => e.kind === 'write').map((e) => e.docId);
		expect(ids).toHaveLength(1_502);
		expect(new Set(ids).size).toBe(1_502);
		expect(ids[0]).toBe('hh-ap-ben-cho-2');
		expect(ids.at(-1)).toBe('hh-ap-ben-cho-1');
		// Within the batch the last written comes first, as the log is newest first.
		expect(ids.slice(1, 1_501)).toEqual(big.map((d) => d._id).reverse());
		expect(all.every((e, i) => i === 0 || e.at <= all[i - 1].at)).toBe(true);

		const small = await readAll('/api/communes/25657/audit', 7);
		expect(small.all).toEqual(all);
		expect(small.pages).toBe(Math.ceil(all.length / 7));
	});

	it('a cursor stays valid while new entries arrive', async () => {
		const first = await page('/api/communes/25657/audit?limit=10');
		await push(tokens[LAN.username], [household(LAN, 3)]);
		const second = await page(
			`/api/communes/25657/audit?limit=10&cursor=${encodeURIComponent(first.body.next)}`
		);
		const fresh = await page('/api/communes/25657/audit?limit=21');
		expect(fresh.body.entries[0].docId).toBe('hh-ap-ben-cho-3');
		expect([...first.body.entries, ...second.body.entries]).toEqual(fresh.body.entries.slice(1));
	});

	const encode = (v: string) => Buffer.from(v).toString('base64url');
	it.each([
		['not base64', 'not base64!'],
		['a negative skip', encode('["25657:x",-1]')],
		['an object', encode('{"id":"25657:x"}')],
		['a fractional skip', encode('["25657:x",1.5]')],
		['not JSON', encode('not json')],
		// A cursor into another commune's log (or the server's) must not start a range there.
		["another commune's log", encode('["25666:9999",0]')],
		["the server's log", encode('["server:9999",0]')],
		['5,000 characters', 'A'.repeat(5_000)]
	])('refuses a cursor that is %s', async (_what, cursor) => {
		const res = await page(`/api/communes/25657/audit?cursor=${encodeURIComponent(cursor)}`);
		expect(res.status).toBe(400);
		expect(res.body.error).toBe('bad_request');
	});

	it('checks limit, and keeps the log to officials of the commune and admins', async () => {
		expect((await page('/api/communes/25657/audit?limit=abc')).status).toBe(400);
		expect((await page('/api/communes/25657/audit?limit=-3')).status).toBe(400);
		expect((await page('/api/communes/25657/audit?limit=0')).body.entries).toHaveLength(1);
		expect((await page('/api/communes/25657/audit?limit=99999')).body.entries).toHaveLength(1000);
		expect((await page('/api/communes/25657/audit', bearer(tokens[LAN.username]))).status).toBe(
			403
		);
		expect((await page('/api/communes/25666/audit')).status).toBe(403);
		expect((await page('/api/communes/25666/audit', bearer(tokens[TUAN.username]))).status).toBe(
			403
		);
		expect((await call(server.url, '/api/communes/25657/audit')).status).toBe(401);
		expect((await page('/api/communes/25657/audit', admin)).status).toBe(200);
		expect((await page('/api/admin/audit')).status).toBe(403);
		expect((await page('/api/admin/audit', bearer(tokens[LAN.username]))).status).toBe(403);
	});
});

describe('admin actions are audited', () => {
	const events = async (path: string) =>
		(await readAll(path, 1000, admin)).all.filter((e) => e.kind === 'event');

	it('commune, hamlet and user changes through the admin API, without any password', async () => {
		const post = (path: string, body: unknown = {}) =>
			call(server.url, `/api/admin${path}`, { headers: admin, body });
		expect((await post('/communes', { code: '25459' })).status).toBe(201);
		expect((await post('/communes/25459/hamlets', { id: 'kp-1', name: 'Khu phố 1' })).status).toBe(
			201
		);
		const user = {
			username: 'tnv.binh',
			password: 'mat-khau-binh',
			role: 'volunteer',
			commune: '25459',
			hamlets: ['kp-1']
		};
		expect((await post('/users', user)).status).toBe(201);
		expect((await post('/users/tnv.binh/password', { password: 'mat-khau-moi-1' })).status).toBe(
			200
		);
		expect((await post('/users/tnv.binh/disable')).status).toBe(200);
		expect((await post('/users/tnv.binh/enable')).status).toBe(200);
		expect(
			(await post('/users', { username: 'quan.tri2', password: 'mat-khau-qt2', role: 'admin' }))
				.status
		).toBe(201);
		// Refused actions leave no entry.
		expect((await post('/users/khong.co/disable')).status).toBe(404);

		const log = await events('/api/communes/25459/audit');
		expect(log.map((e) => [e.action, e.subject, e.by])).toEqual([
			['user.enable', 'tnv.binh', 'admin'],
			['user.disable', 'tnv.binh', 'admin'],
			['user.password', 'tnv.binh', 'admin'],
			['user.add', 'tnv.binh', 'admin'],
			['hamlet.add', 'kp-1', 'admin'],
			['commune.add', '25459', 'admin']
		]);
		expect(log.find((e) => e.action === 'user.add')?.details).toEqual({
			role: 'volunteer',
			hamlets: ['kp-1']
		});
		expect(JSON.stringify(log)).not.toMatch(/mat-khau|scrypt/);

		const server_ = await events('/api/admin/audit');
		expect(server_.map((e) => [e.action, e.subject])).toContainEqual(['user.add', 'quan.tri2']);
		expect(server_.some((e) => e.subject === 'khong.co')).toBe(false);
		// Another commune's log holds none of it.
		const official = await readAll('/api/communes/25657/audit', 1000);
		expect(official.all.some((e) => e.kind === 'event' && e.subject === 'tnv.binh')).toBe(false);
	});
});
