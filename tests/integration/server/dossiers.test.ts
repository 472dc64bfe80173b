import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAI, HUNG, LAN, TUAN, dossier, type WireDoc } from '../helpers/docs.ts';
import { bearer, call, login, startTestServer, type TestServer } from '../helpers/server.ts';

/** Dossiers on the real server: shape, hamlet scope and the status workflow of `status.ts`. */
let server: TestServer;
const tokens: Record<string, string> = {};
const DB = '/db/c25657_dossiers';
const at = () => new Date(Date.now() - 60_000).toISOString();

beforeAll(async () => {
	server = await startTestServer();
	for (const a of [LAN, HUNG, TUAN, HAI])
		tokens[a.username] = (await login(server.url, a.username)).token;
});
afterAll(() => server.stop());

async function bulk(docs: unknown[], who = LAN.username, db = DB) {
	const res = await call(server.url, `${db}/_bulk_docs`, {
		headers: bearer(tokens[who]),
		body: { docs }
	});
	return {
		status: res.status,
		rows: res.body as { ok?: boolean; rev?: string; reason?: string }[]
	};
}

const outcome = (rows: { ok?: boolean; reason?: string }[]) =>
	rows.map((r) => (r.ok ? 'ok' : r.reason));

/** Stores `doc` as `who` and returns it with its new `_rev`. */
async function store(doc: WireDoc, who = LAN.username): Promise<WireDoc> {
	const { rows } = await bulk([doc], who);
	expect(outcome(rows)).toEqual(['ok']);
	return { ...doc, _rev: rows[0].rev };
}

const step = (from: string, to: string, who: string, role: string, extra = {}) => ({
	from,
	to,
	by: who,
	role,
	at: at(),
	...extra
});

describe('dossiers on the server', () => {
	it('takes a well-formed draft of the volunteer’s hamlet and refuses malformed ones, saying where', async () => {
		const { rows } = await bulk([
			dossier(LAN, 1),
			dossier(LAN, 2, { password: 'x' }),
			dossier(LAN, 3, { status: 'ready' }),
			dossier(LAN, 4, { consent: null, answers: { child: { fullName: 'Nguyễn Văn An' } } }),
			dossier(LAN, 5, { procedure: { code: 'Birth Bundle!', catalogueVersion: 1 } }),
			dossier(LAN, 6, { answers: { deep: { a: { b: { c: { d: { e: 1 } } } } } } }),
			dossier(LAN, 7, { fee: { amountVnd: -5, status: 'unpaid' } })
		]);
		const [ok, unknown, status, consent, code, deep, fee] = outcome(rows);
		expect(ok).toBe('ok');
		expect(unknown).toContain('password');
		expect(status).toContain('[dossier.historyStatus]');
		expect(consent).toContain('[dossier.consentRequired]');
		expect(code).toContain('[catalogue.procedureCode]');
		expect(deep).toContain('[form.tooBig]');
		expect(fee).toContain('fee.amountVnd');
	});

	it('checks answers against the form of the catalogue version the dossier names', async () => {
		const ready = { status: 'ready', history: [step('draft', 'ready', LAN.username, 'volunteer')] };
		const { rows } = await bulk([
			dossier(LAN, 40, { answers: { child: { fullName: 'Trần Thị Bé' } } }),
			dossier(LAN, 41, { answers: { child: { fullName: 'Trần Thị Bé', hairColour: 'đen' } } }),
			dossier(LAN, 42, { answers: { child: { sex: 'robot' } } }),
			dossier(LAN, 43, { procedure: { code: 'moon-landing', catalogueVersion: 1 } }),
			dossier(LAN, 44, { procedure: { code: 'birth-bundle', catalogueVersion: 99 } }),
			dossier(LAN, 45, { ...ready, answers: { child: { fullName: 'Trần Thị Bé' } } })
		]);
		const [partial, unknownField, choice, procedure, version, incomplete] = outcome(rows);
		expect(partial).toBe('ok');
		expect(unknownField).toContain('answers.child.hairColour');
		expect(unknownField).toContain('[form.unknownField]');
		expect(choice).toContain('answers.child.sex');
		expect(choice).toContain('[form.choice]');
		expect(procedure).toContain('[dossier.procedureUnknown]');
		expect(version).toContain('[dossier.procedureVersion]');
		expect(incomplete).toContain('[form.required]');
	});

	it('keeps dossiers in their hamlet and commune', async () => {
		const other = await bulk([dossier(HUNG, 10)], LAN.username);
		expect(outcome(other.rows)[0]).toContain('[policy.hamlet]');
		const foreign = await call(server.url, `/db/c25666_dossiers/_bulk_docs`, {
			headers: bearer(tokens[LAN.username]),
			body: { docs: [dossier(TUAN, 11)] }
		});
		expect(foreign.status).toBe(403);
		const mine = await store(dossier(LAN, 12));
		const byHung = await call(server.url, `${DB}/${mine._id}`, {
			headers: bearer(tokens[HUNG.username])
		});
		expect(byHung.status).toBeGreaterThanOrEqual(400);
		const byHai = await call(server.url, `${DB}/${mine._id}`, {
			headers: bearer(tokens[HAI.username])
		});
		expect(byHai.status).toBe(200);
		expect(byHai.body.procedure.code).toBe('birth-bundle');
		const list = await call(server.url, `${DB}/_all_docs?include_docs=true`, {
			headers: bearer(tokens[HUNG.username])
		});
		expect(list.body.rows.map((r: { id: string }) => r.id)).not.toContain(mine._id);
	});

	it('a volunteer cannot forge the office’s steps, rewrite history or add notes', async () => {
		const ready = step('draft', 'ready', LAN.username, 'volunteer');
		const doc = await store(dossier(LAN, 20, { status: 'ready', history: [ready] }));
		const filed = step('ready', 'filed_online', LAN.username, 'volunteer', { receivedAt: at() });
		const mine = { ...doc, updatedAt: at() };
		const { rows } = await bulk([
			{
				...mine,
				status: 'result_ready',
				history: [ready, filed, step('filed_online', 'result_ready', LAN.username, 'volunteer')]
			},
			{
				...mine,
				status: 'draft',
				history: [ready, step('ready', 'draft', HAI.username, 'official', { note: 'Sửa' })]
			},
			{ ...mine, status: 'draft', history: [] },
			{
				...mine,
				notes: [{ field: 'answers.child.fullName', text: 'Tự thêm', by: LAN.username, at: at() }]
			},
			{
				...mine,
				status: 'filed_online',
				history: [ready, step('ready', 'filed_online', LAN.username, 'volunteer')]
			}
		]);
		const [result, inHaisName, rewritten, note, noReceipt] = outcome(rows);
		expect(result).toContain('[dossier.statusRole]');
		expect(inHaisName).toContain('[dossier.stepActor]');
		expect(rewritten).toContain('[dossier.historyRewritten]');
		expect(note).toContain('[policy.notes]');
		expect(noReceipt).toContain('[dossier.receivedAtRequired]');
		// One write carried none of those: the stored revision is still the one sent first.
		const stored = await call(server.url, `${DB}/${doc._id}`, {
			headers: bearer(tokens[LAN.username])
		});
		expect(stored.body._rev).toBe(doc._rev);
	});

	it('the official returns a dossier with a note on a field; the volunteer closes it and resubmits', async () => {
		const ready = step('draft', 'ready', LAN.username, 'volunteer');
		const doc = await store(dossier(LAN, 30, { status: 'ready', history: [ready] }));
		const back = step('ready', 'draft', HAI.username, 'official', { note: 'Thiếu tên cha' });
		const note = { field: 'answers.father', text: 'Chọn cha của trẻ', by: HAI.username, at: at() };
		const noNote = await bulk(
			[
				{
					...doc,
					updatedBy: HAI.username,
					status: 'draft',
					history: [ready, { ...back, note: undefined }]
				}
			],
			HAI.username
		);
		expect(outcome(noNote.rows)[0]).toContain('[dossier.noteRequired]');
		const returned = await store(
			{ ...doc, updatedBy: HAI.username, status: 'draft', history: [ready, back], notes: [note] },
			HAI.username
		);
		const again = step('draft', 'ready', LAN.username, 'volunteer');
		const resubmitted = await store({
			...returned,
			updatedBy: LAN.username,
			updatedAt: at(),
			status: 'ready',
			history: [ready, back, again],
			notes: []
		});
		const final = await call(server.url, `${DB}/${doc._id}`, {
			headers: bearer(tokens[HAI.username])
		});
		expect(final.body._rev).toBe(resubmitted._rev);
		expect(final.body.history.map((h: { to: string }) => h.to)).toEqual([
			'ready',
			'draft',
			'ready'
		]);
		expect(final.body.notes).toEqual([]);
	});
});
