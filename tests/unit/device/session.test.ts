import { describe, expect, it } from 'vitest';
import { DeviceSession, MAX_PIN_ATTEMPTS } from '$lib/device/session.svelte';
import { KeyStore } from '$lib/device/keystore';
import { toBase64 } from '$lib/device/keys';
import type { AppDatabase } from '$lib/db';

const user = {
	username: 'tnv.lan',
	role: 'volunteer' as const,
	commune: '25657',
	hamlets: ['ap-thanh-hoa'],
	displayName: 'Nguyễn Thị Lan'
};

function mapStorage() {
	const m = new Map<string, string>();
	return {
		getItem: (k: string) => m.get(k) ?? null,
		setItem: (k: string, v: string) => void m.set(k, v),
		m
	};
}

function fakeServer(
	opts: { deviceKey?: string; status?: number; headers?: Record<string, string> } = {}
) {
	let n = 0;
	const calls: string[] = [];
	const fetchFn = (async (url: string, init?: RequestInit) => {
		calls.push(`${init?.method ?? 'GET'} ${url}`);
		if (opts.status) return new Response('{}', { status: opts.status, headers: opts.headers });
		if (init?.method === 'DELETE') return Response.json({ ok: true });
		const body = JSON.parse(String(init?.body)) as { password: string };
		if (body.password !== 'tramso-demo') return new Response('{}', { status: 401 });
		return Response.json({
			token: `tok-${++n}`,
			expiresAt: '2026-12-01T00:00:00.000Z',
			user,
			databases: { heartbeats: '/db/c25657_heartbeats/' },
			idleLockMinutes: 15,
			...(opts.deviceKey ? { deviceKey: opts.deviceKey } : {})
		});
	}) as typeof fetch;
	return { fetchFn, calls };
}

function setup(storage = mapStorage(), server = fakeServer()) {
	const opened: string[] = [];
	const removed: string[] = [];
	const fakeDb = { closed: false, close: async () => true } as unknown as AppDatabase;
	const session = new DeviceSession({
		keyStore: new KeyStore(storage, () => 'device-0001'),
		fetch: server.fetchFn,
		baseUrl: '',
		crypto,
		iterations: 1000,
		openDb: async (u, pw) => (opened.push(`${u}:${pw}`), fakeDb),
		removeDb: async (u) => void removed.push(u)
	});
	return { session, storage, opened, removed, server };
}

describe('DeviceSession', () => {
	it('logs in online, sets a PIN, then reopens offline with that PIN', async () => {
		const a = setup();
		a.session.start();
		expect(a.session.phase).toBe('signedOut');
		expect(await a.session.login('tnv.lan', 'wrong')).toEqual({ ok: false, error: 'unauthorized' });
		expect(await a.session.login('tnv.lan', 'tramso-demo')).toEqual({ ok: true });
		expect(a.session.phase).toBe('setPin');
		await a.session.setPin('246810');
		expect(a.session.phase).toBe('unlocked');
		expect(a.session.token).toBe('tok-1');
		const stored = [...a.storage.m.values()].join('');
		expect(stored).not.toContain('246810');
		expect(stored).not.toContain('tok-1');

		// Next app start, no network needed.
		const b = setup(a.storage, fakeServer({ status: 599 }));
		b.session.start();
		expect(b.session.phase).toBe('locked');
		expect(await b.session.unlock('111111')).toEqual({ ok: false, attemptsLeft: 4 });
		expect(await b.session.unlock('246810')).toEqual({ ok: true });
		expect(b.session.token).toBe('tok-1');
		expect(b.opened[0]).toBe(a.opened[0]);
	});

	it(`forces an online login after ${MAX_PIN_ATTEMPTS} wrong PINs and recovers the data with the server key`, async () => {
		const deviceKey = toBase64(crypto.getRandomValues(new Uint8Array(32)));
		const a = setup(mapStorage(), fakeServer({ deviceKey }));
		a.session.start();
		await a.session.login('tnv.lan', 'tramso-demo');
		await a.session.setPin('246810');
		a.session.lock();
		for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) await a.session.unlock('000000');
		expect(a.session.phase).toBe('signedOut');
		expect(a.session.reason).toBe('tooManyPins');

		const b = setup(a.storage, fakeServer({ deviceKey }));
		b.session.start();
		expect(b.session.phase).toBe('signedOut');
		await b.session.login('tnv.lan', 'tramso-demo');
		expect(b.session.phase).toBe('setPin');
		await b.session.setPin('135790');
		expect(b.removed).toEqual([]);
		expect(b.opened[0]).toBe(a.opened[0]);
		expect(b.session.localDataLost).toBe(false);
	});

	it('without a server key, the old local data is removed rather than left unreadable', async () => {
		const a = setup();
		await a.session.login('tnv.lan', 'tramso-demo');
		await a.session.setPin('246810');
		a.session.lock();
		for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) await a.session.unlock('000000');
		await a.session.login('tnv.lan', 'tramso-demo');
		expect(a.removed).toEqual(['tnv.lan']);
		expect(a.session.localDataLost).toBe(true);
	});

	it('refreshes the token in place after expiry without locking', async () => {
		const a = setup();
		await a.session.login('tnv.lan', 'tramso-demo');
		await a.session.setPin('246810');
		a.session.tokenExpired();
		expect(a.session.needsLogin).toBe(true);
		await a.session.login('tnv.lan', 'tramso-demo');
		expect(a.session.phase).toBe('unlocked');
		expect(a.session.needsLogin).toBe(false);
		expect(a.session.token).toBe('tok-2');
	});

	it('refresh takes the user’s hamlets, fee account and place names the server gives now and keeps them for offline starts', async () => {
		const account = { bin: '970405', accountNumber: '7300201001234', accountName: 'UBND XA' };
		const server = fakeServer();
		let refreshes = 0;
		const fetchFn = (async (url: string, init?: RequestInit) => {
			if ((init?.method ?? 'GET') !== 'GET') return server.fetchFn(url, init);
			refreshes++;
			expect(new Headers(init?.headers).get('authorization')).toBe('Bearer tok-1');
			// The office merged her hamlet into another since she signed in.
			return Response.json({
				user: { ...user, hamlets: ['ap-ben-cho'] },
				databases: {},
				idleLockMinutes: 15,
				hamletNames: { 'ap-thanh-hoa': 'Ấp Thạnh Hòa' },
				feeAccount: account,
				place: { commune: 'Xã Thạnh Đức', province: 'Tỉnh Tây Ninh' }
			});
		}) as typeof fetch;
		const a = setup(mapStorage(), { fetchFn, calls: server.calls });
		a.session.start();
		await a.session.login('tnv.lan', 'tramso-demo');
		await a.session.setPin('246810');
		expect(a.session.feeAccount).toBeNull();
		expect(await a.session.refresh()).toBe(true);
		expect(refreshes).toBe(1);
		expect(a.session.feeAccount).toEqual(account);
		expect(a.session.hamletNames['ap-thanh-hoa']).toBe('Ấp Thạnh Hòa');
		expect(a.session.place?.commune).toBe('Xã Thạnh Đức');
		expect(a.session.user?.hamlets).toEqual(['ap-ben-cho']);

		const offline = setup(a.storage, fakeServer({ status: 599 }));
		offline.session.start();
		expect(offline.session.feeAccount).toEqual(account);
		expect(offline.session.place).toEqual({ commune: 'Xã Thạnh Đức', province: 'Tỉnh Tây Ninh' });
		expect(offline.session.user?.hamlets).toEqual(['ap-ben-cho']);
		expect(await offline.session.refresh()).toBe(false);
	});

	it('logout removes the local database and keys', async () => {
		const a = setup();
		await a.session.login('tnv.lan', 'tramso-demo');
		await a.session.setPin('246810');
		await a.session.logout();
		expect(a.removed).toEqual(['tnv.lan']);
		expect(a.server.calls).toContain('DELETE /api/session');
		const b = setup(a.storage);
		b.session.start();
		expect(b.session.phase).toBe('signedOut');
	});

	it('reports rate limiting and a missing network distinctly', async () => {
		expect(await setup(mapStorage(), fakeServer({ status: 429 })).session.login('a', 'b')).toEqual({
			ok: false,
			error: 'rateLimited'
		});
		const offline = setup(mapStorage(), {
			fetchFn: (async () => {
				throw new TypeError('Failed to fetch');
			}) as typeof fetch,
			calls: []
		});
		expect(await offline.session.login('a', 'b')).toEqual({ ok: false, error: 'offline' });
	});

	it.each([
		['42', 42],
		['1', 1],
		['7200', 3600],
		['0', undefined],
		['-5', undefined],
		['1.5', undefined],
		['Wed, 21 Oct 2026 07:28:00 GMT', undefined],
		['9999999', undefined]
	])('passes on a Retry-After of %j as %j seconds', async (header, seconds) => {
		const server = fakeServer({ status: 429, headers: { 'retry-after': header } });
		expect(await setup(mapStorage(), server).session.login('a', 'b')).toEqual({
			ok: false,
			error: 'rateLimited',
			...(seconds ? { retryAfterSeconds: seconds } : {})
		});
	});
});
