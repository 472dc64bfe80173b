import { afterEach, describe, expect, it } from 'vitest';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { heartbeatCollection } from '$lib/domain/heartbeat';
import { householdCollection } from '$lib/domain/household';
import { residentCollection } from '$lib/domain/resident';
import { residentV0Schema } from '$lib/domain/resident-v0';
import type { CollectionSpec } from '$lib/domain/collections';
import {
	openDatabase,
	RecordValidationError,
	saveRecord,
	toRxSchema,
	updateRecord,
	type AppDatabase,
	type SpecMap
} from '$lib/db';
import { resolveEdits } from '$lib/db/conflict';
import { household, resident, residentV0 } from './factories';

const specs: SpecMap = {
	residents: residentCollection as unknown as CollectionSpec,
	households: householdCollection as unknown as CollectionSpec,
	heartbeats: heartbeatCollection as unknown as CollectionSpec
};

/** The residents collection as the pilot app (version 0) declared it. */
const residentsV0Spec: CollectionSpec = {
	...(residentCollection as unknown as CollectionSpec),
	version: 0,
	schema: residentV0Schema,
	olderSchemas: {},
	migrations: {},
	encrypted: ['birthDate', 'cccd', 'phone', 'note']
};

const PASSWORD = 'a-long-test-password';
const open: AppDatabase[] = [];
let seq = 0;

async function db(specMap: SpecMap = specs, name = `t${Date.now()}x${seq++}`) {
	const d = await openDatabase({
		name,
		password: PASSWORD,
		storage: getRxStorageMemory(),
		specs: specMap,
		multiInstance: false
	});
	open.push(d);
	return d;
}

afterEach(async () => {
	await Promise.all(open.splice(0).map((d) => d.close()));
});

describe('toRxSchema', () => {
	it.each(Object.values(specs))('derives an RxDB schema for $name', (spec) => {
		const s = toRxSchema(spec);
		expect(s.primaryKey).toBe('id');
		expect(s.version).toBe(spec.version);
		for (const f of spec.encrypted) expect(s.encrypted).toContain(f);
		if (spec.name !== 'heartbeats') expect(s.encrypted).toContain('conflicts');
		for (const idx of spec.indexes.flat()) {
			const prop = s.properties[idx as string] as { type?: string; maxLength?: number };
			if (prop.type === 'string') expect(prop.maxLength).toBeGreaterThan(0);
		}
	});

	it('refuses an index on an encrypted field', () => {
		expect(() =>
			toRxSchema({ ...residentCollection, indexes: ['phone'] } as unknown as CollectionSpec)
		).toThrow(/cannot be indexed|must be required/);
	});
});

describe('openDatabase', () => {
	it('stores a valid record and refuses an invalid one with a Vietnamese field message', async () => {
		const d = await db();
		await saveRecord(d, 'households', household());
		const bad = { ...resident(), commune: '123' };
		const err = await saveRecord(d, 'residents', bad).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(RecordValidationError);
		const issue = (err as RecordValidationError).issues.find((i) => i.path === 'commune');
		expect(issue?.message.vi).toBe('phải là mã xã gồm 5 chữ số');
		expect(await d.collections.residents.count().exec()).toBe(0);
	});

	it('refuses an invalid document written past the app API (storage-level check)', async () => {
		const d = await db();
		await expect(
			d.collections.households.insert({ ...household(), hamlet: 'Ấp 1' })
		).rejects.toThrow();
		expect(await d.collections.households.count().exec()).toBe(0);
	});

	it('updateRecord validates the changed record', async () => {
		const d = await db();
		await saveRecord(d, 'residents', resident());
		await expect(
			updateRecord(d, 'residents', 'res-001', (r) => ({ ...r, fullName: '' }))
		).rejects.toBeInstanceOf(RecordValidationError);
		const saved = await updateRecord(d, 'residents', 'res-001', (r) => ({ ...r, notes: 'Đã gọi' }));
		expect(saved.notes).toBe('Đã gọi');
	});

	it('updateRecord writes nothing, not even a revision, when the change is refused or empty', async () => {
		const d = await db();
		await saveRecord(d, 'residents', resident());
		const before = await d.collections.residents.findOne('res-001').exec();
		await expect(
			updateRecord(d, 'residents', 'res-001', (r) => ({ ...r, fullName: '' }))
		).rejects.toBeInstanceOf(RecordValidationError);
		const same = await updateRecord(d, 'residents', 'res-001', (r) => r);
		expect(same.fullName).toBe(resident().fullName);
		const after = await d.collections.residents.findOne('res-001').exec();
		expect(after?.revision).toBe(before?.revision);
	});

	it('migrates version-0 residents written by the pilot app to the current version', async () => {
		const name = `mig${Date.now()}`;
		const storage = getRxStorageMemory();
		const old = await openDatabase({
			name,
			password: PASSWORD,
			storage,
			specs: { residents: residentsV0Spec },
			multiInstance: false
		});
		await old.collections.residents.bulkInsert([
			residentV0(),
			residentV0({ id: 'res-v0-002', consentAt: null, consentBy: null, relationship: 'con trai' })
		]);
		await old.close();

		const d = await openDatabase({
			name,
			password: PASSWORD,
			storage,
			specs: { residents: specs.residents },
			multiInstance: false
		});
		open.push(d);
		const docs = await d.collections.residents.find({ sort: [{ id: 'asc' }] }).exec();
		expect(docs.map((x) => x.toJSON())).toMatchObject([
			{
				id: 'res-v0-001',
				schemaVersion: 2,
				residency: { status: 'present' },
				fullName: 'Trần Thị Hoa',
				dateOfBirth: '1985-03-04',
				sex: 'female',
				idNumber: '072185123456',
				phone: '+84912345678',
				relationship: 'spouse'
			},
			{ id: 'res-v0-002', schemaVersion: 2, idNumber: null, phone: null, relationship: 'child' }
		]);
	});

	it('resolves replication conflicts with the three-way merge, and heartbeats by recency', () => {
		const base = resident({ notes: '' });
		const local = { ...base, notes: 'máy', updatedAt: '2026-11-21T08:00:00.000+07:00' };
		const remote = { ...base, phone: '+84987654321', updatedAt: '2026-11-21T09:00:00.000+07:00' };
		expect(resolveEdits(specs.residents, base, local, remote)).toMatchObject({
			notes: 'máy',
			phone: '+84987654321',
			updatedAt: remote.updatedAt
		});

		const hb = { id: 'hb-x', updatedAt: '2026-11-21T08:00:00.000Z', conflicts: 3 };
		const newer = { ...hb, updatedAt: '2026-11-21T09:00:00.000Z', conflicts: 0 };
		expect(resolveEdits(specs.heartbeats, undefined, newer, hb)).toEqual(newer);
		expect(resolveEdits(specs.heartbeats, undefined, hb, newer)).toEqual(newer);
	});
});
