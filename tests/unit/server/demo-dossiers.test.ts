import { describe, expect, it } from 'vitest';
import {
	catalogueIssues,
	dossierPhotoHashes,
	vietnamLocal,
	type Dossier
} from '../../../src/lib/domain/dossier/index.ts';
import { validateRecord } from '../../../src/lib/domain/index.ts';
import { shippedCatalogue } from '$lib/services/catalogue';
import { demoDossiers } from '../../../sync-server/src/seed/demo-dossiers.ts';

const now = new Date('2026-11-20T03:00:00Z');
const volunteers = [
	{ username: 'nguyenthilan', commune: '25657', hamlet: 'ap-ben-cho' },
	{ username: 'levanhung', commune: '25657', hamlet: 'ap-thanh-hoa' },
	{ username: 'phamminhtuan', commune: '25666', hamlet: 'ap-thuan-an' }
];
const applicant = (hamlet: string) => [
	{
		id: `r-demo-${hamlet}-1-1`,
		householdId: `hh-demo-${hamlet}-1`,
		fullName: 'Trần Văn Demo',
		dateOfBirth: '1980-02-03',
		idNumber: '072080000123'
	}
];

describe('demo dossiers', () => {
	const { dossiers, photos } = demoDossiers(volunteers, (v) => applicant(v.hamlet), now);

	it('seeds each Thạnh Đức hamlet a dossier in each of five states, none in the other commune', () => {
		expect(dossiers).toHaveLength(10);
		expect(new Set(dossiers.map((d) => d.commune))).toEqual(new Set(['25657']));
		expect(new Set(dossiers.map((d) => d.status))).toEqual(
			new Set(['ready', 'filed_online', 'more_requested', 'result_ready', 'handed_over'])
		);
	});

	it('passes the record rules and the catalogue check the server applies', () => {
		for (const d of dossiers) {
			const v = validateRecord('dossiers', { ...d, id: d._id });
			expect(v.ok, JSON.stringify(!v.ok && v.issues)).toBe(true);
			const issues = catalogueIssues(
				d as unknown as Dossier,
				shippedCatalogue(),
				vietnamLocal(now.toISOString()).date
			);
			expect(issues).toEqual([]);
		}
	});

	it('stores every photo a dossier names, once, under that dossier', () => {
		const named = dossiers.flatMap((d) =>
			[...dossierPhotoHashes(d as unknown as Dossier)].map((h) => `${d._id}:${h}`)
		);
		expect(named.length).toBeGreaterThan(0);
		expect(photos.map((p) => p.doc._id).sort()).toEqual([...named].sort());
	});
});
