import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAI, HUNG, LAN, heartbeat, resident } from '../../helpers/docs.ts';
import { bearer, call, login, startTestServer, type TestServer } from '../../helpers/server.ts';
import { expectStillServing } from './support.ts';

/** Class 6: review status, notes, history, createdBy and heartbeats forged by a volunteer. */
let server: TestServer;
let lan: string;
let hai: string;
const DB = '/db/c25657_residents';
const at = '2026-11-30T09:00:00+07:00';
const submit = { action: 'submit', by: LAN.username, at };
const approve = { action: 'approve', by: HAI.username, at };

beforeAll(async () => {
	server = await startTestServer();
	lan = (await login(server.url, LAN.username)).token;
	hai = (await login(server.url, HAI.username)).token;
});
afterAll(() => server.stop());

const bulk = (docs: unknown[], token: string, db = DB) =>
	call(server.url, `${db}/_bulk_docs`, { headers: bearer(token), body: { docs } });

/** A resident Lan submitted and Hải approved, as stored on the server. */
async function approved(seed: number) {
	const doc = resident(LAN, seed, {
		review: { status: 'submitted', notes: [], history: [submit] }
	});
	const sent = await bulk([doc], lan);
	expect(sent.body[0].ok).toBe(true);
	const review = { status: 'approved', notes: [], history: [submit, approve] };
	const ok = await bulk([{ ...doc, _rev: sent.body[0].rev, review, updatedBy: HAI.username }], hai);
	expect(ok.body[0].ok).toBe(true);
	return { ...doc, _rev: ok.body[0].rev as string, review };
}

const refusal = async (docs: unknown[], token = lan, db = DB) => {
	const res = await bulk(docs, token, db);
	expect(res.status).toBe(201);
	return res.body.map((r: { ok?: boolean; reason?: string }) => (r.ok ? 'ok' : r.reason));
};

describe('the review workflow moves only as its owner roles allow', () => {
	it('a volunteer’s edit of an approved record cannot stay approved', async () => {
		const doc = await approved(1);
		const edited = { ...doc, notes: 'Đổi số điện thoại', updatedBy: LAN.username };
		const [kept] = await refusal([edited]);
		expect(kept).toContain('[policy.approvedEdit]');
		const reopened = { ...edited, review: { ...doc.review, status: 'draft' } };
		expect(await refusal([reopened])).toEqual(['ok']);
	});

	it('a volunteer cannot write an approval in an official’s name, or their own', async () => {
		const doc = resident(LAN, 2);
		const forged = (entry: unknown, status = 'approved') => ({
			...doc,
			review: { status, notes: [], history: [submit, entry] }
		});
		const [byHai, byLan, returned] = await refusal([
			forged(approve, 'submitted'),
			forged({ ...approve, by: LAN.username }, 'submitted'),
			{ ...resident(LAN, 3), review: { status: 'returned', notes: [], history: [] } }
		]);
		expect(byHai).toContain('[policy.historyEntry]');
		expect(byLan).toContain('[policy.historyEntry]');
		expect(returned).toContain('[policy.review]');
	});

	it('history is append-only and notes are the officials’', async () => {
		const doc = await approved(4);
		const mine = { ...doc, updatedBy: LAN.username };
		const [rewritten, dropped, noted] = await refusal([
			{ ...mine, review: { ...doc.review, history: [approve, submit] } },
			{ ...mine, review: { ...doc.review, status: 'draft', history: [] } },
			{
				...mine,
				review: {
					status: 'draft',
					history: doc.review.history,
					notes: [{ field: 'phone', text: 'ok', by: LAN.username, at }]
				}
			}
		]);
		expect(rewritten).toContain('[policy.history]');
		expect(dropped).toContain('[policy.history]');
		expect(noted).toContain('[policy.notes]');
	});

	it('createdBy is the signed-in user at creation, and stays', async () => {
		const [other] = await refusal([resident(LAN, 5, { createdBy: HUNG.username })]);
		expect(other).toContain('[policy.creator]');
		const doc = await approved(6);
		const [changed] = await refusal([
			{ ...doc, createdBy: HUNG.username, updatedBy: LAN.username }
		]);
		expect(changed).toContain('[policy.createdBy]');
	});

	it('a heartbeat names the signed-in user', async () => {
		const [forged, ok] = await refusal(
			[heartbeat(LAN, 7, { username: HUNG.username }), heartbeat(LAN, 8)],
			lan,
			'/db/c25657_heartbeats'
		);
		expect(forged).toContain('username: ');
		expect(forged).toContain('[policy.user]');
		expect(ok).toBe('ok');
	});

	it('the server still serves a volunteer afterwards', async () => {
		await expectStillServing(server);
	});
});
