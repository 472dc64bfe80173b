import { describe, expect, it } from 'vitest';
import {
	addVolunteer,
	auditQuery,
	emptyAuditForm,
	failureMessage,
	fetchAudit,
	hamletIdFrom,
	listPeople,
	type OfficeClient
} from '$lib/services/office.service';

function client(answer: (url: string, init?: RequestInit) => Response | Promise<Response>) {
	const calls: { url: string; init?: RequestInit }[] = [];
	const c: OfficeClient = {
		token: 'tok',
		commune: '25657',
		fetchFn: async (input, init) => {
			calls.push({ url: String(input), init });
			return answer(String(input), init);
		}
	};
	return { c, calls };
}
const json = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('office client', () => {
	it('returns offline instead of throwing when the network fails', async () => {
		const { c } = client(() => Promise.reject(new TypeError('Failed to fetch')));
		expect(await listPeople(c)).toEqual({ ok: false, error: 'offline' });
	});

	it('sends the bearer token and a volunteer body, and parses the one-time password', async () => {
		const user = {
			username: 'tnv.moi',
			displayName: 'A',
			role: 'volunteer',
			commune: '25657',
			hamlets: ['ap-ben-cho']
		};
		const { c, calls } = client(() => json(201, { user, password: 'abcd-efgh-jkmn' }));
		const r = await addVolunteer(c, {
			username: ' tnv.moi ',
			displayName: 'A ',
			hamlets: ['ap-ben-cho']
		});
		expect(r).toEqual({
			ok: true,
			person: { ...user, disabled: false },
			password: 'abcd-efgh-jkmn'
		});
		expect(calls[0].url).toBe('/api/communes/25657/users');
		expect(new Headers(calls[0].init?.headers).get('authorization')).toBe('Bearer tok');
		expect(JSON.parse(String(calls[0].init?.body))).toEqual({
			username: 'tnv.moi',
			displayName: 'A',
			role: 'volunteer',
			hamlets: ['ap-ben-cho']
		});
	});

	it('types refusals with the server’s reason, sessions and malformed answers', async () => {
		const taken = client(() =>
			json(409, { error: 'conflict', reason: 'user tnv.a already exists' })
		);
		const r = await addVolunteer(taken.c, { username: 'tnv.a', displayName: 'A', hamlets: [] });
		expect(r).toEqual({
			ok: false,
			error: 'refused',
			status: 409,
			reason: 'user tnv.a already exists'
		});
		if (!r.ok) expect(failureMessage(r).key).toBe('office.err.usernameTaken');
		expect(await listPeople(client(() => json(401, {})).c)).toEqual({
			ok: false,
			error: 'unauthorized'
		});
		expect(await listPeople(client(() => json(200, { users: [{ username: 1 }] })).c)).toEqual({
			ok: false,
			error: 'server',
			status: 200
		});
	});

	it('maps the server’s reasons to plain messages', () => {
		const refused = (reason: string, status = 400) =>
			failureMessage({ ok: false, error: 'refused', status, reason }).key;
		expect(refused('username: username.format')).toBe('office.err.username');
		expect(refused('displayName: Too small')).toBe('office.err.displayName');
		expect(refused('hamlet ap-a is still served by tnv.b', 409)).toBe('office.err.hamletServed');
		expect(refused('hamlet 25657:ap-a already exists', 409)).toBe('office.err.hamletTaken');
		expect(refused('you cannot disable your own account', 409)).toBe('office.err.self');
		expect(refused('missing', 404)).toBe('office.err.notFound');
		expect(failureMessage({ ok: false, error: 'offline' }).key).toBe('office.err.offline');
	});

	it('turns local days into instants and pages with the cursor', async () => {
		const q = auditQuery({
			...emptyAuditForm(),
			user: ' cb.a ',
			action: 'user.add',
			from: '2026-01-02',
			to: '2026-01-03'
		});
		expect(q.get('user')).toBe('cb.a');
		expect(q.get('action')).toBe('user.add');
		expect(new Date(q.get('since')!).getTime()).toBe(new Date(2026, 0, 2).getTime());
		expect(new Date(q.get('until')!).getTime()).toBe(
			new Date(2026, 0, 3, 23, 59, 59, 999).getTime()
		);
		expect(q.has('record')).toBe(false);

		const { c, calls } = client(() => json(200, { entries: [], next: null }));
		expect(await fetchAudit(c, emptyAuditForm(), 'k1', 20)).toEqual({
			ok: true,
			entries: [],
			next: null
		});
		expect(calls[0].url).toBe('/api/communes/25657/audit?limit=20&cursor=k1');
	});

	it('suggests a hamlet id from a Vietnamese name', () => {
		expect(hamletIdFrom('Ấp Đồng Mới')).toBe('ap-dong-moi');
		expect(hamletIdFrom('  Khu phố 3 ')).toBe('khu-pho-3');
	});
});
