import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAN, heartbeat, household, resident } from '../../helpers/docs.ts';
import { bearer, call, login, startTestServer, type TestServer } from '../../helpers/server.ts';
import { expectStillServing } from './support.ts';

/** Class 5: old versions, heartbeats, conflict values and checkpoints that skipped the rules. */
let server: TestServer;
let lan: string;

beforeAll(async () => {
	server = await startTestServer();
	lan = (await login(server.url, LAN.username)).token;
});
afterAll(() => server.stop());

const bulk = (db: string, docs: unknown[]) =>
	call(server.url, `/db/${db}/_bulk_docs`, { headers: bearer(lan), body: { docs } });

/** A resident as the 2025 pilot app saved it (schemaVersion 0). */
const pilot = (n: number, over: Record<string, unknown> = {}) => ({
	_id: `r-pilot-${n}`,
	schemaVersion: 0,
	commune: LAN.commune,
	hamlet: LAN.hamlet,
	createdAt: '2025-09-03T08:40:00+07:00',
	updatedAt: '2025-09-03T09:05:00+07:00',
	createdBy: LAN.username,
	updatedBy: LAN.username,
	householdId: 'hh-ap-ben-cho-0012',
	familyName: 'Trần',
	middleName: 'Văn',
	givenName: 'Tài',
	birthDate: '7/2/1968',
	gender: 'nam',
	ethnicity: 'Kinh',
	cccd: '072 068 004 512',
	phone: '0913.456.789',
	relationship: 'Chủ hộ',
	note: 'Nhà gần cầu Bến Chò',
	consentAt: '2025-09-03T08:45:00+07:00',
	consentBy: LAN.username,
	accountStatus: 'done',
	accountNote: '',
	...over
});

const reasons = (res: { body: { reason?: string; ok?: boolean }[] }) =>
	res.body.map((r) => (r.ok ? 'ok' : (r.reason ?? '')));

describe('every stored shape has a strict schema and a size limit', () => {
	it('an old schema version is migrated, then held to the current rules', async () => {
		const res = await bulk('c25657_residents', [
			pilot(1),
			pilot(2, { otp: '123456' }),
			pilot(3, { password: 'matkhau123' }),
			// Migrated, its CCCD says born in 1968 against a date of birth in 1985.
			pilot(4, { birthDate: '7/2/1985' })
		]);
		const [ok, otp, password, mismatch] = reasons(res);
		expect(ok).toBe('ok');
		expect(otp).toContain('otp: ');
		expect(otp).toContain('[record.unknownField]');
		expect(password).toContain('[record.unknownField]');
		expect(mismatch).toContain('[schemaVersion.migration]');
		expect(mismatch).toContain('[cccd.birthYearMismatch]');
	});

	it('heartbeats refuse unknown fields and anything past 8 KB', async () => {
		const res = await bulk('c25657_heartbeats', [
			heartbeat(LAN, 1),
			heartbeat(LAN, 2, { extra: 'x'.repeat(3 * 1024 * 1024) }),
			heartbeat(LAN, 3, { debug: { a: 1 } }),
			heartbeat(LAN, 4, {
				pending: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`c${i}`, i]))
			})
		]);
		const [ok, huge, unknown, pending] = reasons(res);
		expect(ok).toBe('ok');
		expect(huge).toContain('[doc.tooLarge]');
		expect(unknown).toContain('debug: ');
		expect(unknown).toContain('[record.unknownField]');
		expect(pending).toContain('[heartbeat.pending]');
	});

	it('a conflict value is one field, not a record smuggled in; a record has a size limit', async () => {
		const conflict = (value: unknown) => ({
			field: 'notes',
			value,
			by: LAN.username,
			at: '2026-11-30T09:00:00+07:00'
		});
		const res = await bulk('c25657_households', [
			household(LAN, 1, { conflicts: [conflict('Ghi chú máy B')] }),
			household(LAN, 2, { conflicts: [conflict('x'.repeat(200 * 1024))] }),
			household(LAN, 3, {
				conflicts: Array.from({ length: 10 }, () => conflict('y'.repeat(100 * 1024)))
			}),
			resident(LAN, 4, { conflicts: [conflict({ ...resident(LAN, 5), notes: 'z'.repeat(10e6) })] })
		]);
		const [ok, big, many, smuggled] = reasons(res);
		expect(ok).toBe('ok');
		expect(big).toContain('[conflict.tooLarge]');
		expect(many).toContain('[doc.tooLarge]');
		expect(smuggled).toContain('[doc.tooLarge]');
	});

	it('_local holds replication checkpoints only, of at most 16 KB', async () => {
		const put = (id: string, body: unknown) =>
			call(server.url, `/db/c25657_households/_local/${id}`, {
				method: 'PUT',
				headers: bearer(lan),
				body
			});
		const checkpoint = {
			session_id: 'a1b2c3',
			last_seq: 42,
			history: [{ last_seq: 42, session_id: 'a1b2c3' }],
			replicator: 'pouchdb',
			version: 1
		};
		expect((await put('pouch', checkpoint)).status).toBe(201);
		const huge = await put('big', { ...checkpoint, session_id: 'x'.repeat(15 * 1024 * 1024) });
		expect(huge.status).toBe(413);
		const stuffed = await put('stuffed', { ...checkpoint, resident: resident(LAN, 6) });
		expect(stuffed.status).toBe(400);
		expect(stuffed.body).toMatchObject({ error: 'bad_request' });
		expect(stuffed.body.reason).toContain('resident');
		const nested = await put('nested', { ...checkpoint, history: [{ deep: { a: 1 } }] });
		expect(nested.status).toBe(400);
		const got = await call(server.url, '/db/c25657_households/_local/pouch', {
			headers: bearer(lan)
		});
		expect(got.body).toMatchObject({ _id: '_local/pouch', last_seq: 42 });
	});

	it('the server still serves a volunteer afterwards', async () => {
		await expectStillServing(server);
	});
});
