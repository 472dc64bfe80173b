import { describe, expect, it } from 'vitest';
import { readCsv } from '$domain/csv-read';
import type { Hamlet } from '$domain/directory';
import { HAMLET_IMPORT_MAX_ROWS, planHamletImport } from '$domain/hamlet-import';

const hamlet = (id: string, name: string, validTo: string | null = null): Hamlet => ({
	id,
	commune: '25657',
	name,
	validFrom: '2025-07-01',
	validTo
});
const existing = [
	hamlet('ap-ben-cho', 'Ấp Bến Chò'),
	hamlet('ap-thanh-hoa', 'Ấp Thạnh Hòa'),
	hamlet('ap-cu', 'Ấp Cũ', '2025-12-31')
];

describe('reading CSV', () => {
	it('reads quoted fields and Excel’s semicolons, and says on which line a row is wrong', () => {
		const r = readCsv('\uFEFFmã;tên\r\nap-a;"Ấp A; Một"\r\n\r\nap-b;"Ấp\nB"\r\n');
		expect(r).toEqual({
			ok: true,
			header: ['mã', 'tên'],
			rows: [
				{ line: 2, cells: { mã: 'ap-a', tên: 'Ấp A; Một' } },
				{ line: 4, cells: { mã: 'ap-b', tên: 'Ấp\nB' } }
			]
		});
		expect(readCsv('a,b\n1,2\n3\n')).toEqual({
			ok: false,
			problem: { kind: 'fields', line: 3, fields: 1, expected: 2 }
		});
		expect(readCsv('a,b\n"1,2\n')).toEqual({ ok: false, problem: { kind: 'unterminated' } });
		expect(readCsv(' \n\n')).toEqual({ ok: false, problem: { kind: 'empty' } });
	});
});

describe('planning a hamlet import', () => {
	it('tells, row by row, what would be added, renamed, left alone or refused and why', () => {
		const plan = planHamletImport(
			[
				'Mã ấp,Tên ấp,Từ ngày',
				'ap-ben-cho,Ấp Bến Chò,',
				'ap-thanh-hoa,Ấp Thạnh Hòa Mới,01/01/2026',
				',Ấp Đồng Mới,2026-01-15',
				'ap-cu,Ấp Cũ Lại,',
				'Ấp Sai,Ấp Sai Mã,',
				'ap-x,,',
				'ap-y,Ấp Y,31/02/2026',
				'ap-dong-moi,Ấp Đồng Mới Nữa,'
			].join('\n'),
			existing
		);
		expect(plan.ok).toBe(true);
		if (!plan.ok) return;
		expect(plan.rows.map((r) => [r.line, r.id, r.action])).toEqual([
			[2, 'ap-ben-cho', { kind: 'same' }],
			[3, 'ap-thanh-hoa', { kind: 'rename', before: 'Ấp Thạnh Hòa' }],
			[4, 'ap-dong-moi', { kind: 'add' }],
			[5, 'ap-cu', { kind: 'refused', problem: 'import.retired' }],
			[6, 'Ấp Sai', { kind: 'refused', problem: 'import.id' }],
			[7, 'ap-x', { kind: 'refused', problem: 'import.name' }],
			[8, 'ap-y', { kind: 'refused', problem: 'import.date' }],
			[9, 'ap-dong-moi', { kind: 'refused', problem: 'import.duplicate' }]
		]);
		expect(plan.rows[1].from).toBe('2026-01-01');
		expect(plan.rows[2].from).toBe('2026-01-15');
	});

	it('refuses a file without a name column or with more rows than a commune has hamlets', () => {
		expect(planHamletImport('code,label\na,b\n', existing)).toEqual({
			ok: false,
			problem: { kind: 'columns' }
		});
		const many = [
			'name',
			...Array.from({ length: HAMLET_IMPORT_MAX_ROWS + 1 }, (_, i) => `Ấp ${i}`)
		];
		expect(planHamletImport(many.join('\n'), existing)).toEqual({
			ok: false,
			problem: { kind: 'tooMany', rows: HAMLET_IMPORT_MAX_ROWS + 1 }
		});
		expect(planHamletImport('name\n"Ấp', existing)).toEqual({
			ok: false,
			problem: { kind: 'unterminated' }
		});
	});
});
