import { describe, expect, it } from 'vitest';
import {
	collections,
	householdAddress,
	householdFindings,
	householdInputFindings,
	remoteDbName,
	secondHeadFinding,
	validateRecord
} from '../../../src/lib/domain/index.ts';
import { makeHamletPopulation, makeHousehold } from '../../factories/index.ts';

describe('household schema', () => {
	const h = makeHousehold({
		seed: 21,
		houseNumber: '12/3A',
		street: 'Hẻm 5',
		hamlet: 'ap-ben-cho'
	});

	it('accepts an address within the hamlet, a head and an empty digital-address slot', () => {
		expect(validateRecord('households', h)).toMatchObject({ ok: true });
		expect(h).toMatchObject({ headResidentId: null, addressPointId: null });
	});

	it('allows houses without a number but not an empty or overlong one', () => {
		expect(validateRecord('households', { ...h, houseNumber: null }).ok).toBe(true);
		const bad = validateRecord('households', { ...h, houseNumber: '   ' });
		expect(bad.ok ? [] : bad.issues.map((i) => i.rule)).toEqual(['household.houseNumber']);
		expect(validateRecord('households', { ...h, houseNumber: '1'.repeat(21) }).ok).toBe(false);
	});

	it('refuses notes with a password and fields it does not know', () => {
		const v = validateRecord('households', { ...h, notes: 'wifi pass: 12345678', members: [] });
		expect(v.ok ? [] : v.issues.map((i) => `${i.path}:${i.rule}`)).toEqual([
			'notes:notes.password',
			'members:record.unknownField'
		]);
	});

	it('writes the address the way it is said', () => {
		expect(householdAddress(h, 'Ấp Bến Chò')).toBe('Số 12/3A, Hẻm 5, Ấp Bến Chò');
		expect(householdAddress({ houseNumber: null, street: 'Tổ 4' })).toBe('Tổ 4');
	});
});

describe('collections of issue 5', () => {
	it('registers households and residents, and only those two new ones', () => {
		expect(Object.keys(collections)).toEqual(expect.arrayContaining(['households', 'residents']));
		expect(remoteDbName('25657', 'residents')).toBe('c25657_residents');
	});

	it('encrypts the sensitive resident fields', () => {
		expect(collections.residents.encrypted).toEqual(
			expect.arrayContaining([
				'idNumber',
				'legacyIdNumber',
				'phone',
				'dateOfBirth',
				'notes',
				'consents'
			])
		);
	});

	it('indexes only fields with a bounded length, never encrypted ones', () => {
		for (const spec of [collections.households, collections.residents]) {
			for (const index of spec.indexes.flat()) {
				expect(spec.encrypted).not.toContain(index);
				const field = spec.schema.shape[index as keyof typeof spec.schema.shape];
				expect(field, index).toBeDefined();
			}
		}
		expect(collections.residents.schema.shape.householdId.maxLength).toBe(128);
	});
});

describe('householdFindings', () => {
	const { households, residents } = makeHamletPopulation({
		hamlet: 'ap-thanh-hoa',
		households: 1,
		seed: 14
	});
	const [h] = households;

	it('finds nothing wrong in a generated household', () => {
		expect(residents.length).toBeGreaterThan(1);
		expect(householdFindings(h, residents)).toEqual([]);
	});

	it('catches two heads, a wrong head pointer and a member in another hamlet', () => {
		const [head, second] = residents;
		const twoHeads = [head, { ...second, relationship: 'head' as const }];
		expect(householdFindings(h, twoHeads).map((f) => f.rule)).toEqual(['household.manyHeads']);
		expect(
			householdFindings({ ...h, headResidentId: second.id }, residents).map((f) => f.rule)
		).toEqual(['household.headMismatch']);
		const moved = [head, { ...second, hamlet: 'ap-ben-cho' }];
		expect(householdFindings(h, moved).map((f) => f.rule)).toEqual(['household.memberHamlet']);
	});

	it('only warns while no head is recorded yet', () => {
		const noHead = residents.map((r) => ({ ...r, relationship: 'other' as const }));
		expect(householdFindings({ ...h, headResidentId: null }, noHead)).toEqual([
			expect.objectContaining({ rule: 'household.noHead', severity: 'warning' })
		]);
	});
});

describe('household input rules', () => {
	const members = [
		{
			id: 'r1',
			householdId: 'hh1',
			hamlet: 'ap-ben-cho',
			relationship: 'head',
			fullName: 'Lê Thị Hoa'
		},
		{ id: 'r2', householdId: 'hh1', hamlet: 'ap-ben-cho', relationship: 'child' },
		{
			id: 'r3',
			householdId: 'hh2',
			hamlet: 'ap-ben-cho',
			relationship: 'head',
			fullName: 'Trần Văn Ba'
		}
	];

	it('refuses a second head, naming the one the household has', () => {
		const f = secondHeadFinding('hh1', { id: '', relationship: 'head' }, members);
		expect(f).toMatchObject({
			path: 'relationship',
			rule: 'household.headExists',
			severity: 'error'
		});
		expect(f?.message.vi).toContain('Lê Thị Hoa');
		expect(secondHeadFinding('hh1', { id: 'r1', relationship: 'head' }, members)).toBeNull();
		expect(secondHeadFinding('hh1', { id: '', relationship: 'spouse' }, members)).toBeNull();
	});

	it('lets a household take a new head once the old one moved away or died', () => {
		const moved = members.map((m) =>
			m.id === 'r1' ? { ...m, residency: { status: 'moved_away' } } : m
		);
		expect(secondHeadFinding('hh1', { id: 'r2', relationship: 'head' }, moved)).toBeNull();
		expect(
			householdFindings({ id: 'hh1', hamlet: 'ap-ben-cho', headResidentId: null }, moved).map(
				(f) => f.rule
			)
		).toEqual(['household.noHead']);
	});

	it('asks to confirm a household with nothing to find it by again', () => {
		expect(householdInputFindings({ houseNumber: null, street: ' ', notes: '' })).toEqual([
			expect.objectContaining({ rule: 'household.blank', severity: 'confirm' })
		]);
		expect(householdInputFindings({ houseNumber: null, street: null, notes: 'Gần chợ' })).toEqual(
			[]
		);
		expect(householdInputFindings({ houseNumber: '12', street: null, notes: '' })).toEqual([]);
	});
});
