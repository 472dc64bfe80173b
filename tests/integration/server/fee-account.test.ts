import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeReason } from '../../../src/lib/domain/index.ts';
import { ADMIN, FOREIGN_VOLUNTEER, OFFICIAL, VOLUNTEER } from '../../factories/users.ts';
import { bearer, call, login, startTestServer, type TestServer } from '../helpers/server.ts';

/** The commune's fee account, set over HTTP by its officials and handed out in the session. */
let server: TestServer;
const tokens: Record<string, string> = {};
const ACCOUNT = { bin: '970405', accountNumber: '7300201001234', accountName: 'UBND XA THANH DUC' };
const path = (code = '25657') => `/api/communes/${code}/fee-account`;

function put(body: unknown, token: string | null = tokens.official, code = '25657') {
	return call(server.url, path(code), {
		method: 'PUT',
		headers: token ? bearer(token) : {},
		body
	});
}

beforeAll(async () => {
	server = await startTestServer();
	for (const [k, u] of [
		['official', OFFICIAL.username],
		['volunteer', VOLUNTEER.username],
		['foreign', FOREIGN_VOLUNTEER.username],
		['admin', ADMIN.username]
	]) {
		tokens[k] = (await login(server.url, u, k === 'admin' ? ADMIN.password : undefined)).token;
	}
});
afterAll(() => server?.stop());

describe('setting the fee account', () => {
	it('saves an official’s account, audits it, and the next session carries it', async () => {
		const res = await put({ ...ACCOUNT, accountName: '  UBND XA THANH DUC ' });
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.body).toEqual({ ok: true, feeAccount: ACCOUNT });

		const session = await call(server.url, '/api/session', { headers: bearer(tokens.volunteer) });
		expect(session.body.feeAccount).toEqual(ACCOUNT);

		const audit = await call(server.url, '/api/communes/25657/audit?limit=1000', {
			headers: bearer(tokens.official)
		});
		const events = (
			audit.body.entries as { action?: string; by?: string; details?: object }[]
		).filter((e) => e.action === 'commune.feeAccount');
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({
			by: OFFICIAL.username,
			details: { bin: '970405', accountEnding: '1234', replaced: true }
		});
	});

	it('lets an admin set any commune’s account', async () => {
		const other = { bin: '970418', accountNumber: '12345678', accountName: 'UBND XA KHAC' };
		const res = await put(other, tokens.admin, '25666');
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		const session = await call(server.url, '/api/session', { headers: bearer(tokens.foreign) });
		expect(session.body.feeAccount).toEqual(other);
	});

	it('refuses a bank that is not on the list, and each malformed field, in both languages', async () => {
		const unlisted = await put({ ...ACCOUNT, bin: '970999' });
		expect(unlisted.status).toBe(400);
		expect(unlisted.body.reason).toContain('[vietqr.binNotListed]');
		expect(decodeReason(unlisted.body.reason).vi).toContain('Vui lòng chọn ngân hàng');

		const bad = await put({ bin: '12', accountNumber: '12 34', accountName: '' });
		expect(bad.status).toBe(400);
		for (const rule of ['vietqr.bin', 'vietqr.account', 'vietqr.name'])
			expect(bad.body.reason).toContain(`[${rule}]`);
		expect(decodeReason(bad.body.reason).vi).toContain('Số tài khoản');

		const extra = await put({ ...ACCOUNT, password: 'x' });
		expect(extra.status).toBe(400);
		for (const body of [[ACCOUNT], 'text', null, 42]) expect((await put(body)).status).toBe(400);
	});

	it('refuses a body that is not JSON', async () => {
		const res = await fetch(server.url + path(), {
			method: 'PUT',
			headers: { ...bearer(tokens.official), 'content-type': 'application/json' },
			body: '{"bin":'
		});
		expect(res.status).toBe(400);
		const body = (await res.json()) as { reason: string };
		expect(decodeReason(body.reason).vi).toContain('JSON');
	});

	it('refuses an oversize body with 413', async () => {
		const res = await put({ ...ACCOUNT, accountName: 'A'.repeat(10_000) });
		expect(res.status).toBe(413);
		expect(decodeReason(res.body.reason).vi).toContain('quá lớn');
	});

	it('refuses without a token, for a volunteer and for another commune’s official', async () => {
		const none = await put(ACCOUNT, null);
		expect(none.status).toBe(401);
		expect(decodeReason(none.body.reason).vi).toContain('đăng nhập');

		const volunteer = await put(ACCOUNT, tokens.volunteer);
		expect(volunteer.status).toBe(403);
		expect(decodeReason(volunteer.body.reason).vi).toContain('Chỉ cán bộ của xã');

		const elsewhere = await put(ACCOUNT, tokens.official, '25666');
		expect(elsewhere.status).toBe(403);

		const session = await call(server.url, '/api/session', { headers: bearer(tokens.foreign) });
		expect(session.body.feeAccount?.bin).toBe('970418');
	});

	it('refuses a commune that is not set up', async () => {
		const res = await put(ACCOUNT, tokens.admin, '99999');
		expect(res.status).toBe(404);
		expect(decodeReason(res.body.reason).en).toContain('[feeAccount.commune]');
	});
});
