import { describe, expect, it } from 'vitest';
import { catalogueIssues, type HistoryEntry } from '../../../../src/lib/domain/dossier/index.ts';
import { canWrite, collections, type Actor } from '../../../../src/lib/domain/index.ts';
import { shapeAnswers } from '../../../../src/lib/components/dossiers/form-context.ts';
import { OFFICIAL, VOLUNTEER, catalogue, makeDossier, procedure } from './fixtures.ts';

const lan: Actor = {
	username: VOLUNTEER,
	role: 'volunteer',
	commune: '25657',
	hamlets: ['ap-ben-cho']
};
const hai: Actor = { username: OFFICIAL, role: 'official', commune: '25657', hamlets: [] };
const at = '2026-11-20T10:00:00+07:00';
const ready: HistoryEntry = { from: 'draft', to: 'ready', by: VOLUNTEER, role: 'volunteer', at };
const write = (actor: Actor, prev: object | null, next: object) => {
	const d = canWrite(actor, prev as never, next as never, collections.dossiers);
	return d.ok ? 'ok' : d.issue.rule;
};

describe('the dossier workflow in the registry', () => {
	it('lets a volunteer make their own steps, not the office’s, and keeps notes the office’s', () => {
		const draft = makeDossier();
		const mine = { ...draft, status: 'ready', history: [ready] };
		expect(write(lan, null, draft)).toBe('ok');
		expect(write(lan, draft, mine)).toBe('ok');
		const result = { from: 'ready', to: 'result_ready', by: VOLUNTEER, role: 'volunteer', at };
		expect(write(lan, mine, { ...mine, status: 'result_ready', history: [ready, result] })).toBe(
			'dossier.statusChange'
		);
		const note = { field: 'answers.child.fullName', text: 'Sửa', by: VOLUNTEER, at };
		expect(write(lan, mine, { ...mine, notes: [note] })).toBe('policy.notes');
		const back = {
			from: 'ready',
			to: 'draft',
			by: OFFICIAL,
			role: 'official',
			at,
			note: 'Sửa tên'
		};
		const returned = {
			...mine,
			updatedBy: OFFICIAL,
			status: 'draft',
			history: [ready, back],
			notes: [{ ...note, by: OFFICIAL }]
		};
		expect(write(hai, mine, returned)).toBe('ok');
		// The volunteer closes the note by resubmitting; the office's step stays in the history.
		const again = {
			...returned,
			updatedBy: VOLUNTEER,
			status: 'ready',
			notes: [],
			history: [ready, back, ready]
		};
		expect(write(lan, returned, { ...again, history: [ready, { ...ready, from: 'draft' }] })).toBe(
			'dossier.historyRewritten'
		);
		expect(write(lan, returned, again)).toBe('ok');
	});
});

describe('server checks against the catalogue', () => {
	const p = procedure('marital-status');
	it('lets a draft be incomplete but not a ready dossier, and names unknown procedures and versions', () => {
		const answers = { applicant: { fullName: 'Lê Thị Hoa' } };
		const d = { procedure: { code: p.code, catalogueVersion: catalogue.version }, answers };
		expect(catalogueIssues({ ...d, status: 'draft' }, catalogue, '2026-11-20')).toEqual([]);
		const rules = catalogueIssues({ ...d, status: 'ready' }, catalogue, '2026-11-20').map(
			(i) => `${i.path}:${i.rule}`
		);
		expect(rules).toContain('answers.applicant.dateOfBirth:form.required');
		expect(rules).toContain('answers.history:form.required');
		const unknown = {
			...d,
			status: 'draft' as const,
			procedure: { code: 'nope', catalogueVersion: 1 }
		};
		expect(catalogueIssues(unknown, catalogue, '2026-11-20')[0].rule).toBe(
			'dossier.procedureUnknown'
		);
		expect(catalogueIssues({ ...d, status: 'draft' }, null, '2026-11-20')[0].rule).toBe(
			'dossier.procedureVersion'
		);
	});
});

describe('the form renderer’s starting answers', () => {
	it('gives every group an object, keeps what was typed, and fills repeats to their minimum', () => {
		const fields = [
			{ id: 'child', type: 'group', label: { vi: 'Trẻ', en: 'Child' }, fields: [] },
			{
				id: 'heirs',
				type: 'repeat',
				label: { vi: 'Người thừa kế', en: 'Heirs' },
				min: 2,
				max: 5,
				fields: [{ id: 'info', type: 'group', label: { vi: 'a', en: 'a' }, fields: [] }]
			}
		] as never;
		const out = shapeAnswers(fields, { child: { fullName: 'An' }, other: 1 });
		expect(out).toEqual({
			child: { fullName: 'An' },
			other: 1,
			heirs: [{ info: {} }, { info: {} }]
		});
	});
});
