import { describe, expect, it } from 'vitest';
import {
	checkResident,
	editIdentity,
	grantConsent,
	nameFindings,
	residentFindings,
	residentSchema,
	validateRecord,
	validateWith,
	withdrawConsent,
	withdrawalEffects,
	type Resident
} from '../../../src/lib/domain/index.ts';
import { makeResident, type MakeResidentOptions } from '../../factories/index.ts';

const AT = '2026-11-20T09:30:00+07:00';

/** Chị Lan, 36, Tây Ninh-born, consented to account help, level 1 activated today. */
function lan(overrides: MakeResidentOptions = {}): Resident {
	return makeResident({
		seed: 11,
		fullName: 'Nguyễn Thị Lan',
		sex: 'female',
		dateOfBirth: '1990-03-14',
		consentTo: ['eservice'],
		account: 'level1_activated',
		idNumber: '072190012345',
		phone: '+84912345678',
		createdAt: AT,
		updatedAt: AT,
		...overrides
	});
}

function rulesOf(doc: unknown): string[] {
	const v = validateRecord('residents', doc);
	return v.ok ? [] : v.issues.map((i) => `${i.path}:${i.rule}`);
}

describe('resident schema', () => {
	it('accepts a complete, consistent resident', () => {
		expect(rulesOf(lan())).toEqual([]);
	});

	it('accepts a child without a CCCD', () => {
		const be = makeResident({
			seed: 3,
			age: 6,
			relationship: 'child',
			consentTo: ['eservice'],
			representativeName: 'Nguyễn Thị Lan'
		});
		expect(be.idNumber).toBeNull();
		expect(rulesOf(be)).toEqual([]);
	});

	it('refuses an 11-digit CCCD by its length, not as "digits only"', () => {
		const v = validateWith(residentSchema, lan({ idNumber: '07219001234' }));
		expect(v.ok).toBe(false);
		if (!v.ok) {
			expect(v.issues.map((i) => i.rule)).toEqual(['cccd.length']);
			expect(v.issues[0]).toMatchObject({ path: 'idNumber' });
			expect(v.issues[0].message.vi).toBe('Số CCCD phải gồm đúng 12 chữ số');
		}
	});

	it('refuses a CCCD with letters as digits only', () => {
		const v = validateWith(residentSchema, lan({ idNumber: '07219001234O' }));
		expect(v.ok).toBe(false);
		if (!v.ok) expect(v.issues.map((i) => i.rule)).toEqual(['cccd.digits']);
	});

	it('refuses a CCCD whose birth year disagrees until the volunteer confirms it', () => {
		const wrongYear = lan({ idNumber: '072191012345' });
		expect(rulesOf(wrongYear)).toEqual(['idNumber:cccd.birthYearMismatch']);
		expect(rulesOf({ ...wrongYear, cccdMismatchConfirmed: true })).toEqual([]);
	});

	it('refuses a CCCD whose sex digit disagrees until confirmed', () => {
		expect(rulesOf(lan({ idNumber: '072090012345' }))).toEqual(['idNumber:cccd.sexMismatch']);
	});

	it('stores an unknown birth-province code, shown as a warning only', () => {
		const abroad = lan({ idNumber: '099190012345' });
		expect(rulesOf(abroad)).toEqual([]);
		expect(residentFindings(abroad)).toEqual([
			expect.objectContaining({ rule: 'cccd.unknownProvince', severity: 'warning' })
		]);
	});

	it('stops showing a confirmed mismatch', () => {
		const confirmed = lan({ idNumber: '072191012345', cccdMismatchConfirmed: true });
		expect(residentFindings(confirmed)).toEqual([]);
		expect(residentFindings({ ...confirmed, cccdMismatchConfirmed: false })[0].severity).toBe(
			'confirm'
		);
	});

	it('keeps a legacy CMND in its own 9-digit field', () => {
		expect(rulesOf(lan({ legacyIdNumber: '290123456' }))).toEqual([]);
		expect(rulesOf(lan({ legacyIdNumber: '072190012345' }))).toEqual([
			'legacyIdNumber:cmnd.digits'
		]);
	});

	it('stores phones in E.164 only', () => {
		expect(rulesOf(lan({ phone: '0912345678' }))).toEqual(['phone:phone.e164']);
	});

	it('refuses a date of birth after the day the record was made', () => {
		expect(rulesOf(lan({ dateOfBirth: '2026-12-01' }))).toContain('dateOfBirth:dob.future');
	});

	it('refuses notes that hold an OTP or a password, with an explanation', () => {
		const v = validateWith(residentSchema, lan({ notes: 'Bà đọc mã OTP 482913 để kích hoạt' }));
		expect(v.ok).toBe(false);
		if (!v.ok) {
			expect(v.issues[0]).toMatchObject({ path: 'notes', rule: 'notes.otp' });
			expect(v.issues[0].message.vi).toContain('Không được ghi lại mã OTP');
		}
		expect(rulesOf(lan({ notes: 'mk: Lan@1990' }))).toEqual(['notes:notes.password']);
	});

	it('has no field that could hold a password or an OTP', () => {
		const keys = Object.keys(residentSchema.shape).join(' ').toLowerCase();
		expect(keys).not.toMatch(/pass|otp|pin|secret|credential/);
		// Refused rather than stripped, because the server keeps the document it receives.
		expect(rulesOf({ ...lan(), password: 'Lan@1990', otp: '482913' })).toEqual([
			'password:record.unknownField',
			'otp:record.unknownField'
		]);
		expect(rulesOf({ ...lan(), _rev: '3-abc', _deleted: false })).toEqual([]);
	});

	it('refuses account help notes that hold an OTP', () => {
		const r = lan();
		const help = { ...r.accountHelp!, notes: 'OTP 739105 đã nhập' };
		expect(rulesOf({ ...r, accountHelp: help })).toEqual(['accountHelp.notes:notes.otp']);
	});
});

describe('account help', () => {
	it('needs a date for a level 2 appointment, asked for under that field in plain words', () => {
		const r = lan();
		for (const outcome of [
			{ kind: 'level2_appointment' },
			{ kind: 'level2_appointment', appointmentDate: '' }
		]) {
			const v = validateWith(residentSchema, { ...r, accountHelp: { ...r.accountHelp!, outcome } });
			expect(v.ok).toBe(false);
			if (v.ok) continue;
			expect(v.issues.map((i) => `${i.path}:${i.rule}`)).toEqual([
				'accountHelp.outcome.appointmentDate:account.appointmentMissing'
			]);
			expect(v.issues[0].message.vi).toBe('Vui lòng chọn ngày hẹn tại Công an xã');
		}
	});

	it('needs a reason from the list when blocked, and words when the reason is "other"', () => {
		const r = lan();
		const blocked = (outcome: object) => ({ ...r, accountHelp: { ...r.accountHelp!, outcome } });
		expect(rulesOf(blocked({ kind: 'blocked', reason: 'sim_not_own_name' }))).toEqual([]);
		expect(rulesOf(blocked({ kind: 'blocked', reason: 'lost_phone' }))).toEqual([
			'accountHelp.outcome.reason:invalid_value'
		]);
		expect(rulesOf(blocked({ kind: 'blocked', reason: 'other', detail: ' ' }))).toEqual([
			'accountHelp.outcome.detail:account.otherReasonDetail'
		]);
	});
});

describe('consent rules', () => {
	it('keeps nothing but the name and relationship without consent', () => {
		const r = lan();
		expect(rulesOf({ ...r, consents: [] })).toEqual([
			'dateOfBirth:consent.requiredForField',
			'sex:consent.requiredForField',
			'idNumber:consent.requiredForField',
			'phone:consent.requiredForField',
			'accountHelp:consent.eserviceRequired'
		]);
		const nameOnly = makeResident({ seed: 8, consentTo: [] });
		expect(rulesOf(nameOnly)).toEqual([]);
	});

	it('needs the e-service consent for account help, not just any consent', () => {
		const r = lan();
		const dossierOnly = r.consents.map((c) => ({ ...c, purpose: 'dossier' as const }));
		expect(rulesOf({ ...r, consents: dossierOnly })).toEqual([
			'accountHelp:consent.eserviceRequired'
		]);
	});

	it('keeps ethnicity (sensitive data) only for dossier help', () => {
		expect(rulesOf(lan({ ethnicityCode: '05' }))).toEqual([
			'ethnicityCode:consent.requiredForField'
		]);
		const both = makeResident({ seed: 12, consentTo: ['eservice', 'dossier'] });
		expect(both.ethnicityCode).not.toBeNull();
		expect(rulesOf(both)).toEqual([]);
	});

	it('needs a witness name for a verbal consent and a signature for a signed one', () => {
		const r = lan();
		const base = { ...r.consents[0] } as Record<string, unknown>;
		delete base.signature;
		delete base.witnessName;
		expect(
			rulesOf({ ...r, consents: [{ ...base, method: 'verbal_witness', witnessName: '' }] })
		).toEqual(['consents.0.witnessName:consent.witnessRequired']);
		expect(
			rulesOf({
				...r,
				consents: [{ ...base, method: 'verbal_witness', witnessName: 'Trần Văn Tư' }]
			})
		).toEqual([]);
		expect(rulesOf({ ...r, consents: [{ ...base, method: 'signed', signature: '' }] })).toEqual([
			'consents.0.signature:consent.signatureRequired'
		]);
		expect(rulesOf({ ...r, consents: [{ ...base, method: 'nodded' }] })).toHaveLength(1);
	});

	it('treats a withdrawn consent as no consent', () => {
		const r = lan();
		const withdrawn = r.consents.map((c) => ({ ...c, withdrawnAt: '2026-11-21T08:00:00+07:00' }));
		expect(rulesOf({ ...r, consents: withdrawn })).toContain(
			'accountHelp:consent.eserviceRequired'
		);
	});

	it('refuses a withdrawal dated before the consent', () => {
		const r = lan();
		const early = r.consents.map((c) => ({ ...c, withdrawnAt: '2026-11-19T08:00:00+07:00' }));
		expect(rulesOf({ ...r, consents: early })).toContain(
			'consents.0.withdrawnAt:consent.withdrawnBeforeGiven'
		);
	});

	it("withdrawConsent stops processing: the purpose's data is cleared and the record stays valid", () => {
		const r = lan({ legacyIdNumber: '290123456' });
		const after = withdrawConsent(r, 'eservice', {
			at: '2026-11-25T10:00:00+07:00',
			username: 'nguyenthilan'
		});
		expect(after).toMatchObject({
			fullName: 'Nguyễn Thị Lan',
			dateOfBirth: null,
			idNumber: null,
			legacyIdNumber: null,
			phone: null,
			accountHelp: null
		});
		expect(after.consents[0]).toMatchObject({
			withdrawnAt: '2026-11-25T10:00:00+07:00',
			withdrawnBy: 'nguyenthilan'
		});
		expect(rulesOf(after)).toEqual([]);
	});

	it('withdrawing one purpose keeps the data another consent still covers', () => {
		const r = makeResident({ seed: 12, consentTo: ['eservice', 'dossier'], account: 'blocked' });
		const after = withdrawConsent(r, 'eservice', {
			at: '2026-11-25T10:00:00+07:00',
			username: 'nguyenthilan'
		});
		expect(after.accountHelp).toBeNull();
		expect(after.dateOfBirth).toBe(r.dateOfBirth);
		expect(after.idNumber).toBe(r.idNumber);
		expect(rulesOf(after)).toEqual([]);
	});

	it('grantConsent replaces the active consent of the same purpose and keeps the history', () => {
		const r = lan();
		const renewed = grantConsent(r, {
			purpose: 'eservice',
			noticeVersion: '2026-06',
			method: 'ticked',
			givenAt: '2026-12-01T09:00:00+07:00',
			takenBy: 'nguyenthilan'
		});
		expect(renewed.consents).toHaveLength(2);
		expect(renewed.consents[0].withdrawnAt).toBe('2026-12-01T09:00:00+07:00');
		expect(rulesOf(renewed)).toEqual([]);
		expect(rulesOf({ ...r, consents: [r.consents[0], renewed.consents[1]] })).toEqual([
			'consents:consent.duplicateActive'
		]);
	});
});

describe('checkResident', () => {
	it('marks CCCD disagreements as "confirm" and other problems as errors', () => {
		const findings = checkResident(lan({ idNumber: '072191012345', phone: '0912345678' }));
		expect(findings.map((f) => [f.path, f.rule, f.severity])).toEqual([
			['phone', 'phone.e164', 'error'],
			['idNumber', 'cccd.birthYearMismatch', 'confirm']
		]);
	});

	it('passes warnings through for a valid record', () => {
		expect(checkResident(lan({ idNumber: '099190012345' }))).toEqual([
			expect.objectContaining({ rule: 'cccd.unknownProvince', severity: 'warning' })
		]);
	});

	it('catches a CCCD already held by another resident on the device', () => {
		const other = { id: 'r-other', idNumber: '072190012345' };
		expect(checkResident(lan(), [other])).toEqual([
			expect.objectContaining({ path: 'idNumber', rule: 'cccd.duplicate', severity: 'error' })
		]);
		expect(checkResident(lan(), [{ ...other, idNumber: '072190099999' }])).toEqual([]);
	});

	it('warns when the phone is already recorded for another member', () => {
		const husband = { id: 'r-hung', idNumber: null, phone: '+84912345678' };
		expect(checkResident(lan(), [husband])).toEqual([
			expect.objectContaining({ path: 'phone', rule: 'phone.shared', severity: 'warning' })
		]);
		expect(checkResident(lan({ id: 'r-lan' }), [{ ...husband, id: 'r-lan' }])).toEqual([]);
	});
});

describe('children and identity edits', () => {
	it('needs a parent or guardian to consent for a child under 16', () => {
		const be = makeResident({
			seed: 41,
			age: 12,
			relationship: 'child',
			consentTo: ['eservice'],
			representativeName: 'Lê Thị Hồng'
		});
		expect(rulesOf(be)).toEqual([]);
		const alone = { ...be, consents: be.consents.map(({ representativeName: _, ...c }) => c) };
		expect(rulesOf(alone)).toEqual([
			'consents.0.representativeName:consent.representativeRequired'
		]);
		const sixteen = makeResident({ seed: 42, age: 16, consentTo: ['eservice'] });
		expect(sixteen.consents[0].representativeName).toBeUndefined();
		expect(rulesOf(sixteen)).toEqual([]);
	});

	it('asks again for confirmation after the CCCD, birth date or sex changes', () => {
		const confirmed = lan({ idNumber: '072191012345', cccdMismatchConfirmed: true });
		expect(editIdentity(confirmed, { idNumber: '072191012346' }).cccdMismatchConfirmed).toBe(false);
		expect(editIdentity(confirmed, { sex: 'male' }).cccdMismatchConfirmed).toBe(false);
		expect(editIdentity(confirmed, { idNumber: '072191012345' }).cccdMismatchConfirmed).toBe(true);
		expect(rulesOf(editIdentity(confirmed, { idNumber: '072191012346' }))).toEqual([
			'idNumber:cccd.birthYearMismatch'
		]);
	});
});

describe('rules of issue 13', () => {
	it('refuses a name with digits, and says so even when other fields are wrong too', () => {
		const found = checkResident(lan({ fullName: 'Trần Văn 123', idNumber: '07219001234' }));
		expect(found.map((f) => `${f.path}:${f.rule}`)).toEqual(
			expect.arrayContaining(['fullName:name.digits', 'idNumber:cccd.length'])
		);
		expect(nameFindings('Nguyễn Thị Lan')).toEqual([]);
		expect(nameFindings("H'Hen Niê")).toEqual([]);
		expect(nameFindings('Lan 2')[0].message.vi).toContain('không được có chữ số');
	});

	it('withdrawal names what stops and exactly the fields it erases', () => {
		const r = lan();
		const eff = withdrawalEffects(r, 'eservice');
		expect(eff.stops.vi).toContain('ngừng hỗ trợ tài khoản VNeID');
		expect(eff.cleared).toEqual(['dateOfBirth', 'sex', 'idNumber', 'phone', 'accountHelp']);
		// A dossier consent still covers the identity fields: only account help goes.
		const both = lan({ consentTo: ['eservice', 'dossier'] });
		expect(withdrawalEffects(both, 'eservice').cleared).toEqual(['accountHelp']);
	});

	it('records who withdrew, when and why, and the record stays valid', () => {
		const out = withdrawConsent(lan(), 'eservice', {
			at: '2026-11-21T10:00:00+07:00',
			username: 'nguyenthilan',
			reason: '  Con trai sẽ tự giúp '
		});
		expect(out.consents[0]).toMatchObject({
			withdrawnAt: '2026-11-21T10:00:00+07:00',
			withdrawnBy: 'nguyenthilan',
			withdrawnReason: 'Con trai sẽ tự giúp'
		});
		expect(rulesOf({ ...out, updatedAt: '2026-11-21T10:00:00+07:00' })).toEqual([]);
		const secret = { ...out.consents[0], withdrawnReason: 'mật khẩu: Lan@2024x' };
		expect(rulesOf({ ...out, consents: [secret] })).toEqual([
			'consents.0.withdrawnReason:notes.password'
		]);
	});

	it('keeps residents who moved away or died with the day, never a day to come', () => {
		const moved = {
			status: 'moved_away' as const,
			on: '2026-10-01',
			recordedBy: 'nguyenthilan',
			recordedAt: AT
		};
		expect(rulesOf(lan({ residency: moved }))).toEqual([]);
		expect(rulesOf(lan({ residency: { ...moved, on: '2026-12-01' } }))).toEqual([
			'residency.on:residency.future'
		]);
		expect(rulesOf(lan({ residency: { ...moved, status: 'deceased', on: '1989-01-01' } }))).toEqual(
			['residency.on:residency.beforeBirth']
		);
	});
});
