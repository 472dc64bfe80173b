import { describe, expect, it } from 'vitest';
import {
	catalogueSchema,
	findProcedure,
	migrateAnswers,
	migrateDossier,
	type Catalogue,
	type Form
} from '../../../../src/lib/domain/dossier/index.ts';
import {
	HASH_A,
	catalogue,
	catalogueJson,
	entry,
	fieldsOf,
	makeDossier,
	procedure
} from './fixtures.ts';

const ctx = { today: '2026-11-20', lists: catalogue.choiceLists };

const v1: Form = {
	fields: [
		{ id: 'fullName', type: 'text', label: { vi: 'Họ tên', en: 'Name' }, required: true },
		{ id: 'hometown', type: 'text', label: { vi: 'Quê quán', en: 'Hometown' } },
		{ id: 'sex', type: 'select', label: { vi: 'Giới tính', en: 'Sex' }, list: 'sex' },
		{ id: 'pages', type: 'text', label: { vi: 'Số trang', en: 'Pages' } },
		{
			id: 'kids',
			type: 'repeat',
			label: { vi: 'Con', en: 'Children' },
			max: 5,
			fields: [{ id: 'name', type: 'text', label: { vi: 'Tên', en: 'Name' } }]
		}
	]
};
const v2: Form = {
	fields: [
		{
			id: 'name',
			type: 'text',
			label: { vi: 'Họ tên', en: 'Name' },
			required: true,
			previousIds: ['fullName']
		},
		{
			id: 'sex',
			type: 'select',
			label: { vi: 'Giới tính', en: 'Sex' },
			choices: [{ value: 'female', label: { vi: 'Nữ', en: 'Female' } }]
		},
		{ id: 'pages', type: 'number', label: { vi: 'Số trang', en: 'Pages' }, integer: true },
		{
			id: 'placeOfBirth',
			type: 'text',
			label: { vi: 'Nơi sinh', en: 'Place of birth' },
			required: true
		},
		{
			id: 'children',
			type: 'repeat',
			label: { vi: 'Con', en: 'Children' },
			max: 5,
			previousIds: ['kids'],
			fields: [
				{ id: 'fullName', type: 'text', label: { vi: 'Tên', en: 'Name' }, previousIds: ['name'] }
			]
		}
	]
};

describe('catalogue migration of answers', () => {
	it('carries answers over by id or former id, and reports what it cannot carry', () => {
		const r = migrateAnswers({
			from: v1,
			to: v2,
			answers: {
				fullName: 'Lê Văn Tám',
				hometown: 'Tây Ninh',
				sex: 'male',
				pages: '3',
				kids: [{ name: 'Bé Na' }]
			},
			context: ctx
		});
		expect(r.answers).toEqual({ name: 'Lê Văn Tám', children: [{ fullName: 'Bé Na' }] });
		expect(r.dropped).toEqual([
			{ path: 'sex', label: { vi: 'Giới tính', en: 'Sex' }, value: 'male', reason: 'incompatible' },
			{ path: 'pages', label: { vi: 'Số trang', en: 'Pages' }, value: '3', reason: 'incompatible' },
			{
				path: 'hometown',
				label: { vi: 'Quê quán', en: 'Hometown' },
				value: 'Tây Ninh',
				reason: 'removed'
			}
		]);
		expect(r.missing).toEqual(['placeOfBirth']);
	});

	it('is the identity when the form did not change', () => {
		const answers = {
			child: { fullName: 'Trần Minh An', sex: 'male' },
			fatherInfo: { known: 'no' }
		};
		const birth = procedure('birth-bundle').form;
		const r = migrateAnswers({ from: birth, to: birth, answers, context: ctx });
		expect(r.answers).toEqual(answers);
		expect(r.dropped).toEqual([]);
	});
});

describe('catalogue migration of dossiers', () => {
	// Version 2 renames the child's hometown question and drops the marriage certificate.
	function nextCatalogue(): Catalogue {
		const json = catalogueJson();
		json.version = 2;
		const birth = entry(json.procedures, 'code', 'birth-bundle');
		const child = entry(fieldsOf(birth), 'id', 'child');
		const hometown = entry(child.fields, 'id', 'hometown');
		hometown.id = 'origin';
		hometown.previousIds = ['hometown'];
		child.fields = fieldsOf(child).filter((f) => f.id !== 'placeOfBirth');
		birth.documents = (birth.documents as { id: string }[]).filter(
			(d) => d.id !== 'marriageCertificate'
		);
		return catalogueSchema.parse(json);
	}
	const next = nextCatalogue();
	const from = { catalogue, procedure: procedure('birth-bundle') };
	const to = { catalogue: next, procedure: findProcedure(next, 'birth-bundle')! };
	const photo = {
		hash: HASH_A,
		bytes: 1000,
		width: 10,
		height: 10,
		takenAt: '2026-11-20T09:00:00+07:00'
	};
	const dossier = makeDossier({
		answers: {
			child: { fullName: 'Trần Minh An', hometown: 'Tây Ninh', placeOfBirth: 'Trạm y tế xã' }
		},
		documents: [
			{ id: 'marriageCertificate', state: 'photographed', certifiedCopy: false, photos: [photo] }
		]
	});
	const stamp = { at: '2026-12-02T08:00:00+07:00', by: 'nguyenthilan' };

	it('moves an open dossier to the new version, keeping what was dropped in the record', () => {
		const r = migrateDossier(dossier, from, to, { today: '2026-12-02' }, stamp);
		expect(r.migrated).toBe(true);
		expect(r.dossier.procedure).toEqual({ code: 'birth-bundle', catalogueVersion: 2 });
		expect(r.dossier.answers).toEqual({ child: { fullName: 'Trần Minh An', origin: 'Tây Ninh' } });
		expect(r.dossier.documents).toEqual([]);
		expect(r.dossier.superseded.map((s) => [s.path, s.reason, s.fromVersion])).toEqual([
			['answers.child.placeOfBirth', 'removed', 1],
			['documents.marriageCertificate', 'removed', 1]
		]);
		expect(r.dossier.superseded[1].value).toMatchObject({ photos: [photo] });
		expect(r.dossier.updatedAt).toBe(stamp.at);
	});

	it('leaves filed and closed dossiers on the version they were filed with', () => {
		const filed = makeDossier({
			...dossier,
			status: 'filed_online',
			history: [
				{
					from: 'draft',
					to: 'ready',
					by: 'nguyenthilan',
					role: 'volunteer',
					at: '2026-11-20T09:00:00+07:00'
				},
				{
					from: 'ready',
					to: 'filed_online',
					by: 'nguyenthilan',
					role: 'volunteer',
					at: '2026-11-20T09:10:00+07:00',
					receivedAt: '2026-11-20T09:10:00+07:00'
				}
			]
		});
		const r = migrateDossier(filed, from, to, { today: '2026-12-02' }, stamp);
		expect(r).toMatchObject({ migrated: false, dossier: filed });
		expect(migrateDossier(dossier, from, from, { today: '2026-12-02' }, stamp).migrated).toBe(
			false
		);
	});
});
