import { describe, expect, it } from 'vitest';
import {
	collections,
	migrateRecord,
	residentV0Schema,
	residentV1Schema,
	validateRecord,
	type ResidentV0
} from '../../../src/lib/domain/index.ts';
import { makeResident } from '../../factories/index.ts';

const spec = collections.residents;

/** A resident as the 2025 pilot app saved it. */
function v0(overrides: Partial<ResidentV0> = {}): ResidentV0 {
	return {
		id: 'hh-ap-ben-cho-0012-1',
		schemaVersion: 0,
		commune: '25657',
		hamlet: 'ap-ben-cho',
		createdAt: '2025-09-03T08:40:00+07:00',
		updatedAt: '2025-09-03T09:05:00+07:00',
		createdBy: 'nguyenthilan',
		updatedBy: 'nguyenthilan',
		householdId: 'hh-ap-ben-cho-0012',
		familyName: 'Trần',
		middleName: 'Văn',
		givenName: 'Tài',
		birthDate: '7/2/1968',
		gender: 'nam',
		ethnicity: 'Kinh',
		cccd: '072 068 004 512',
		phone: '0913.456.789',
		relationship: 'Chủ hộ',
		note: 'Nhà gần cầu Bến Chò',
		consentAt: '2025-09-03T08:45:00+07:00',
		consentBy: 'nguyenthilan',
		accountStatus: 'done',
		accountNote: '',
		...overrides
	};
}

describe('resident migration v0 → current', () => {
	it('keeps the pilot schema to validate old documents from the wire', () => {
		expect(spec.olderSchemas[0]).toBe(residentV0Schema);
		expect(validateRecord('residents', v0()).ok).toBe(true);
	});

	it('refuses an old version that breaks a current rule once migrated, or carries unknown fields', () => {
		// The CCCD says born in 1968; the date of birth says 1985, and nobody confirmed it.
		const mismatch = validateRecord('residents', v0({ birthDate: '7/2/1985' }));
		expect(mismatch.ok).toBe(false);
		if (!mismatch.ok) {
			expect(mismatch.issues.map((i) => i.rule)).toEqual([
				'schemaVersion.migration',
				'cccd.birthYearMismatch'
			]);
		}
		const secret = validateRecord('residents', { ...v0(), otp: '123456', password: 'x' });
		expect(secret.ok).toBe(false);
		if (!secret.ok) {
			expect(secret.issues.map((i) => [i.path, i.rule])).toEqual([
				['otp', 'record.unknownField'],
				['password', 'record.unknownField']
			]);
		}
	});

	it('turns a pilot record into a valid current resident', () => {
		const out = migrateRecord(spec, v0());
		expect(validateRecord('residents', out)).toMatchObject({ ok: true });
		expect(out).toMatchObject({
			schemaVersion: 2,
			residency: { status: 'present' },
			fullName: 'Trần Văn Tài',
			dateOfBirth: '1968-02-07',
			sex: 'male',
			idNumber: '072068004512',
			legacyIdNumber: null,
			phone: '+84913456789',
			relationship: 'head',
			notes: 'Nhà gần cầu Bến Chò',
			cccdMismatchConfirmed: false,
			consents: [
				{
					purpose: 'eservice',
					method: 'ticked',
					noticeVersion: 'v0-pilot',
					givenAt: '2025-09-03T08:45:00+07:00',
					takenBy: 'nguyenthilan'
				}
			],
			accountHelp: { outcome: { kind: 'level1_activated', on: '2025-09-03' } }
		});
	});

	it('drops ethnicity, which the pilot consent (account help) does not cover', () => {
		expect(migrateRecord(spec, v0()).ethnicityCode).toBeNull();
	});

	it('moves a 9-digit CMND to the legacy field and maps relationships', () => {
		const out = migrateRecord(
			spec,
			v0({
				familyName: 'Lê',
				middleName: 'Thị',
				givenName: 'Hoa',
				gender: 'nu',
				birthDate: '15/08/1950',
				cccd: '290 456 789',
				relationship: 'Mẹ',
				phone: null,
				accountStatus: 'failed',
				accountNote: 'Không có điện thoại thông minh'
			})
		);
		expect(out).toMatchObject({
			fullName: 'Lê Thị Hoa',
			sex: 'female',
			idNumber: null,
			legacyIdNumber: '290456789',
			relationship: 'parent',
			phone: null,
			accountHelp: {
				outcome: { kind: 'blocked', reason: 'other', detail: 'Không có điện thoại thông minh' }
			}
		});
		expect(validateRecord('residents', out).ok).toBe(true);
	});

	it('keeps what it cannot read in the notes for the volunteer', () => {
		const out = migrateRecord(spec, v0({ phone: '0276 382 212', birthDate: '31/02/1968' }));
		expect(out.phone).toBeNull();
		expect(out.dateOfBirth).toBeNull();
		expect(out.notes).toContain('SĐT cũ: 0276 382 212');
		expect(out.notes).toContain('Ngày sinh cũ: 31/02/1968');
		expect(validateRecord('residents', out).ok).toBe(true);
	});

	it('scrubs an old note that holds an OTP instead of carrying it over', () => {
		const out = migrateRecord(spec, v0({ note: 'OTP 552341, đã kích hoạt' }));
		expect(out.notes).not.toContain('552341');
		expect(validateRecord('residents', out).ok).toBe(true);
	});

	it('keeps only the name of a pilot record without the consent tick', () => {
		const out = migrateRecord(
			spec,
			v0({ consentAt: null, consentBy: null, relationship: 'Con trai' })
		);
		expect(out).toMatchObject({
			fullName: 'Trần Văn Tài',
			relationship: 'child',
			dateOfBirth: null,
			sex: null,
			idNumber: null,
			phone: null,
			consents: [],
			accountHelp: null
		});
		expect(validateRecord('residents', out).ok).toBe(true);
	});

	it('leaves a CCCD that disagrees with the birth date for the volunteer to confirm', () => {
		const out = migrateRecord(spec, v0({ birthDate: '07/02/1969' }));
		const v = validateRecord('residents', out);
		expect(v.ok).toBe(false);
		if (!v.ok) expect(v.issues.map((i) => i.rule)).toEqual(['cccd.birthYearMismatch']);
	});

	it('turns a level 2 appointment without a date into a note, not an invented date', () => {
		const out = migrateRecord(spec, v0({ accountStatus: 'appointment' }));
		expect(out.accountHelp).toMatchObject({ outcome: null });
		expect(out.notes).toContain('hẹn xác thực mức 2');
		expect(validateRecord('residents', out).ok).toBe(true);
	});
});

describe('resident migration v1 → v2', () => {
	/** A resident as version 1 of the app stored it: no residency field. */
	function v1() {
		const { residency: _residency, ...rest } = makeResident({ seed: 7 });
		return { ...rest, schemaVersion: 1 };
	}

	it('keeps the v1 schema for documents from older devices, and refuses v2 fields in them', () => {
		expect(spec.version).toBe(2);
		expect(spec.olderSchemas[1]).toBe(residentV1Schema);
		expect(validateRecord('residents', v1()).ok).toBe(true);
		const mixed = { ...v1(), residency: { status: 'present' } };
		const v = validateRecord('residents', mixed);
		expect(v.ok).toBe(false);
		if (!v.ok)
			expect(v.issues[0]).toMatchObject({ path: 'residency', rule: 'record.unknownField' });
	});

	it('records everyone as living in their household', () => {
		const out = migrateRecord(spec, v1());
		expect(out).toMatchObject({ schemaVersion: 2, residency: { status: 'present' } });
		expect(validateRecord('residents', out).ok).toBe(true);
	});
});
