import { afterEach, describe, expect, it, vi } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { dossierPhotoHashes, looksLikeJpeg } from '$domain/dossier';
import { freePhotoCopy, heldPhoto, openDatabase, readPhoto, type AppDatabase } from '$lib/db';
import { readOutbox, removeFromOutbox } from '$lib/db/outbox';
import { procedureByCode } from '$lib/services/catalogue';
import { createDossier, getDossier, takeDocumentPhoto } from '$lib/services/dossiers.service';
import { PhotoQueue } from '$lib/sync/photos';
import type { PhotoProcessor } from '$lib/photos/client';
import { FakeClock } from '../../support/fake-clock';
import { makeDossier, HASH_A, HASH_B } from '../domain/dossier/fixtures';

const open: AppDatabase[] = [];
const queues: PhotoQueue[] = [];
afterEach(async () => {
	for (const q of queues.splice(0)) await q.stop();
	await Promise.all(open.splice(0).map((d) => d.close()));
});

const passThrough: PhotoProcessor = {
	async process(file) {
		const jpeg = new Uint8Array(await file.arrayBuffer());
		const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', jpeg));
		return {
			jpeg: new Blob([jpeg]),
			thumbnail: new Blob([jpeg.slice(0, 10)]),
			hash: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
			width: 10,
			height: 10,
			quality: 0.8
		};
	},
	close() {}
};

/** A device with one synced dossier and two photos on it (its outbox cleared as a push would). */
async function device() {
	const db = await openDatabase({
		name: `pq${Date.now()}${Math.random().toString(36).slice(2)}`,
		password: 'a-long-test-password',
		storage: getRxStorageMemory(),
		multiInstance: false
	});
	open.push(db);
	const ctx = {
		db,
		user: {
			username: 'nguyenthilan',
			role: 'volunteer' as const,
			commune: '25657',
			hamlets: ['ap-ben-cho'],
			displayName: 'Lan'
		},
		now: () => new Date('2026-11-20T02:00:00Z')
	};
	const created = await createDossier(ctx, {
		procedure: procedureByCode('birth-bundle')!,
		household: { id: 'hh-1', hamlet: 'ap-ben-cho' },
		residentIds: ['r-1'],
		answers: {}
	});
	if (!created.ok) throw new Error('dossier');
	for (const n of [1, 2]) {
		const bytes = new Uint8Array([0xff, 0xd8, 0xff, n]);
		const r = await takeDocumentPhoto(
			ctx,
			created.value.id,
			'birthCertificate',
			new Blob([bytes]),
			passThrough
		);
		if (!r.ok) throw new Error('photo');
	}
	const dossier = (await getDossier(db, created.value.id))!;
	const box = await readOutbox(db);
	await removeFromOutbox(db, 'dossiers', [{ id: dossier.id, rev: box.dossiers[dossier.id].rev! }]);
	return { db, dossier, hashes: [...dossierPhotoHashes(dossier)] };
}

function queue(db: AppDatabase, clock: FakeClock, fetchFn: typeof fetch) {
	const q = new PhotoQueue({
		db,
		commune: '25657',
		baseUrl: 'http://server',
		token: () => 'token',
		onStates: () => {},
		clock,
		fetch: fetchFn,
		backoffMs: 1000,
		maxBackoffMs: 8000
	});
	queues.push(q);
	return q;
}

describe('dossierPhotoHashes and looksLikeJpeg', () => {
	it('collects the papers’ photos and hashes in the answers', () => {
		const d = makeDossier({
			answers: { child: { photo: [HASH_A] }, note: 'not a hash' },
			documents: [
				{
					id: 'birthCertificate',
					state: 'photographed',
					certifiedCopy: false,
					photos: [
						{ hash: HASH_B, bytes: 1, width: 1, height: 1, takenAt: '2026-11-20T09:00:00+07:00' }
					]
				}
			]
		});
		expect([...dossierPhotoHashes(d)].sort()).toEqual([HASH_A, HASH_B]);
		expect(dossierPhotoHashes(makeDossier()).size).toBe(0);
	});

	it('knows a JPEG by its first marker', () => {
		expect(looksLikeJpeg(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
		expect(looksLikeJpeg(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe(false);
		expect(looksLikeJpeg(new Uint8Array([0xff, 0xd8]))).toBe(false);
	});
});

describe('PhotoQueue', () => {
	it('retries a network failure with doubling back-off, then stores each photo once', async () => {
		const { db, hashes } = await device();
		const clock = new FakeClock();
		let failures = 2;
		const calls: number[] = [];
		const q = queue(db, clock, async () => {
			calls.push(clock.now());
			if (failures-- > 0) throw new TypeError('Failed to fetch');
			return new Response('{"ok":true}', { status: 201 });
		});
		await q.kick();
		expect(calls).toHaveLength(1);
		expect(clock.pending).toEqual([1000]);
		await clock.advance(1000);
		await vi.waitFor(() => expect(clock.pending).toEqual([2000]));
		await clock.advance(2000);
		await vi.waitFor(() =>
			expect(Object.values(q.states).every((s) => s.phase === 'uploaded')).toBe(true)
		);
		expect(calls.map((t) => t - calls[0])).toEqual([0, 1000, 3000, 3000]);
		for (const h of hashes)
			expect((await heldPhoto(db, h))?.uploadedAt).toBe(new Date(calls[0] + 3000).toISOString());
		expect(clock.pending).toEqual([]);
	});

	it('a refusal is kept and not retried; a missing dossier is retried', async () => {
		const { db, hashes } = await device();
		const clock = new FakeClock();
		const q = queue(db, clock, async (input) =>
			String(input).includes(hashes[0])
				? new Response(
						JSON.stringify({ reason: 'photo: bad [photo.type] | photo: ảnh phải là JPEG' }),
						{ status: 415 }
					)
				: new Response(JSON.stringify({ reason: 'x [photo.dossier] | hồ sơ chưa có' }), {
						status: 404
					})
		);
		await q.kick();
		expect(q.states[hashes[0]]).toMatchObject({
			phase: 'failed',
			reason: { vi: 'photo: ảnh phải là JPEG' }
		});
		expect(q.states[hashes[1]]).toMatchObject({
			phase: 'waiting',
			reason: { vi: 'hồ sơ chưa có' }
		});
		expect(clock.pending).toEqual([1000]);
		await q.retryRefused();
		expect((await heldPhoto(db, hashes[0]))?.refused?.vi).toBe('photo: ảnh phải là JPEG');
	});

	it('offline it tells what waits and sends nothing', async () => {
		const { db } = await device();
		const clock = new FakeClock();
		const fetchFn = vi.fn<typeof fetch>();
		const q = queue(db, clock, fetchFn);
		q.setOnline(false);
		await q.kick();
		expect(fetchFn).not.toHaveBeenCalled();
		expect(Object.values(q.states).map((s) => s.phase)).toEqual(['waiting', 'waiting']);
		expect(clock.pending).toEqual([]);
	});

	it('frees the full copy only of a photo the server confirmed, keeping its thumbnail', async () => {
		const { db, hashes } = await device();
		expect(await freePhotoCopy(db, hashes[0])).toBe(false);
		const clock = new FakeClock();
		const q = new PhotoQueue({
			db,
			commune: '25657',
			baseUrl: 'http://server',
			token: () => 'token',
			onStates: () => {},
			clock,
			fetch: async () => new Response('{}', { status: 201 }),
			storageLow: async () => true
		});
		queues.push(q);
		await q.kick();
		expect(await readPhoto(db, hashes[0], 'jpeg')).toBeNull();
		expect(await readPhoto(db, hashes[0], 'thumbnail')).not.toBeNull();
		expect((await heldPhoto(db, hashes[0]))?.hasJpeg).toBe(false);
	});
});
