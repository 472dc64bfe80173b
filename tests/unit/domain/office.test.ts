import { describe, expect, it } from 'vitest';
import {
	auditCsvRow,
	auditFilterSchema,
	csvField,
	matchesAudit
} from '../../../src/lib/domain/index.ts';

const entry = {
	by: 'cb.tranvanhai',
	action: 'hamlet.rename',
	at: '2026-03-01T02:00:00.000Z',
	subject: 'ap-ben-cho'
};

describe('auditCsvRow', () => {
	it('defuses cells that a spreadsheet would run as formulas, and quotes separators', () => {
		const row = auditCsvRow(
			{ ...entry, docId: '=HYPERLINK("http://x")', device: '+1', rev: '-2', collection: '@a' },
			csvField
		);
		expect(row.split(',').slice(0, 3)).toEqual([entry.at, entry.by, entry.action]);
		expect(row).toContain(`'@a,"'=HYPERLINK(""http://x"")",'-2,'+1,`);
		expect(row).not.toMatch(/,=|,\+|,-|,@/);
	});

	it('writes the subject when there is no record, and the details as quoted JSON', () => {
		const row = auditCsvRow(
			{ ...entry, details: { before: 'Ấp A, B', after: 'Ấp "C"' } },
			csvField
		);
		expect(row).toBe(
			`${entry.at},${entry.by},hamlet.rename,,ap-ben-cho,,,"{""before"":""Ấp A, B"",""after"":""Ấp \\""C\\""""}"`
		);
	});
});

describe('matchesAudit', () => {
	const f = (q: Record<string, string>) => auditFilterSchema.parse(q);

	it('matches each filter on its own field, the dates inclusive and offset-aware', () => {
		expect(matchesAudit(entry, f({}))).toBe(true);
		expect(matchesAudit(entry, f({ user: 'cb.tranvanhai' }))).toBe(true);
		expect(matchesAudit(entry, f({ user: 'nguyenthilan' }))).toBe(false);
		expect(matchesAudit(entry, f({ action: 'hamlet.rename' }))).toBe(true);
		expect(matchesAudit(entry, f({ action: 'hamlet.retire' }))).toBe(false);
		expect(matchesAudit(entry, f({ record: 'ap-ben-cho' }))).toBe(true);
		expect(matchesAudit({ ...entry, docId: 'h1' }, f({ record: 'h1' }))).toBe(true);
		expect(matchesAudit(entry, f({ record: 'ap-ben' }))).toBe(false);
		expect(matchesAudit(entry, f({ since: entry.at, until: entry.at }))).toBe(true);
		expect(matchesAudit(entry, f({ since: '2026-03-01T09:00:00.001+07:00' }))).toBe(false);
		expect(matchesAudit(entry, f({ until: '2026-03-01T08:59:59.999+07:00' }))).toBe(false);
		expect(matchesAudit(entry, f({ until: '2026-03-01T09:00:00+07:00' }))).toBe(true);
	});

	it('refuses filters it does not know, or dates without a time and offset', () => {
		for (const q of [{ action: 'drop' }, { since: '2026-03-01' }, { until: '2026-03-01T09:00' }])
			expect(auditFilterSchema.safeParse(q).success).toBe(false);
		expect(auditFilterSchema.safeParse({ page: '2' }).success).toBe(false);
	});
});
