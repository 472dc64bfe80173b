import { describe, expect, it } from 'vitest';
import {
	feeAmount,
	includedComponents,
	parseCatalogue,
	procedureSchema,
	processingDaysFor,
	requiredDocuments,
	walkFields
} from '../../../../src/lib/domain/dossier/index.ts';
import { catalogue, catalogueJson, entry, fieldsOf, procedure, type Raw } from './fixtures.ts';

const REQUIRED = [
	'birth-bundle',
	'birth-registration',
	'permanent-residence',
	'health-insurance-under6',
	'death-bundle',
	'death-registration',
	'residence-removal',
	'funeral-allowance',
	'survivor-allowance',
	'temporary-residence',
	'marital-status',
	'certified-copy',
	'social-assistance-monthly'
];

function issuesOf(json: unknown): string[] {
	const r = parseCatalogue(json);
	return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.rule}`);
}

describe('the shipped procedure catalogue', () => {
	it('parses as a whole, with every procedure the volunteers help with', () => {
		expect(issuesOf(catalogueJson())).toEqual([]);
		expect(catalogue.procedures.map((p) => p.code).sort()).toEqual([...REQUIRED].sort());
	});

	it.each(REQUIRED)('%s parses on its own and cites its legal basis and source', (code) => {
		const entry = (catalogueJson().procedures as { code: string }[]).find((p) => p.code === code);
		expect(procedureSchema.safeParse(entry).success).toBe(true);
		const p = procedure(code);
		expect(p.legalBasis.length).toBeGreaterThan(0);
		expect(p.source.note.length).toBeGreaterThan(20);
		expect(p.name.vi).not.toEqual(p.name.en);
	});

	it('bundles the birth and death procedures, the allowances only when asked for', () => {
		const codes = (code: string, answers: Record<string, unknown>) =>
			includedComponents(catalogue, procedure(code), answers).map((p) => p.code);
		expect(codes('birth-bundle', {})).toEqual([
			'birth-registration',
			'permanent-residence',
			'health-insurance-under6'
		]);
		expect(codes('death-bundle', {})).toEqual(['death-registration', 'residence-removal']);
		expect(codes('death-bundle', { requests: ['funeral', 'survivor'] })).toEqual([
			'death-registration',
			'residence-removal',
			'funeral-allowance',
			'survivor-allowance'
		]);
		expect(processingDaysFor(catalogue, procedure('birth-bundle'), {})).toBe(3);
		expect(processingDaysFor(catalogue, procedure('death-bundle'), {})).toBe(3);
		expect(processingDaysFor(catalogue, procedure('death-bundle'), { requests: ['funeral'] })).toBe(
			10
		);
	});

	it('asks for the papers the answers call for', () => {
		const ids = (answers: Record<string, unknown>) =>
			requiredDocuments(procedure('birth-bundle'), answers).map((d) => d.id);
		expect(
			ids({ child: { birthPlaceType: 'facility' }, residence: { withParent: 'yes' } })
		).toEqual(['birthCertificate', 'declarantId']);
		expect(ids({ child: { birthPlaceType: 'home' }, residence: { withParent: 'no' } })).toEqual([
			'witnessStatement',
			'declarantId',
			'homeProof'
		]);
	});

	it('never asks for a photo of an ID card', () => {
		for (const p of catalogue.procedures) {
			for (const d of p.documents.filter((x) => /căn cước/i.test(x.name.vi))) {
				expect(d.photos.max, `${p.code}.${d.id}`).toBe(0);
			}
		}
	});

	it('gives every question a Vietnamese and an English label', () => {
		for (const p of catalogue.procedures) {
			for (const { field } of walkFields(p.form.fields)) {
				const text = field.type === 'note' ? field.text : field.label;
				expect(text.vi.length * text.en.length, `${p.code}.${field.id}`).toBeGreaterThan(0);
			}
		}
	});
});

describe('fees', () => {
	it('charges the residence fee by channel and certified copies per page with a cap', () => {
		const residence = procedure('permanent-residence').fee;
		expect(feeAmount(residence, {}, 'in_person')).toBe(20000);
		expect(feeAmount(residence, {}, 'online')).toBe(10000);
		const copy = procedure('certified-copy').fee;
		expect(feeAmount(copy, { pages: 1, copies: 1 }, 'in_person')).toBe(2000);
		expect(feeAmount(copy, { pages: 5, copies: 2 }, 'in_person')).toBe(2 * (2 * 2000 + 3 * 1000));
		expect(feeAmount(copy, { pages: 400, copies: 1 }, 'in_person')).toBe(200000);
		expect(feeAmount(copy, { pages: 3 }, 'in_person')).toBeNull();
	});

	it('leaves a provincial fee to the commune, and the bundles with no fee at 0', () => {
		expect(feeAmount(procedure('marital-status').fee, {}, 'online')).toBeNull();
		expect(feeAmount(procedure('marital-status').fee, {}, 'online', 8000)).toBe(8000);
		expect(feeAmount(procedure('birth-bundle').fee, {}, 'online')).toBe(0);
	});
});

describe('an invalid catalogue is refused with the entry and the field named', () => {
	const withProcedure = (code: string, change: (p: Raw) => void) => {
		const json = catalogueJson();
		change(entry(json.procedures, 'code', code));
		return json;
	};

	it('names a condition on a question that does not exist', () => {
		const json = withProcedure('death-bundle', (p) => {
			(p.components as Raw[])[2].when = { op: 'in', field: 'request', values: ['funeral'] };
		});
		expect(issuesOf(json)).toEqual([
			'procedures[death-bundle].components[funeral-allowance].when: catalogue.unknownField'
		]);
	});

	it('names a missing English label deep in a form', () => {
		const json = withProcedure('birth-bundle', (p) => {
			delete (fieldsOf(entry(fieldsOf(p), 'id', 'child'))[0].label as Raw).en;
		});
		expect(issuesOf(json)).toEqual([
			'procedures[birth-bundle].form.fields[child].fields[fullName].label.en: invalid_type'
		]);
	});

	it('refuses a photo of an ID card, an unknown component, a duplicate code and an unknown list', () => {
		const json = withProcedure('marital-status', (p) => {
			(entry(p.documents, 'id', 'applicantId').photos as Raw).max = 1;
			entry(fieldsOf(p), 'id', 'purpose').list = 'purposes';
		});
		(entry(json.procedures, 'code', 'birth-bundle').components as Raw[])[2].code = 'health-card';
		entry(json.procedures, 'code', 'certified-copy').code = 'temporary-residence';
		expect(issuesOf(json).sort()).toEqual([
			'procedures[birth-bundle].components[health-card].code: catalogue.unknownComponent',
			'procedures[marital-status].documents[applicantId].photos.max: catalogue.idCardPhoto',
			'procedures[marital-status].form.fields[purpose].list: catalogue.unknownList',
			'procedures[temporary-residence].code: catalogue.duplicateCode'
		]);
	});

	it('refuses a constraint of the wrong kind and a reference into a repeat from outside', () => {
		const json = withProcedure('certified-copy', (p) => {
			const fields = fieldsOf(p);
			fields[0].constraints = [{ kind: 'range', min: 1, message: { vi: 'x', en: 'x' } }];
			fields.push({
				id: 'extra',
				type: 'repeat',
				label: { vi: 'Thêm', en: 'More' },
				max: 2,
				fields: [{ id: 'name', type: 'text', label: { vi: 'Tên', en: 'Name' } }]
			});
			fields[1].shownWhen = { op: 'filled', field: 'extra.name' };
		});
		expect(issuesOf(json)).toEqual([
			'procedures[certified-copy].form.fields[documentName].constraints[0].kind: catalogue.constraintKind',
			'procedures[certified-copy].form.fields[pages].shownWhen: catalogue.unknownField'
		]);
	});

	it('gives the refusal in Vietnamese and English', () => {
		const r = parseCatalogue({ ...catalogueJson(), version: 0 });
		expect(r.ok).toBe(false);
		if (!r.ok)
			expect(r.issues[0]).toMatchObject({ path: 'version', message: { vi: expect.any(String) } });
	});
});
