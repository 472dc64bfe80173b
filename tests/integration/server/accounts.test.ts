import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ADMIN,
	DEMO_PASSWORD,
	basic,
	call,
	startTestServer,
	type TestServer
} from '../helpers/server.ts';

const admin = basic(ADMIN.username, ADMIN.password);
let server: TestServer;

// Behind a trusted proxy (loopback), X-Forwarded-For names the device's address.
beforeAll(async () => {
	server = await startTestServer({ env: { TRUST_PROXY: 'loopback' } });
});
afterAll(() => server.stop());

const from = (ip: string) => ({ 'x-forwarded-for': ip });
const signIn = (username: string, password: string, ip = '203.0.113.1') =>
	call(server.url, '/api/session', { headers: from(ip), body: { username, password } });
const sleep = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));

let serial = 0;
/** A fresh volunteer of Ấp Bến Chò, so each test starts with clean counters. */
async function newVolunteer(password = 'mat-khau-dau-tien') {
	const username = `tnv.acc${++serial}`;
	const res = await call(server.url, '/api/admin/users', {
		headers: admin,
		body: { username, password, role: 'volunteer', commune: '25657', hamlets: ['ap-ben-cho'] }
	});
	expect(res.status).toBe(201);
	return { username, password };
}

describe('wrong passwords slow down one (user, address), never lock the right password out', () => {
	it('an attacker elsewhere cannot keep the volunteer, or the admin, out', async () => {
		const v = await newVolunteer();
		for (const who of [v.username, ADMIN.username]) {
			const statuses = [];
			for (let i = 0; i < 4; i++)
				statuses.push((await signIn(who, `sai-${i}`, '198.51.100.9')).status);
			expect(statuses).toEqual([401, 401, 401, 429]);
		}
		expect((await signIn(v.username, v.password)).status).toBe(200);
		expect((await signIn(ADMIN.username, ADMIN.password)).status).toBe(200);
		// Other users behind the attacker's address are not held back either.
		expect((await signIn('levanhung', DEMO_PASSWORD, '198.51.100.9')).status).toBe(200);
	});

	it('at the same address the wait is announced in Retry-After, at most a minute, then the right password works', async () => {
		const v = await newVolunteer();
		for (let i = 0; i < 3; i++) expect((await signIn(v.username, `sai-${i}`)).status).toBe(401);
		const held = await signIn(v.username, v.password);
		expect(held.status).toBe(429);
		const wait = Number(held.headers.get('retry-after'));
		expect(wait).toBeGreaterThanOrEqual(1);
		expect(wait).toBeLessThanOrEqual(60);
		expect(held.body.reason).toMatch(/retry in \d+ s/);
		await sleep(wait);
		expect((await signIn(v.username, v.password)).status).toBe(200);
		// The success starts the count again: three more typing mistakes are free.
		for (let i = 0; i < 3; i++) expect((await signIn(v.username, `sai-${i}`)).status).toBe(401);
	});

	it('an address trying many usernames is slowed for all of them, other addresses are not', async () => {
		for (let i = 0; i < 20; i++) {
			expect((await signIn(`khong.co.${i}`, 'whatever1', '192.0.2.77')).status).toBe(401);
		}
		expect((await signIn('levanhung', DEMO_PASSWORD, '192.0.2.77')).status).toBe(429);
		expect((await signIn('levanhung', DEMO_PASSWORD, '192.0.2.78')).status).toBe(200);
	});

	it('HTTP Basic is throttled the same way', async () => {
		const v = await newVolunteer();
		const db = (password: string) =>
			call(server.url, '/db/c25657_households/', {
				headers: { ...basic(v.username, password), ...from('198.51.100.20') }
			});
		expect([(await db('a1')).status, (await db('a2')).status, (await db('a3')).status]).toEqual([
			401, 401, 401
		]);
		const held = await db(v.password);
		expect(held.status).toBe(429);
		expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
	});

	it('ignores X-Forwarded-For without TRUST_PROXY', async () => {
		const plain = await startTestServer();
		try {
			const post = (password: string, ip: string) =>
				call(plain.url, '/api/session', {
					headers: from(ip),
					body: { username: 'levanhung', password }
				});
			for (let i = 0; i < 3; i++) await post(`sai-${i}`, `10.9.9.${i}`);
			// Each request claimed another address, but they all came from one.
			expect((await post(DEMO_PASSWORD, '10.9.9.200')).status).toBe(429);
		} finally {
			await plain.stop();
		}
	});
});
