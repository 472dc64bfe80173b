import { describe, expect, it } from 'vitest';
import { filterRows, NO_FILTER, type DueInfo } from '$lib/services/dossiers.svelte';
import { makeDossier } from '../domain/dossier/fixtures';

const due = (state: DueInfo['state']): DueInfo => ({
	due: '2026-12-01',
	estimated: true,
	state,
	daysLeft: 1
});
const rows = [
	{ d: makeDossier({ id: 'a', hamlet: 'h1', status: 'filed_online' }), due: due('overdue') },
	{ d: makeDossier({ id: 'b', hamlet: 'h2', status: 'filed_online' }), due: due('due_soon') },
	{
		d: makeDossier({
			id: 'c',
			hamlet: 'h1',
			status: 'draft',
			procedure: { code: 'marital-status', catalogueVersion: 1 }
		}),
		due: null
	},
	{ d: makeDossier({ id: 'd', hamlet: 'h2', status: 'result_ready' }), due: due('on_time') }
];
const ids = (f: Partial<typeof NO_FILTER>) =>
	filterRows(rows, { ...NO_FILTER, ...f }).map((r) => r.d.id);

describe('filterRows', () => {
	it('keeps everything with no filter, and combines filters with and', () => {
		expect(ids({})).toEqual(['a', 'b', 'c', 'd']);
		expect(ids({ hamlet: 'h1' })).toEqual(['a', 'c']);
		expect(ids({ procedure: 'marital-status' })).toEqual(['c']);
		expect(ids({ status: 'filed_online', hamlet: 'h2' })).toEqual(['b']);
		expect(ids({ hamlet: 'h1', status: 'result_ready' })).toEqual([]);
	});

	it('filters by due state, overdue-or-soon together, and never a dossier with no due day', () => {
		expect(ids({ due: 'late_or_soon' })).toEqual(['a', 'b']);
		expect(ids({ due: 'on_time' })).toEqual(['d']);
		expect(ids({ due: 'on_track' })).toEqual([]);
	});
});
