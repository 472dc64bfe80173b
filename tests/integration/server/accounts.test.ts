import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ADMIN,
	DEMO_PASSWORD,
	basic,
	bearer,
	call,
	startTestServer,
	type TestServer
} from '../helpers/server.ts';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
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
const canSync = async (token: string) =>
	(await call(server.url, '/db/c25657_households/_changes', { headers: bearer(token) })).status;

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

describe('sessions end for good', () => {
	const setPassword = (username: string, password: string) =>
		call(server.url, `/api/admin/users/${username}/password`, {
			headers: admin,
			body: { password }
		});
	const adminPost = (path: string) =>
		call(server.url, `/api/admin/users${path}`, { method: 'POST', headers: admin });

	it('a password change revokes every token of the user, and only theirs', async () => {
		const v = await newVolunteer();
		const phone = (await signIn(v.username, v.password)).body.token;
		const office = (await signIn(v.username, v.password, '203.0.113.50')).body.token;
		const other = (await signIn('nguyenthilan', DEMO_PASSWORD)).body.token;
		expect(await canSync(phone)).toBe(200);
		expect((await setPassword(v.username, 'mat-khau-thu-hai')).status).toBe(200);
		expect(await canSync(phone)).toBe(401);
		expect(await canSync(office)).toBe(401);
		expect((await call(server.url, '/api/session', { headers: bearer(phone) })).status).toBe(401);
		expect(await canSync(other)).toBe(200);
		expect((await signIn(v.username, v.password)).status).toBe(401);
		const fresh = (await signIn(v.username, 'mat-khau-thu-hai')).body.token;
		expect(await canSync(fresh)).toBe(200);
		// Setting the same password again still ends the sessions.
		expect((await setPassword(v.username, 'mat-khau-thu-hai')).status).toBe(200);
		expect(await canSync(fresh)).toBe(401);
	});

	it('disabling revokes every token; enabling again does not bring one back', async () => {
		const v = await newVolunteer();
		const token = (await signIn(v.username, v.password)).body.token;
		expect((await adminPost(`/${v.username}/disable`)).status).toBe(200);
		expect(await canSync(token)).toBe(401);
		expect((await signIn(v.username, v.password)).status).toBe(401);
		expect((await adminPost(`/${v.username}/enable`)).status).toBe(200);
		expect(await canSync(token)).toBe(401);
		const again = (await signIn(v.username, v.password)).body.token;
		expect(await canSync(again)).toBe(200);
		// Enabling an enabled user ends nothing.
		expect((await adminPost(`/${v.username}/enable`)).status).toBe(200);
		expect(await canSync(again)).toBe(200);
	});

	it('refuses malformed and out-of-scope account changes', async () => {
		const v = await newVolunteer();
		const volunteer = bearer((await signIn(v.username, v.password)).body.token);
		const changes = [
			() =>
				call(server.url, `/api/admin/users/${v.username}/password`, {
					headers: volunteer,
					body: { password: 'toi-la-admin-roi' }
				}),
			() =>
				call(server.url, `/api/admin/users/nguyenthilan/disable`, {
					method: 'POST',
					headers: volunteer
				})
		];
		for (const change of changes) expect((await change()).status).toBe(403);
		expect((await setPassword(v.username, 'short')).status).toBe(400);
		expect(
			(
				await call(server.url, `/api/admin/users/${v.username}/password`, {
					headers: admin,
					body: { password: ['a', 'b'] }
				})
			).status
		).toBe(400);
		expect((await setPassword('khong.ton.tai', 'mat-khau-dai-du')).status).toBe(404);
		expect((await adminPost('/%00/disable')).status).toBeGreaterThanOrEqual(400);
		// None of that ended the volunteer's session.
		expect(await canSync(volunteer.authorization.slice(7))).toBe(200);
	});

	it('a password set with the command line while the server is stopped ends the sessions too', async () => {
		const v = await newVolunteer();
		const token = (await signIn(v.username, v.password)).body.token;
		await server.stop({ keepData: true });
		const cli = await new Promise<number>((resolve) =>
			execFile(
				process.execPath,
				[
					'--import',
					'tsx',
					join(ROOT, 'sync-server/src/cli/admin.ts'),
					'user',
					'passwd',
					'--username',
					v.username,
					'--password',
					'mat-khau-tu-cli'
				],
				{ cwd: ROOT, env: { ...process.env, DATA_DIR: server.dataDir, COUCHDB_URL: '' } },
				(err) => resolve(err ? 1 : 0)
			)
		);
		expect(cli).toBe(0);
		await server.restart();
		expect(await canSync(token)).toBe(401);
		expect((await signIn(v.username, 'mat-khau-tu-cli')).status).toBe(200);
	});
});

describe('successful sign-ins', () => {
	it('are rate-limited per user, and a user holds at most 10 sessions, the oldest revoked first', async () => {
		const v = await newVolunteer();
		const tokens: string[] = [];
		for (let i = 0; i < 10; i++) {
			const res = await signIn(v.username, v.password, `203.0.113.${100 + i}`);
			expect(res.status, `sign-in ${i + 1}`).toBe(200);
			tokens.push(res.body.token);
		}
		const held = await signIn(v.username, v.password);
		expect(held.status).toBe(429);
		const wait = Number(held.headers.get('retry-after'));
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(60);
		// A wrong password is still just wrong, and other users sign in.
		expect((await signIn(v.username, 'sai-mat-khau')).status).toBe(401);
		expect((await signIn('levanhung', DEMO_PASSWORD)).status).toBe(200);
		for (const t of tokens) expect(await canSync(t)).toBe(200);

		await sleep(wait);
		const eleventh = await signIn(v.username, v.password);
		expect(eleventh.status).toBe(200);
		expect(await canSync(eleventh.body.token)).toBe(200);
		expect(await canSync(tokens[0])).toBe(401);
		for (const t of tokens.slice(1)) expect(await canSync(t)).toBe(200);
	}, 90_000);
});
