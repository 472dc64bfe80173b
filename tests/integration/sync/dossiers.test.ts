import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { login, startTestServer, type TestServer } from '../helpers/server';
import { readQuarantine } from '$lib/db';
import { procedureByCode } from '$lib/services/catalogue';
import type { ServiceContext } from '$lib/services/context';
import {
	createDossier,
	getDossier,
	markReady,
	returnDossier,
	saveAnswers,
	setDocument
} from '$lib/services/dossiers.service';
import { openTestDevice, type TestDevice } from './devices';

/** A dossier as the app writes it, through the real server, from a volunteer to the office and back. */
let server: TestServer;
const cleanup: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
	server = await startTestServer();
});
afterEach(async () => {
	for (const c of cleanup.splice(0).reverse()) await c();
});
afterAll(() => server?.stop());

async function phone(username: string): Promise<TestDevice & { ctx: ServiceContext }> {
	const d = await openTestDevice(server.url, await login(server.url, username));
	cleanup.push(d.close);
	return { ...d, ctx: { db: d.db, user: d.session.user, now: () => new Date() } };
}

const procedure = procedureByCode('marital-status')!;

describe('dossiers between a volunteer’s phone and the office', () => {
	it('syncs the answers, and the office’s return note on a field reaches the volunteer', async () => {
		const lan = await phone('nguyenthilan');
		const created = await createDossier(lan.ctx, {
			procedure,
			household: { id: 'hh-ds-1', hamlet: 'ap-ben-cho' },
			residentIds: ['r-ds-1'],
			answers: {}
		});
		expect(created.ok).toBe(true);
		if (!created.ok) return;
		const id = created.value.id;

		const incomplete = await markReady(lan.ctx, id, procedure);
		expect(incomplete.ok).toBe(false);
		if (!incomplete.ok)
			expect(incomplete.issues.some((i) => i.rule === 'form.required')).toBe(true);

		const name = 'Nguyễn Thị Hoa Sen';
		expect((await saveAnswers(lan.ctx, id, { applicant: { fullName: name } }, procedure)).ok).toBe(
			true
		);
		expect((await getDossier(lan.db, id))?.answers).toEqual({ applicant: { fullName: name } });

		expect(await lan.engine.syncNow()).toBe(true);
		expect(await readQuarantine(lan.db)).toEqual([]);

		const hai = await phone('cb.tranvanhai');
		expect(await hai.engine.syncNow()).toBe(true);
		expect((await getDossier(hai.db, id))?.answers).toEqual({ applicant: { fullName: name } });
		// A draft cannot be returned: only a ready or filed one.
		const early = await returnDossier(hai.ctx, id, 'Thiếu', []);
		expect(early.ok).toBe(false);
		// The refused step wrote nothing: the office's copy is still the volunteer's revision.
		expect((await getDossier(hai.db, id))?.updatedBy).toBe('nguyenthilan');
		expect(await hai.engine.syncNow()).toBe(true);
		expect(await hai.engine.unsynced()).toEqual([]);
		expect(await readQuarantine(hai.db)).toEqual([]);

		const answers = {
			applicant: { fullName: name, dateOfBirth: '1990-05-04', idNumber: '072190001234' },
			history: 'never',
			purpose: 'marriage'
		};
		expect((await saveAnswers(lan.ctx, id, answers, procedure)).ok).toBe(true);
		expect(
			(await setDocument(lan.ctx, id, 'applicantId', (e) => ({ ...e, state: 'shown' }))).ok
		).toBe(true);
		const ready = await markReady(lan.ctx, id, procedure);
		expect(ready.ok ? [] : ready.issues.map((i) => `${i.path}:${i.rule}`)).toEqual([]);
		expect(await lan.engine.syncNow()).toBe(true);

		expect(await hai.engine.syncNow()).toBe(true);
		const note = { field: 'answers.applicant.dateOfBirth', text: 'Ngày sinh khác giấy khai sinh' };
		const back = await returnDossier(hai.ctx, id, 'Sửa ngày sinh', [note]);
		expect(back.ok).toBe(true);
		expect(await hai.engine.syncNow()).toBe(true);

		expect(await lan.engine.syncNow()).toBe(true);
		const returned = await getDossier(lan.db, id);
		expect(returned?.status).toBe('draft');
		expect(returned?.notes.map((n) => [n.field, n.text, n.by])).toEqual([
			[note.field, note.text, 'cb.tranvanhai']
		]);
		const fixed = { ...answers, applicant: { ...answers.applicant, dateOfBirth: '1990-05-14' } };
		expect((await saveAnswers(lan.ctx, id, fixed, procedure)).ok).toBe(true);
		expect((await markReady(lan.ctx, id, procedure)).ok).toBe(true);
		expect(await lan.engine.syncNow()).toBe(true);

		expect(await hai.engine.syncNow()).toBe(true);
		const final = await getDossier(hai.db, id);
		expect(final?.status).toBe('ready');
		expect(final?.notes).toEqual([]);
		expect(final?.history.map((h) => `${h.from}>${h.to}:${h.role}`)).toEqual([
			'draft>ready:volunteer',
			'ready>draft:official',
			'draft>ready:volunteer'
		]);
		expect(await readQuarantine(lan.db)).toEqual([]);
		expect(await readQuarantine(hai.db)).toEqual([]);
	});
});
