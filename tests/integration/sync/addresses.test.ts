import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { THANH_DUC_CENTER } from '../../factories/address.ts';
import { localProjection } from '../../../src/lib/domain/address/index.ts';
import { startTestServer, type TestServer } from '../helpers/server';
import {
	approvePoint,
	createPoint,
	getPoint,
	listPoints,
	pointGrid,
	returnPoint,
	updatePoint,
	type PointInput
} from '$lib/services/addresses.service';
import { readQuarantine } from '$lib/db';
import { testPhones } from './devices';

/** Points as the app writes them: saved on the phone, synced, validated or returned by the commune. */
let server: TestServer;
const phones = testPhones(() => server.url);
beforeAll(async () => {
	server = await startTestServer();
});
afterEach(() => phones.closeAll());
afterAll(() => server?.stop());

const { phone } = phones;

const proj = localProjection(THANH_DUC_CENTER);
const metresEast = (m: number) => proj.toLngLat(m, 0);

function input(overrides: Partial<PointInput> = {}): PointInput {
	const position = overrides.position ?? THANH_DUC_CENTER;
	return {
		hamlet: 'ap-ben-cho',
		position,
		gps: { position, accuracyM: 4.2, samples: 12 },
		placedOnMap: false,
		objectType: 'house',
		name: '',
		houseNumber: '12',
		street: 'Hẻm 3',
		householdId: null,
		householdConsent: false,
		confirmed: [],
		...overrides
	};
}

describe('digital-address points through the server', () => {
	it('captured, synced, returned with a note, corrected, resubmitted and validated', async () => {
		const lan = await phone('nguyenthilan');
		const hai = await phone('cb.tranvanhai');
		const created = await createPoint(lan.ctx, input());
		expect(created.ok).toBe(true);
		if (!created.ok) return;
		expect(created.value).toMatchObject({
			method: 'gps_averaged',
			review: { status: 'submitted' }
		});
		expect(await lan.engine.syncNow()).toBe(true);

		expect(await hai.engine.syncNow()).toBe(true);
		expect((await listPoints(hai.db)).map((p) => p.id)).toEqual([created.value.id]);
		expect((await returnPoint(hai.ctx, created.value.id, 'Điểm lệch sang nhà bên')).ok).toBe(true);
		expect(await hai.engine.syncNow()).toBe(true);

		expect(await lan.engine.syncNow()).toBe(true);
		const back = await getPoint(lan.db, created.value.id);
		expect(back?.review).toMatchObject({
			status: 'returned',
			notes: [{ text: 'Điểm lệch sang nhà bên', by: 'cb.tranvanhai' }]
		});
		const moved = await updatePoint(lan.ctx, created.value.id, {
			...input(),
			position: metresEast(5),
			placedOnMap: true
		});
		expect(moved.ok).toBe(true);
		if (!moved.ok) return;
		expect(moved.value.method).toBe('gps_moved');
		expect(moved.value.gps?.position).toEqual(THANH_DUC_CENTER);
		expect(moved.value.review?.status).toBe('submitted');
		expect(moved.value.review?.history.map((h) => h.action)).toEqual([
			'submit',
			'return',
			'resubmit'
		]);
		expect(await lan.engine.syncNow()).toBe(true);

		expect(await hai.engine.syncNow()).toBe(true);
		expect((await approvePoint(hai.ctx, created.value.id)).ok).toBe(true);
		expect(await hai.engine.syncNow()).toBe(true);
		expect(await lan.engine.syncNow()).toBe(true);
		expect((await getPoint(lan.db, created.value.id))?.review?.status).toBe('approved');
		expect(await readQuarantine(lan.db)).toEqual([]);
	});

	it('a near-duplicate within 3 m or an unconfirmed household link stops the save; a volunteer cannot validate', async () => {
		const lan = await phone('nguyenthilan');
		const first = await createPoint(lan.ctx, input());
		expect(first.ok).toBe(true);
		const grid = pointGrid(await listPoints(lan.db));
		const close = input({ position: metresEast(2), houseNumber: '14' });
		const stopped = await createPoint(lan.ctx, close, { grid });
		expect(stopped.ok).toBe(false);
		if (!stopped.ok)
			expect(stopped.issues.map((i) => i.rule)).toEqual(['address.duplicateConfirm']);
		const near = await createPoint(lan.ctx, input({ position: metresEast(6), houseNumber: '14' }), {
			grid
		});
		expect(near.ok).toBe(true);
		const confirmed = await createPoint(
			lan.ctx,
			{ ...close, confirmed: ['nearDuplicate'] },
			{ grid }
		);
		expect(confirmed.ok).toBe(true);
		const outside = await createPoint(lan.ctx, input({ houseNumber: '99' }), {
			insideCommune: () => false
		});
		expect(!outside.ok && outside.issues.map((i) => i.rule)).toEqual(['address.outsideCommune']);

		const linked = await createPoint(
			lan.ctx,
			input({ houseNumber: '20', householdId: 'hh-x', householdConsent: true })
		);
		expect(linked.ok && linked.value.consent).toMatchObject({
			purpose: 'address',
			method: 'ticked',
			takenBy: 'nguyenthilan'
		});
		const unlinked = await createPoint(
			lan.ctx,
			input({ houseNumber: '21', householdId: 'hh-y', householdConsent: false })
		);
		expect(unlinked.ok && unlinked.value).toMatchObject({ householdId: null, consent: null });
		await expect(approvePoint(lan.ctx, first.ok ? first.value.id : '')).rejects.toThrow(/official/);
		expect(await lan.engine.syncNow()).toBe(true);
		expect(await readQuarantine(lan.db)).toEqual([]);
	});
});
