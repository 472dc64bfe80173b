import { describe, expect, it } from 'vitest';
import {
	allowedSteps,
	checkDossier,
	checkDossierCode,
	checkStatusChange,
	dossierCollection,
	dossierKpis,
	dossierKpisBy,
	dossierRates,
	dossierStatusSchema,
	filingChannel,
	parseDossierCode,
	receiptOf,
	validateDossier,
	type DossierStatus,
	type HistoryEntry
} from '../../../../src/lib/domain/dossier/index.ts';
import { collections } from '../../../../src/lib/domain/index.ts';
import { HASH_A, OFFICIAL, VOLUNTEER, makeDossier, procedure } from './fixtures.ts';

const step = (
	from: DossierStatus,
	to: DossierStatus,
	role: 'volunteer' | 'official',
	extra: Partial<HistoryEntry> = {}
): HistoryEntry => ({
	from,
	to,
	role,
	by: role === 'volunteer' ? VOLUNTEER : OFFICIAL,
	at: '2026-11-20T10:00:00+07:00',
	...extra
});
const volunteer = { username: VOLUNTEER, role: 'volunteer' as const };
const official = { username: OFFICIAL, role: 'official' as const };
const rules = (doc: unknown) => {
	const v = validateDossier(doc);
	return v.ok ? [] : v.issues.map((i) => `${i.path}:${i.rule}`);
};

describe('dossier record', () => {
	it('accepts a draft and is in the collection registry', () => {
		expect(rules(makeDossier())).toEqual([]);
		expect(dossierCollection).toMatchObject({ name: 'dossiers', access: 'hamlet' });
		expect(Object.keys(collections)).toContain('dossiers');
	});

	it('needs the dossier consent before it holds answers or photos', () => {
		const answers = { child: { fullName: 'Trần Minh An' } };
		expect(rules(makeDossier({ consent: null, answers }))).toEqual([
			'consent:dossier.consentRequired'
		]);
		expect(rules(makeDossier({ consent: null }))).toEqual([]);
		const eservice = { ...makeDossier().consent!, purpose: 'eservice' as const };
		expect(rules(makeDossier({ consent: eservice }))).toEqual([
			'consent.purpose:dossier.consentPurpose'
		]);
		const withdrawn = { ...makeDossier().consent!, withdrawnAt: '2026-11-21T08:00:00+07:00' };
		expect(rules(makeDossier({ consent: withdrawn, answers }))).toEqual([
			'consent.withdrawnAt:dossier.consentWithdrawn'
		]);
	});

	it('keeps status, fee, rating and photo references consistent', () => {
		expect(rules(makeDossier({ status: 'ready' }))).toEqual(['status:dossier.historyStatus']);
		expect(rules(makeDossier({ fee: { amountVnd: 20000, status: 'exempt' } }))).toEqual([
			'fee.exemptionId:dossier.feeExemptReason'
		]);
		expect(rules(makeDossier({ fee: { amountVnd: 20000, status: 'paid_cash' } }))).toEqual([
			'fee.paidAt:dossier.feePaidAt'
		]);
		const satisfaction = {
			at: '2026-11-25T09:00:00+07:00',
			takenBy: VOLUNTEER,
			overall: 5,
			criteria: { speed: 5 }
		};
		expect(rules(makeDossier({ satisfaction }))).toEqual([
			'satisfaction.criteria.speed:dossier.ratingCriteria',
			'satisfaction:dossier.ratingBeforeResult'
		]);
		const photo = {
			hash: 'abc',
			bytes: 1,
			width: 1,
			height: 1,
			takenAt: '2026-11-20T09:00:00+07:00'
		};
		expect(
			rules(
				makeDossier({
					documents: [
						{ id: 'birthCertificate', state: 'photographed', certifiedCopy: false, photos: [photo] }
					]
				})
			)
		).toEqual(['documents.0.photos.0.hash:dossier.photoHash']);
		expect(rules({ ...makeDossier(), password: 'x' })).toEqual(['password:record.unknownField']);
	});
});

describe('status machine', () => {
	it('lets each role take exactly its steps', () => {
		const table = Object.fromEntries(
			dossierStatusSchema.options.map((s) => [
				s,
				{ volunteer: allowedSteps(s, 'volunteer'), official: allowedSteps(s, 'official') }
			])
		);
		expect(table).toEqual({
			draft: { volunteer: ['ready', 'withdrawn'], official: ['ready', 'withdrawn'] },
			ready: {
				volunteer: ['draft', 'filed_online', 'filed_in_person', 'withdrawn'],
				official: ['draft', 'filed_online', 'filed_in_person', 'withdrawn']
			},
			filed_online: {
				volunteer: ['more_requested', 'withdrawn'],
				official: ['more_requested', 'result_ready', 'refused', 'withdrawn']
			},
			filed_in_person: {
				volunteer: ['more_requested', 'withdrawn'],
				official: ['more_requested', 'result_ready', 'refused', 'withdrawn']
			},
			more_requested: {
				volunteer: ['filed_online', 'filed_in_person', 'withdrawn'],
				official: ['filed_online', 'filed_in_person', 'refused', 'withdrawn']
			},
			result_ready: { volunteer: ['handed_over'], official: ['handed_over'] },
			handed_over: { volunteer: [], official: [] },
			refused: { volunteer: [], official: [] },
			withdrawn: { volunteer: [], official: [] }
		});
		expect(allowedSteps('filed_online', 'admin')).toEqual(allowedSteps('filed_online', 'official'));
	});

	const filed: HistoryEntry[] = [
		step('draft', 'ready', 'volunteer'),
		step('ready', 'filed_online', 'volunteer', { receivedAt: '2026-11-20T09:55:00+07:00' })
	];

	it('accepts several steps made offline in one write', () => {
		expect(
			checkStatusChange(null, { status: 'filed_online', history: filed }, volunteer)
		).toBeNull();
	});

	it('refuses a volunteer marking the result, and a step from the wrong status', () => {
		const prev = { status: 'filed_online' as const, history: filed };
		const result = [...filed, step('filed_online', 'result_ready', 'volunteer')];
		expect(checkStatusChange(prev, { status: 'result_ready', history: result }, volunteer)).toEqual(
			{
				rule: 'dossier.statusRole',
				index: 2
			}
		);
		const byOfficial = [...filed, step('filed_online', 'result_ready', 'official')];
		expect(
			checkStatusChange(prev, { status: 'result_ready', history: byOfficial }, official)
		).toBeNull();
		const skip = [...filed, step('draft', 'result_ready', 'official')];
		expect(checkStatusChange(prev, { status: 'result_ready', history: skip }, official)).toEqual({
			rule: 'dossier.statusChange',
			index: 2
		});
	});

	it('refuses a rewritten history, a step in another name, a status off the history', () => {
		const prev = { status: 'filed_online' as const, history: filed };
		expect(
			checkStatusChange(prev, { status: 'ready', history: filed.slice(0, 1) }, volunteer)
		).toEqual({
			rule: 'dossier.historyRewritten'
		});
		const forged = [...filed, { ...step('filed_online', 'result_ready', 'official') }];
		expect(
			checkStatusChange(
				prev,
				{ status: 'result_ready', history: forged },
				{ username: 'someone', role: 'official' }
			)
		).toEqual({
			rule: 'dossier.stepActor',
			index: 2
		});
		expect(checkStatusChange(prev, { status: 'refused', history: filed }, official)).toEqual({
			rule: 'dossier.historyStatus'
		});
	});

	it('needs a note to return or refuse, and the time of receipt to file', () => {
		const ready = [step('draft', 'ready', 'volunteer')];
		const prev = { status: 'ready' as const, history: ready };
		const back = [...ready, step('ready', 'draft', 'official')];
		expect(checkStatusChange(prev, { status: 'draft', history: back }, official)).toEqual({
			rule: 'dossier.noteRequired',
			index: 1
		});
		const reopened = [...ready, step('ready', 'draft', 'volunteer')];
		expect(checkStatusChange(prev, { status: 'draft', history: reopened }, volunteer)).toBeNull();
		const noReceipt = [...ready, step('ready', 'filed_in_person', 'volunteer')];
		expect(
			checkStatusChange(prev, { status: 'filed_in_person', history: noReceipt }, volunteer)
		).toEqual({
			rule: 'dossier.receivedAtRequired',
			index: 1
		});
		const later = [
			...ready,
			step('ready', 'filed_in_person', 'volunteer', { receivedAt: '2026-11-21T08:00:00+07:00' })
		];
		expect(
			checkStatusChange(prev, { status: 'filed_in_person', history: later }, volunteer)
		).toEqual({
			rule: 'dossier.receivedAtFuture',
			index: 1
		});
	});

	it('restarts the clock from the latest filing', () => {
		const history = [
			...filed,
			step('filed_online', 'more_requested', 'official', { note: 'Thiếu giấy chứng sinh' }),
			step('more_requested', 'filed_in_person', 'volunteer', {
				receivedAt: '2026-11-23T08:00:00+07:00',
				at: '2026-11-23T08:05:00+07:00'
			})
		];
		expect(receiptOf(history)).toBe('2026-11-23T08:00:00+07:00');
		expect(filingChannel(history)).toBe('online');
	});
});

describe('dossier code (Circular 01/2018/TT-VPCP, Art. 19)', () => {
	it('reads the pattern and warns when it does not fit', () => {
		expect(parseDossierCode('000.00.25.H57-261120-0012')).toEqual({
			unit: '000.00.25.H57',
			receivedOn: '2026-11-20',
			sequence: 12
		});
		expect(checkDossierCode('000.00.25.H57-261120-0012', '2026-11-20T09:55:00+07:00')).toEqual([]);
		const rule = (code: string, at?: string) =>
			checkDossierCode(code, at).map((f) => `${f.rule}:${f.severity}`);
		expect(rule('H57.25-261120-12')).toEqual(['dossier.codePattern:warning']);
		expect(rule('000.00.25.H57-261320-0012')).toEqual(['dossier.codeDate:warning']);
		expect(rule('000.00.25.H57-261120-0012', '2026-11-21T01:00:00+07:00')).toEqual([
			'dossier.codeDateMismatch:warning'
		]);
	});
});

describe('checkDossier against its procedure', () => {
	it('lists what blocks a ready dossier: answers, missing papers, photo counts', () => {
		const d = makeDossier({
			answers: { child: { fullName: 'Trần Minh An', birthPlaceType: 'facility' } },
			documents: [
				{ id: 'birthCertificate', state: 'photographed', certifiedCopy: false, photos: [] },
				{ id: 'idCardPhoto', state: 'missing', certifiedCopy: false, photos: [] }
			]
		});
		const found = checkDossier(d, procedure('birth-bundle'), { today: '2026-11-20' });
		const errors = found.filter((f) => f.severity === 'error').map((f) => `${f.path}:${f.rule}`);
		expect(errors).toContain('answers.child.dateOfBirth:form.required');
		expect(errors).toContain('documents.0.photos:dossier.documentPhotos');
		expect(errors).toContain('documents.1:dossier.documentUnknown');
		expect(errors).toContain('documents.declarantId:dossier.documentMissing');
	});

	it('warns when a filed dossier has no code', () => {
		const d = makeDossier({
			status: 'filed_online',
			history: [
				step('draft', 'ready', 'volunteer'),
				step('ready', 'filed_online', 'volunteer', { receivedAt: '2026-11-20T09:00:00+07:00' })
			]
		});
		expect(
			checkDossier(d, procedure('birth-bundle'), { today: '2026-11-20' }).filter(
				(f) => f.path === 'dossierCode'
			)
		).toMatchObject([{ rule: 'dossier.codeMissing', severity: 'warning' }]);
	});
});

describe('dossier KPIs', () => {
	const rated = (overall: number) => ({
		at: '2026-11-26T09:00:00+07:00',
		takenBy: VOLUNTEER,
		overall,
		criteria: {}
	});
	const d = (
		hamlet: string,
		code: string,
		channel: 'filed_online' | 'filed_in_person' | null,
		resultOn: string | null,
		overall?: number
	) => ({
		hamlet,
		procedure: { code, catalogueVersion: 1 },
		satisfaction: overall ? rated(overall) : null,
		history: [
			...(channel
				? [step('ready', channel, 'volunteer', { receivedAt: '2026-11-20T09:00:00+07:00' })]
				: []),
			...(resultOn
				? [
						step(channel ?? 'filed_online', 'result_ready', 'official', {
							at: `${resultOn}T10:00:00+07:00`
						})
					]
				: [])
		]
	});
	const all = [
		d('ap-ben-cho', 'birth-bundle', 'filed_online', '2026-11-24', 5),
		d('ap-ben-cho', 'birth-bundle', 'filed_online', '2026-11-27', 3),
		d('ap-ben-cho', 'certified-copy', 'filed_in_person', '2026-11-20', 4),
		d('ap-thanh-hoa', 'birth-bundle', 'filed_in_person', null),
		d('ap-thanh-hoa', 'marital-status', null, null)
	];
	const due = () => '2026-11-25';

	it('counts the online-filing, on-time and satisfaction rates', () => {
		const k = dossierKpis(all, due);
		expect(k).toEqual({
			dossiers: 5,
			filed: 4,
			filedOnline: 2,
			finished: 3,
			onTime: 2,
			rated: 3,
			satisfied: 2
		});
		expect(dossierRates(k)).toEqual({ onlineRate: 50, onTimeRate: 66.7, satisfactionRate: 66.7 });
		expect(dossierRates(dossierKpis([], due))).toEqual({
			onlineRate: null,
			onTimeRate: null,
			satisfactionRate: null
		});
	});

	it('splits them by hamlet and by procedure', () => {
		const byHamlet = dossierKpisBy(all, 'hamlet', due);
		expect([...byHamlet.keys()]).toEqual(['ap-ben-cho', 'ap-thanh-hoa']);
		expect(byHamlet.get('ap-thanh-hoa')).toMatchObject({
			dossiers: 2,
			filed: 1,
			filedOnline: 0,
			finished: 0
		});
		expect(dossierKpisBy(all, 'procedure', due).get('birth-bundle')).toMatchObject({
			dossiers: 3,
			filedOnline: 2,
			onTime: 1
		});
	});
});

it('uses photo hashes the schema accepts', () => {
	const photo = {
		hash: HASH_A,
		bytes: 250_000,
		width: 1600,
		height: 1200,
		takenAt: '2026-11-20T09:00:00+07:00'
	};
	expect(
		rules(
			makeDossier({
				documents: [
					{ id: 'birthCertificate', state: 'photographed', certifiedCopy: false, photos: [photo] }
				]
			})
		)
	).toEqual([]);
});
