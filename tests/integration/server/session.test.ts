import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionResponseSchema } from '../../../src/lib/domain/index.ts';
import { HUNG, LAN } from '../helpers/docs.ts';
import {
	ADMIN,
	DEMO_PASSWORD,
	basic,
	bearer,
	call,
	login,
	startTestServer,
	type TestServer
} from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
	server = await startTestServer();
});
afterAll(() => server.stop());

const post = (body: unknown, headers: Record<string, string> = {}) =>
	call(server.url, '/api/session', { headers, body });

describe('health and session', () => {
	it('GET /api/health reports version and sync format', async () => {
		const res = await call(server.url, '/api/health');
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ ok: true, version: expect.any(String), syncFormat: 1 });
	});

	it('POST /api/session returns a token, the user and the databases to replicate', async () => {
		const res = await post({ username: LAN.username, password: DEMO_PASSWORD });
		expect(res.status).toBe(200);
		const session = sessionResponseSchema.parse(res.body);
		expect(session.user).toEqual({
			username: LAN.username,
			role: 'volunteer',
			commune: '25657',
			hamlets: ['ap-ben-cho'],
			displayName: 'Nguyễn Thị Lan'
		});
		expect(session.databases.households).toBe('/db/c25657_households/');
		expect(session.hamletNames).toEqual({
			'ap-ben-cho': 'Ấp Bến Chò',
			'ap-thanh-hoa': 'Ấp Thạnh Hòa'
		});
		// Named as the unit catalogue names them, for the commune's printed reports.
		expect(session.place).toEqual({ commune: 'Xã Thạnh Đức', province: 'Tỉnh Tây Ninh' });
		expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
		const me = await call(server.url, '/api/session', { headers: bearer(session.token) });
		expect(me.body.user.username).toBe(LAN.username);
		expect(
			(await call(server.url, '/db/c25657_households/', { headers: bearer(session.token) })).status
		).toBe(200);
	});

	it('gives each user a stable device key of 32 bytes that differs between users', async () => {
		const first = await post({ username: LAN.username, password: DEMO_PASSWORD });
		const again = await post({ username: LAN.username, password: DEMO_PASSWORD });
		const other = await post({ username: HUNG.username, password: DEMO_PASSWORD });
		expect(Buffer.from(first.body.deviceKey, 'base64')).toHaveLength(32);
		expect(again.body.deviceKey).toBe(first.body.deviceKey);
		expect(other.body.deviceKey).not.toBe(first.body.deviceKey);
		expect(again.body.token).not.toBe(first.body.token);
	});

	it('gives the same 401 for an unknown user and a wrong password', async () => {
		const unknown = await post(
			{ username: 'nobody.here', password: 'whatever1' },
			{ 'x-forwarded-for': '1' }
		);
		const wrong = await post({ username: HUNG.username, password: 'wrong-password' });
		expect(unknown.status).toBe(401);
		expect(wrong.status).toBe(401);
		expect(unknown.body).toEqual(wrong.body);
		expect(wrong.body.error).toBe('unauthorized');
	});

	it('refuses malformed login bodies with 400', async () => {
		expect((await post({ username: 5 })).status).toBe(400);
		expect(
			(
				await call(server.url, '/api/session', {
					method: 'POST',
					headers: { 'content-type': 'text/plain' }
				})
			).status
		).toBe(400);
	});

	it('DELETE /api/session revokes the token', async () => {
		const { token } = await login(server.url, LAN.username);
		expect(
			(await call(server.url, '/api/session', { method: 'DELETE', headers: bearer(token) })).status
		).toBe(200);
		expect((await call(server.url, '/api/session', { headers: bearer(token) })).status).toBe(401);
		expect(
			(await call(server.url, '/db/c25657_households/_changes', { headers: bearer(token) })).status
		).toBe(401);
	});

	it('accepts HTTP Basic on /db, and refuses a wrong Basic password', async () => {
		expect(
			(
				await call(server.url, '/db/c25657_households/', {
					headers: basic(HUNG.username, DEMO_PASSWORD)
				})
			).status
		).toBe(200);
		expect(
			(
				await call(server.url, '/db/c25657_households/', {
					headers: basic(HUNG.username, 'nope-nope')
				})
			).status
		).toBe(401);
	});
});

describe('accounts', () => {
	it('disabling a user revokes their tokens and Basic access at once', async () => {
		const admin = basic(ADMIN.username, ADMIN.password);
		const created = await call(server.url, '/api/admin/users', {
			headers: admin,
			body: {
				username: 'tnv.tam',
				password: 'mat-khau-tam',
				role: 'volunteer',
				commune: '25657',
				hamlets: ['ap-ben-cho']
			}
		});
		expect(created.status).toBe(201);
		const { token } = await login(server.url, 'tnv.tam', 'mat-khau-tam');
		expect(
			(await call(server.url, '/db/c25657_households/_all_docs', { headers: bearer(token) })).status
		).toBe(200);
		expect(
			(
				await call(server.url, '/db/c25657_households/', {
					headers: basic('tnv.tam', 'mat-khau-tam')
				})
			).status
		).toBe(200);
		expect(
			(
				await call(server.url, '/api/admin/users/tnv.tam/disable', {
					method: 'POST',
					headers: admin
				})
			).status
		).toBe(200);
		expect(
			(await call(server.url, '/db/c25657_households/_all_docs', { headers: bearer(token) })).status
		).toBe(401);
		expect(
			(
				await call(server.url, '/db/c25657_households/', {
					headers: basic('tnv.tam', 'mat-khau-tam')
				})
			).status
		).toBe(401);
		expect((await post({ username: 'tnv.tam', password: 'mat-khau-tam' })).status).toBe(401);
	});

	it('admin API validates input and is closed to others', async () => {
		const admin = basic(ADMIN.username, ADMIN.password);
		const { token } = await login(server.url, LAN.username);
		expect((await call(server.url, '/api/admin/users', { headers: bearer(token) })).status).toBe(
			403
		);
		const badRole = await call(server.url, '/api/admin/users', {
			headers: admin,
			body: { username: 'x.y.z', password: 'longenough', role: 'king' }
		});
		expect(badRole.status).toBe(400);
		const badCommune = await call(server.url, '/api/admin/communes', {
			headers: admin,
			body: { code: '99999' }
		});
		expect(badCommune.status).toBe(400);
		expect(badCommune.body.reason).toContain('unit catalogue');
		const added = await call(server.url, '/api/admin/communes', {
			headers: admin,
			body: { code: '25459' }
		});
		expect(added.status).toBe(201);
		expect(added.body).toMatchObject({
			code: '25459',
			name: 'Phường Tân Ninh',
			province: '80',
			unitType: 'Phường'
		});
		expect((await call(server.url, '/db/c25459_households/', { headers: admin })).status).toBe(200);
		const hamlet = await call(server.url, '/api/admin/communes/25459/hamlets', {
			headers: admin,
			body: { id: 'kp-1', name: 'Khu phố 1' }
		});
		expect(hamlet.status).toBe(201);
		const list = await call(server.url, '/api/admin/communes/25459/hamlets', { headers: admin });
		expect(list.body.map((h: { id: string }) => h.id)).toEqual(['kp-1']);
	});

	it('stores passwords as scrypt hashes, never in clear', async () => {
		const { hashPassword, verifyPassword } =
			await import('../../../sync-server/src/services/passwords.ts');
		const hash = await hashPassword('mật khẩu dài');
		expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
		expect(hash).not.toContain('mật khẩu');
		expect(await verifyPassword('mật khẩu dài', hash)).toBe(true);
		expect(await verifyPassword('mat khau dai', hash)).toBe(false);
	});
});

describe('login throttling', () => {
	it('answers 429 with Retry-After after repeated failures, and lets the right password in after it', async () => {
		const statuses: number[] = [];
		const waits: (string | null)[] = [];
		for (let i = 0; i < 5; i++) {
			const res = await post({ username: 'phamminhtuan', password: `wrong-${i}` });
			statuses.push(res.status);
			waits.push(res.headers.get('retry-after'));
			if (res.status === 429) expect(res.body.error).toBe('too_many_requests');
		}
		expect(statuses).toEqual([401, 401, 401, 429, 429]);
		const wait = Number(waits[3]);
		expect(wait).toBeGreaterThan(0);
		expect(wait).toBeLessThanOrEqual(60);
		// Even the right password waits out the lock, but no longer than announced.
		expect((await post({ username: 'phamminhtuan', password: DEMO_PASSWORD })).status).toBe(429);
		// Other users are not locked out by it.
		expect((await post({ username: LAN.username, password: DEMO_PASSWORD })).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, wait * 1000));
		expect((await post({ username: 'phamminhtuan', password: DEMO_PASSWORD })).status).toBe(200);
	});
});
