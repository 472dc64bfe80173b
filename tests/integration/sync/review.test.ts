import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeResident } from '../../factories';
import { startTestServer, type TestServer } from '../helpers/server';
import { readQuarantine, saveRecord, type RecordDoc } from '$lib/db';
import { changeResident } from '$lib/services/residents.service';
import { approveResident, returnResident, submitResident } from '$lib/services/review.service';
import { resendRecord } from '$lib/sync/resend';
import { testPhones, type TestDevice } from './devices';

/** The review workflow as the app writes it passes the server's workflow rules (policy.ts). */
let server: TestServer;
const phones = testPhones(() => server.url);
beforeAll(async () => {
	server = await startTestServer();
});
afterEach(() => phones.closeAll());
afterAll(() => server?.stop());

const { phone } = phones;

const status = async (d: TestDevice, id: string) =>
	((await d.db.collections.residents.findOne(id).exec())?.toJSON() as RecordDoc | undefined)
		?.review as { status: string } | undefined;

describe('review workflow through the server', () => {
	it('submit, return, resubmit, approve, and a volunteer edit of an approved record', async () => {
		const lan = await phone('nguyenthilan');
		const hai = await phone('cb.tranvanhai');
		const r = makeResident({ seed: 4242, volunteer: 'nguyenthilan', hamlet: 'ap-ben-cho' });
		await saveRecord(lan.db, 'residents', { ...r, id: 'rv-1' } as unknown as RecordDoc);
		expect((await submitResident(lan.ctx, 'rv-1')).ok).toBe(true);
		expect(await lan.engine.syncNow()).toBe(true);

		expect(await hai.engine.syncNow()).toBe(true);
		const returned = await returnResident(hai.ctx, 'rv-1', [
			{ field: 'phone', text: 'Kiểm tra số' }
		]);
		expect(returned.ok).toBe(true);
		expect(await hai.engine.syncNow()).toBe(true);

		expect(await lan.engine.syncNow()).toBe(true);
		expect((await status(lan, 'rv-1'))?.status).toBe('returned');
		expect((await submitResident(lan.ctx, 'rv-1')).ok).toBe(true);
		expect(await lan.engine.syncNow()).toBe(true);

		expect(await hai.engine.syncNow()).toBe(true);
		expect((await approveResident(hai.ctx, 'rv-1')).ok).toBe(true);
		expect(await hai.engine.syncNow()).toBe(true);

		expect(await lan.engine.syncNow()).toBe(true);
		const edited = await changeResident(lan.ctx, 'rv-1', (x) => ({ ...x, notes: 'Đã đổi số nhà' }));
		expect(edited.ok && edited.value.review?.status).toBe('draft');
		expect(await lan.engine.syncNow()).toBe(true);
		expect(await readQuarantine(lan.db)).toEqual([]);
	});

	it('an offline edit that meets an approval is refused, then sent again as a draft', async () => {
		const lan = await phone('nguyenthilan');
		const hai = await phone('cb.tranvanhai');
		const r = makeResident({ seed: 4343, volunteer: 'nguyenthilan', hamlet: 'ap-ben-cho' });
		await saveRecord(lan.db, 'residents', { ...r, id: 'rv-2' } as unknown as RecordDoc);
		expect((await submitResident(lan.ctx, 'rv-2')).ok).toBe(true);
		expect(await lan.engine.syncNow()).toBe(true);
		expect(await hai.engine.syncNow()).toBe(true);

		await lan.engine.setOnline(false);
		const edited = await changeResident(lan.ctx, 'rv-2', (x) => ({
			...x,
			notes: 'Sửa khi mất mạng'
		}));
		expect(edited.ok).toBe(true);
		expect((await approveResident(hai.ctx, 'rv-2')).ok).toBe(true);
		expect(await hai.engine.syncNow()).toBe(true);
		await lan.engine.setOnline(true);
		await lan.engine.syncNow();

		// The merge keeps the approval and Lan's edit: approved content changed by a volunteer.
		const q = await readQuarantine(lan.db);
		expect(q.map((e) => e.id)).toEqual(['rv-2']);
		expect(q[0].reason.en).toContain('[policy.approvedEdit]');
		await resendRecord(lan.db, lan.session.user, 'residents', 'rv-2', new Date().toISOString());
		expect((await status(lan, 'rv-2'))?.status).toBe('draft');
		expect(await lan.engine.syncNow()).toBe(true);
		expect(await readQuarantine(lan.db)).toEqual([]);
		expect(await hai.engine.syncNow()).toBe(true);
		const onHai = (
			await hai.db.collections.residents.findOne('rv-2').exec()
		)?.toJSON() as RecordDoc;
		expect(onHai.notes).toBe('Sửa khi mất mạng');
		expect((onHai.review as { status: string; history: { action: string }[] }).status).toBe(
			'draft'
		);
		expect(
			(onHai.review as { history: { action: string }[] }).history.map((h) => h.action)
		).toEqual(['submit', 'approve']);
	});
});
