import { describe, expect, it } from 'vitest';
import { DOSSIER_CSV_COLUMNS, dossiersCsv, dossierStageCounts } from '$domain/dossier';
import { makeDossier } from './fixtures';

const names = { hamlet: (id: string) => `Ấp ${id}`, procedure: (c: string) => `Thủ tục ${c}` };

describe('dossiersCsv', () => {
	const filed = makeDossier({
		status: 'filed_online',
		dossierCode: '000.00.31.H56-261120-0001',
		fee: { amountVnd: 8000, status: 'paid_transfer' },
		history: [
			{
				at: '2026-11-20T09:00:00+07:00',
				by: 'nguyenthilan',
				role: 'volunteer',
				from: 'ready',
				to: 'filed_online',
				receivedAt: '2026-11-20T09:00:00+07:00'
			}
		]
	});

	it('opens with a BOM and the Vietnamese header, one CRLF line per dossier', () => {
		const csv = dossiersCsv(
			[
				{ d: filed, due: { due: '2026-11-27', estimated: true, state: 'on_track' } },
				{ d: makeDossier({ id: 'd2' }), due: null }
			],
			names
		);
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines[0]).toBe(DOSSIER_CSV_COLUMNS.join(','));
		expect(lines).toHaveLength(4); // header, two rows, trailing empty
		expect(lines[1]).toBe(
			[
				'Ấp ap-ben-cho',
				'Thủ tục birth-bundle',
				'birth-bundle',
				'="000.00.31.H56-261120-0001"',
				'Đã nộp trực tuyến',
				'Trực tuyến',
				'20/11/2026',
				'27/11/2026',
				'Có',
				'Còn hạn',
				'8000',
				'Đã chuyển khoản',
				'',
				'nguyenthilan',
				'20/11/2026'
			].join(',')
		);
		expect(lines[2].split(',')[4]).toBe('Đang soạn');
	});

	it('carries no resident’s name or ID, and no cell Excel would run as a formula', () => {
		const d = makeDossier({
			answers: { applicant: { fullName: 'Nguyễn Văn A', idNumber: '072190001234' } }
		});
		const csv = dossiersCsv([{ d, due: null }], {
			...names,
			hamlet: () => '=HYPERLINK("x")'
		});
		expect(csv).not.toContain('Nguyễn Văn A');
		expect(csv).not.toContain('072190001234');
		expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
	});

	it('uses semicolons when asked (Excel in locales with a decimal comma)', () => {
		const csv = dossiersCsv([{ d: filed, due: null }], names, 'semicolon');
		expect(csv.split('\r\n')[0]).toBe('\uFEFF' + DOSSIER_CSV_COLUMNS.join(';'));
	});
});

describe('dossierStageCounts', () => {
	it('counts each procedure’s dossiers by stage, every status in exactly one stage', () => {
		const statuses = [
			'draft',
			'ready',
			'more_requested',
			'filed_online',
			'filed_in_person',
			'result_ready',
			'handed_over',
			'refused',
			'withdrawn'
		] as const;
		const list = statuses.map((status) => makeDossier({ status }));
		list.push(
			makeDossier({ status: 'draft', procedure: { code: 'a-first', catalogueVersion: 1 } })
		);
		const counts = dossierStageCounts(list);
		expect([...counts.keys()]).toEqual(['a-first', 'birth-bundle']);
		expect(counts.get('birth-bundle')).toEqual({ open: 3, filed: 2, done: 2, closed: 2 });
		expect(counts.get('a-first')).toEqual({ open: 1, filed: 0, done: 0, closed: 0 });
	});
});
