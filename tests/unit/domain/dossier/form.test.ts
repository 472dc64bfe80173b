import { describe, expect, it } from 'vitest';
import {
	formSchema,
	pickerCandidates,
	prefillAnswers,
	validateAnswers,
	visibleAnswers,
	type Form,
	type PickerResident
} from '../../../../src/lib/domain/dossier/index.ts';
import { HASH_A, catalogue, procedure } from './fixtures.ts';

const form: Form = formSchema.parse({
	fields: [
		{ id: 'intro', type: 'note', text: { vi: 'Ghi chú', en: 'Note' } },
		{
			id: 'child',
			type: 'group',
			label: { vi: 'Trẻ', en: 'Child' },
			fields: [
				{ id: 'fullName', type: 'text', label: { vi: 'Họ tên', en: 'Name' }, required: true },
				{
					id: 'dateOfBirth',
					type: 'date',
					label: { vi: 'Ngày sinh', en: 'Birth' },
					required: true,
					constraints: [
						{
							kind: 'dateNotAfter',
							ref: { today: true },
							message: { vi: 'Không sau hôm nay', en: 'Not after today' }
						},
						{
							kind: 'dateNotBefore',
							ref: { today: true, offsetDays: -60 },
							severity: 'warning',
							message: { vi: 'Quá 60 ngày', en: 'Over 60 days' }
						}
					]
				},
				{
					id: 'sex',
					type: 'select',
					label: { vi: 'Giới tính', en: 'Sex' },
					choices: [
						{ value: 'male', label: { vi: 'Nam', en: 'Male' } },
						{ value: 'female', label: { vi: 'Nữ', en: 'Female' } }
					]
				},
				{
					id: 'ethnicity',
					type: 'select',
					label: { vi: 'Dân tộc', en: 'Ethnicity' },
					list: 'ethnicity'
				}
			]
		},
		{
			id: 'mother',
			type: 'resident',
			label: { vi: 'Mẹ', en: 'Mother' },
			candidates: { sex: 'female', minAge: 13, maxAge: 60, ageOn: 'child.dateOfBirth' },
			prefill: 'unique'
		},
		{
			id: 'motherName',
			type: 'text',
			label: { vi: 'Tên mẹ', en: "Mother's name" },
			copyFrom: { picker: 'mother', attribute: 'fullName' }
		},
		{
			id: 'motherBirthYear',
			type: 'number',
			label: { vi: 'Năm sinh mẹ', en: "Mother's birth year" },
			integer: true,
			copyFrom: { picker: 'mother', attribute: 'birthYear' }
		},
		{
			id: 'paidBy',
			type: 'select',
			label: { vi: 'Nhận tiền', en: 'Paid by' },
			required: true,
			choices: [
				{ value: 'cash', label: { vi: 'Tiền mặt', en: 'Cash' } },
				{ value: 'bank', label: { vi: 'Chuyển khoản', en: 'Bank' } }
			]
		},
		{
			id: 'account',
			type: 'text',
			label: { vi: 'Số tài khoản', en: 'Account' },
			required: { op: 'equals', field: 'paidBy', value: 'bank' },
			shownWhen: { op: 'equals', field: 'paidBy', value: 'bank' },
			constraints: [
				{
					kind: 'digits',
					min: 6,
					max: 19,
					message: { vi: 'Chỉ gồm 6-19 chữ số', en: '6-19 digits' }
				}
			]
		},
		{
			id: 'witnesses',
			type: 'repeat',
			label: { vi: 'Người làm chứng', en: 'Witnesses' },
			max: 2,
			fields: [
				{ id: 'name', type: 'text', label: { vi: 'Tên', en: 'Name' }, required: true },
				{
					id: 'kind',
					type: 'select',
					label: { vi: 'Là', en: 'Is' },
					choices: [
						{ value: 'neighbour', label: { vi: 'Hàng xóm', en: 'Neighbour' } },
						{ value: 'other', label: { vi: 'Khác', en: 'Other' } }
					]
				},
				{
					id: 'detail',
					type: 'text',
					label: { vi: 'Ghi rõ', en: 'Say who' },
					required: { op: 'equals', field: 'witnesses.kind', value: 'other' }
				}
			]
		},
		{ id: 'photos', type: 'photo', label: { vi: 'Ảnh', en: 'Photos' }, min: 1, max: 2 },
		{
			id: 'pages',
			type: 'number',
			label: { vi: 'Số trang', en: 'Pages' },
			integer: true,
			constraints: [{ kind: 'range', min: 1, max: 10, message: { vi: '1-10', en: '1-10' } }]
		}
	]
});

const today = '2026-11-20';
const residents: PickerResident[] = [
	{
		id: 'r-lan',
		fullName: 'Nguyễn Thị Lan',
		sex: 'female',
		dateOfBirth: '1996-03-04',
		ethnicityCode: '01',
		idNumber: null
	},
	{
		id: 'r-ba',
		fullName: 'Lê Thị Ba',
		sex: 'female',
		dateOfBirth: '1950-01-01',
		ethnicityCode: '01',
		idNumber: null
	},
	{
		id: 'r-hung',
		fullName: 'Trần Văn Hùng',
		sex: 'male',
		dateOfBirth: '1994-07-07',
		ethnicityCode: '05',
		idNumber: null
	}
];
const ctx = { today, residents };

const valid = {
	child: { fullName: 'Trần Minh An', dateOfBirth: '2026-11-01', sex: 'male', ethnicity: '01' },
	mother: 'r-lan',
	paidBy: 'cash',
	photos: [HASH_A]
};

const rules = (a: Record<string, unknown>) =>
	validateAnswers(form, a, ctx).map((f) => `${f.path}:${f.rule}:${f.severity}`);

describe('validateAnswers', () => {
	it('accepts a complete set of answers', () => {
		expect(rules(valid)).toEqual([]);
	});

	it('asks for required answers, nested ones with their path', () => {
		expect(rules({ ...valid, child: { sex: 'male' }, paidBy: undefined })).toEqual([
			'child.fullName:form.required:error',
			'child.dateOfBirth:form.required:error',
			'paidBy:form.required:error'
		]);
	});

	it('checks a question only while it is shown, and requires it under its condition', () => {
		expect(rules({ ...valid, account: 'abc' })).toEqual([]);
		expect(rules({ ...valid, paidBy: 'bank' })).toEqual(['account:form.required:error']);
		const bad = validateAnswers(form, { ...valid, paidBy: 'bank', account: '12ab' }, ctx);
		expect(bad).toEqual([
			{
				path: 'account',
				rule: 'form.constraint',
				severity: 'error',
				message: { vi: 'Chỉ gồm 6-19 chữ số', en: '6-19 digits' }
			}
		]);
		expect(visibleAnswers(form, { ...valid, account: '123456' })).not.toHaveProperty('account');
		expect(visibleAnswers(form, { ...valid, paidBy: 'bank', account: '123456' })).toHaveProperty(
			'account',
			'123456'
		);
	});

	it('checks dates against today: an error in the future, a warning past the legal period', () => {
		expect(rules({ ...valid, child: { ...valid.child, dateOfBirth: '2026-11-21' } })).toEqual([
			'child.dateOfBirth:form.constraint:error'
		]);
		expect(rules({ ...valid, child: { ...valid.child, dateOfBirth: '2026-09-20' } })).toEqual([
			'child.dateOfBirth:form.constraint:warning'
		]);
		expect(rules({ ...valid, child: { ...valid.child, dateOfBirth: '2026-02-30' } })).toEqual([
			'child.dateOfBirth:form.date:error'
		]);
	});

	it('refuses values outside the choices, of the wrong kind, or unknown to the form', () => {
		expect(
			rules({
				...valid,
				child: { ...valid.child, sex: 'other', ethnicity: '99' },
				pages: 2.5,
				extra: 1
			})
		).toEqual([
			'extra:form.unknownField:error',
			'child.sex:form.choice:error',
			'child.ethnicity:form.choice:error',
			'pages:form.integer:error'
		]);
		expect(rules({ ...valid, pages: 11, child: 'Trần Minh An' })).toEqual([
			'child:form.type:error',
			'pages:form.constraint:error'
		]);
	});

	it('checks each entry of a repeat with its index, conditions reading the same entry', () => {
		const witnesses = [
			{ name: 'Bà Tư', kind: 'neighbour' },
			{ kind: 'other' },
			{ kind: 'neighbour' }
		];
		expect(rules({ ...valid, witnesses })).toEqual([
			'witnesses:form.repeatCount:error',
			'witnesses.1.name:form.required:error',
			'witnesses.1.detail:form.required:error',
			'witnesses.2.name:form.required:error'
		]);
	});

	it('takes pickers from the household only, and warns when the person does not fit', () => {
		expect(rules({ ...valid, mother: 'r-unknown' })).toEqual(['mother:form.residentUnknown:error']);
		expect(rules({ ...valid, mother: 'r-hung' })).toEqual(['mother:form.residentFilter:warning']);
		expect(rules({ ...valid, mother: 'r-ba' })).toEqual(['mother:form.residentFilter:warning']);
		// Without a household (the server) a picked id is only checked for its shape.
		expect(validateAnswers(form, { ...valid, mother: 'r-unknown' }, { today })).toEqual([]);
	});

	it('takes photos as content hashes within their count', () => {
		expect(rules({ ...valid, photos: [] })).toEqual([]);
		expect(rules({ ...valid, photos: ['not-a-hash'] })).toEqual(['photos:form.photo:error']);
		expect(rules({ ...valid, photos: [HASH_A, HASH_A, HASH_A] })).toEqual([
			'photos:form.photoCount:error'
		]);
	});

	it('never keeps a password or an OTP in a text answer', () => {
		expect(rules({ ...valid, child: { ...valid.child, fullName: 'mã OTP 482913' } })).toEqual([
			'child.fullName:notes.otp:error'
		]);
	});
});

describe('prefill from the household', () => {
	it('picks the only woman of age to be the mother and copies her name and birth year', () => {
		const household = residents.filter((r) => r.id !== 'r-ba');
		const out = prefillAnswers(
			form,
			{ child: { dateOfBirth: '2026-11-01' } },
			{ today, residents: household }
		);
		expect(out).toMatchObject({
			mother: 'r-lan',
			motherName: 'Nguyễn Thị Lan',
			motherBirthYear: 1996
		});
	});

	it('leaves the picker empty when two members fit, listing them first', () => {
		const two = [
			...residents,
			{ ...residents[0], id: 'r-mai', fullName: 'Phạm Thị Mai', dateOfBirth: '2000-01-01' }
		];
		const answers = { child: { dateOfBirth: '2026-11-01' } };
		expect(prefillAnswers(form, answers, { today, residents: two })).not.toHaveProperty('mother');
		const field = form.fields.find((f) => f.id === 'mother');
		if (field?.type !== 'resident') throw new Error('no picker');
		expect(
			pickerCandidates(field, answers, { today, residents: two }).map((c) => [
				c.resident.id,
				c.matches
			])
		).toEqual([
			['r-lan', true],
			['r-mai', true],
			['r-ba', false],
			['r-hung', false]
		]);
	});

	it('never overwrites what was typed', () => {
		const out = prefillAnswers(
			form,
			{ motherName: 'Đã nhập' },
			{ today, residents: [residents[0]] }
		);
		expect(out).toMatchObject({ mother: 'r-lan', motherName: 'Đã nhập', motherBirthYear: 1996 });
	});

	it('fills the birth bundle of the catalogue: mother and father from a young couple, grandmother left out', () => {
		const birth = procedure('birth-bundle');
		const out = prefillAnswers(
			birth.form,
			{ child: { dateOfBirth: '2026-11-01' }, fatherInfo: { known: 'yes' } },
			{ today, residents: residents.map((r) => ({ ...r, address: 'Số 12, Ấp Bến Chò' })) }
		);
		expect(out).toMatchObject({
			mother: {
				resident: 'r-lan',
				fullName: 'Nguyễn Thị Lan',
				birthYear: 1996,
				ethnicity: '01',
				residence: 'Số 12, Ấp Bến Chò'
			},
			father: { resident: 'r-hung', fullName: 'Trần Văn Hùng', birthYear: 1994, ethnicity: '05' }
		});
		expect(catalogue.version).toBeGreaterThanOrEqual(1);
	});
});
