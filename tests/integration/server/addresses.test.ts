import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConsent } from '../../factories/people.ts';
import { createRng } from '../../factories/random.ts';
import { HAI, HUNG, LAN, TUAN, addressPoint } from '../helpers/docs.ts';
import { bearer, call, login, startTestServer, type TestServer } from '../helpers/server.ts';

/** Digital-address points through the real server: validated, scoped per hamlet, reviewed by officials. */
let server: TestServer;
let lan: string;
let hung: string;
let hai: string;
let tuan: string;
const DB = '/db/c25657_addresses';
const at = '2026-11-30T09:00:00+07:00';

beforeAll(async () => {
	server = await startTestServer();
	[lan, hung, hai, tuan] = await Promise.all(
		[LAN, HUNG, HAI, TUAN].map(async (a) => (await login(server.url, a.username)).token)
	);
});
afterAll(() => server.stop());

const bulk = (docs: unknown[], token = lan, db = DB) =>
	call(server.url, `${db}/_bulk_docs`, { headers: bearer(token), body: { docs } });

const outcomes = async (docs: unknown[], token = lan, db = DB) => {
	const res = await bulk(docs, token, db);
	expect(res.status).toBe(201);
	return res.body.map((r: { ok?: boolean; reason?: string }) => (r.ok ? 'ok' : r.reason));
};

const ids = async (token: string) => {
	const res = await call(server.url, `${DB}/_all_docs`, { headers: bearer(token) });
	expect(res.status).toBe(200);
	return (res.body.rows as { id: string }[]).map((r) => r.id).sort();
};

describe('addresses collection on the server', () => {
	it('is offered in the session, one database per commune', async () => {
		const session = await login(server.url, LAN.username);
		expect(Object.keys(session.databases)).toContain('addresses');
		expect(session.databases.addresses).toMatch(/\/db\/c25657_addresses\/?$/);
	});

	it('stores a valid point and refuses malformed ones, naming the field and rule', async () => {
		const good = addressPoint(LAN, 1);
		const res = await outcomes([
			good,
			addressPoint(LAN, 2, { plusCode: '7P386663+29W' }),
			addressPoint(LAN, 3, { position: { lng: 200, lat: 11.2 } }),
			addressPoint(LAN, 4, { method: 'map_placed' }),
			addressPoint(LAN, 5, { objectType: 'castle' }),
			addressPoint(LAN, 6, { householdId: 'hh-ap-ben-cho-6' }),
			addressPoint(LAN, 7, { name: 'OTP 123456' }),
			addressPoint(LAN, 8, { password: 'x' }),
			addressPoint(LAN, 9, { confirmed: ['nearDuplicate', 'nearDuplicate'] }),
			addressPoint(LAN, 10, { schemaVersion: 3 })
		]);
		expect(res[0]).toBe('ok');
		expect(res[1]).toContain('[address.plusCodeMismatch]');
		expect(res[2]).toMatch(/^position\.lng: /);
		expect(res[3]).toContain('[address.gpsReading]');
		expect(res[4]).toMatch(/^objectType: /);
		expect(res[5]).toContain('[address.consentRequired]');
		expect(res[6]).toMatch(/^name: /);
		expect(res[7]).toContain('password');
		expect(res[8]).toContain('[address.confirmedTwice]');
		expect(res[9]).toContain('[schemaVersion.unknown]');
		expect(await ids(lan)).toEqual([good._id]);
	});

	it('a point linked to a household carries the household’s consent for the digital-address purpose', async () => {
		const consent = makeConsent(createRng(11), 'address', at, LAN.username);
		const eservice = makeConsent(createRng(12), 'eservice', at, LAN.username);
		const res = await outcomes([
			addressPoint(LAN, 11, { householdId: 'hh-ap-ben-cho-11', consent }),
			addressPoint(LAN, 12, { householdId: 'hh-ap-ben-cho-12', consent: eservice }),
			addressPoint(LAN, 13, {
				householdId: 'hh-ap-ben-cho-13',
				consent: { ...consent, withdrawnAt: at, withdrawnBy: LAN.username }
			})
		]);
		expect(res[0]).toBe('ok');
		expect(res[1]).toContain('[address.consentPurpose]');
		expect(res[2]).toContain('[address.consentRequired]');
	});

	it('scopes points by hamlet: other hamlets and communes are refused and never read', async () => {
		const hungs = addressPoint(HUNG, 20);
		expect(await outcomes([hungs], hung)).toEqual(['ok']);
		const [intoHung, intoOther] = await outcomes([
			addressPoint(HUNG, 21, {
				createdBy: LAN.username,
				updatedBy: LAN.username,
				capturedBy: LAN.username
			}),
			addressPoint({ ...LAN, commune: '25666', hamlet: 'ap-thuan-an' }, 22)
		]);
		expect(intoHung).toContain('[policy.hamlet]');
		expect(intoOther).toContain('[hamlet.unknown]');
		expect(await ids(lan)).not.toContain(hungs._id);
		const read = await call(server.url, `${DB}/${hungs._id}`, { headers: bearer(lan) });
		expect(read.status).toBe(404);
		expect(await ids(hai)).toContain(hungs._id);
		const foreign = await call(server.url, `${DB}/_all_docs`, { headers: bearer(tuan) });
		expect(foreign.status).toBe(403);
	});

	it('only officials validate or return a point; the volunteer’s edit of an approved point reopens it', async () => {
		const submit = { action: 'submit', by: LAN.username, at };
		const doc = addressPoint(LAN, 30, {
			review: { status: 'submitted', notes: [], history: [submit] }
		});
		const sent = await bulk([doc]);
		expect(sent.body[0].ok).toBe(true);
		const approve = { action: 'approve', by: HAI.username, at };
		const approved = { status: 'approved', notes: [], history: [submit, approve] };
		const [selfApproved] = await outcomes([
			{
				...doc,
				_rev: sent.body[0].rev,
				review: { ...approved, history: [submit, { ...approve, by: LAN.username }] }
			}
		]);
		expect(selfApproved).toContain('[policy.historyEntry]');
		const byHai = await bulk(
			[{ ...doc, _rev: sent.body[0].rev, review: approved, updatedBy: HAI.username }],
			hai
		);
		expect(byHai.body[0].ok).toBe(true);
		const moved = {
			...doc,
			_rev: byHai.body[0].rev,
			review: approved,
			street: 'Hẻm 9',
			updatedBy: LAN.username
		};
		expect((await outcomes([moved]))[0]).toContain('[policy.approvedEdit]');
		expect(await outcomes([{ ...moved, review: { ...approved, status: 'draft' } }])).toEqual([
			'ok'
		]);
	});

	it('a malformed body or an oversized point is refused and the server keeps serving', async () => {
		const huge = addressPoint(LAN, 40, { importedFrom: 'x'.repeat(300_000) });
		const [tooBig] = await outcomes([huge]);
		expect(tooBig).toMatch(/doc\.tooLarge|importedFrom/);
		const notJson = await fetch(`${server.url}${DB}/_bulk_docs`, {
			method: 'POST',
			headers: { ...bearer(lan), 'content-type': 'application/json' },
			body: '{"docs": ['
		});
		expect(notJson.status).toBe(400);
		const notList = await call(server.url, `${DB}/_bulk_docs`, {
			headers: bearer(lan),
			body: { docs: { _id: 'ap-x' } }
		});
		expect(notList.status).toBe(400);
		const health = await call(server.url, '/api/health', {});
		expect(health.status).toBe(200);
	});
});
