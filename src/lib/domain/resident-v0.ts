import { z } from 'zod';
import { normalizeCccd } from './cccd';
import {
	docIdSchema,
	envelopeShape,
	isoDateTimeSchema,
	reviewShape,
	usernameSchema
} from './envelope';
import { normalizePhone } from './phone';
import { findSecretLike } from './secrets';
import { foldVietnamese } from './text';

/**
 * Residents as the 2025 pilot stored them: name in three parts, date and
 * phone as typed, free-text relationship and ethnicity, and one consent tick
 * that covered account help only.
 */
export const residentV0Schema = z.object({
	...envelopeShape,
	...reviewShape,
	schemaVersion: z.literal(0),
	householdId: docIdSchema,
	familyName: z.string().max(40),
	middleName: z.string().max(60),
	givenName: z.string().max(40),
	/** `dd/mm/yyyy` as typed. */
	birthDate: z.string().max(20).nullable(),
	gender: z.enum(['nam', 'nu']).nullable(),
	ethnicity: z.string().max(40).nullable(),
	/** CCCD or CMND as typed, spaces included. */
	cccd: z.string().max(30).nullable(),
	phone: z.string().max(30).nullable(),
	relationship: z.string().max(40),
	note: z.string().max(2000),
	consentAt: isoDateTimeSchema.nullable(),
	consentBy: usernameSchema.nullable(),
	accountStatus: z.enum(['none', 'done', 'appointment', 'failed']),
	accountNote: z.string().max(500)
});
export type ResidentV0 = z.infer<typeof residentV0Schema>;

const relationshipWords: readonly [RegExp, string][] = [
	[/^chu ho$/, 'head'],
	[/^(vo|chong)$/, 'spouse'],
	[/^con (dau|re)$/, 'child_in_law'],
	[/^con( .*)?$/, 'child'],
	[/^(cha|me|bo|ba|ma) (vo|chong)$/, 'parent_in_law'],
	[/^(cha|me|bo|ba|ma|cha me)$/, 'parent'],
	[/^(ong|ba) (noi|ngoai)$|^ong$/, 'grandparent'],
	[/^chau( .*)?$/, 'grandchild'],
	[/^(anh|chi|em)( .*)?$/, 'sibling'],
	[/^(co|di|chu|bac|cau|mo|thim|duong)( .*)?$/, 'other_relative']
];

function migrateRelationship(typed: string): string {
	const folded = foldVietnamese(typed);
	return relationshipWords.find(([re]) => re.test(folded))?.[1] ?? 'other';
}

function migrateBirthDate(typed: string | null): string | null {
	const m = typed ? /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(typed.trim()) : null;
	if (!m) return null;
	const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
	const d = new Date(`${iso}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : null;
}

const SCRUBBED_NOTE = '[Ghi chú cũ đã xoá vì có thể chứa mã OTP hoặc mật khẩu]';

/**
 * v0 → v1. Values that cannot be read are kept in the notes for the
 * volunteer. Without the pilot's consent tick no personal data beyond the
 * name may be kept, so such records come out with the name only.
 */
export function migrateResidentV0(doc: Record<string, unknown>): Record<string, unknown> {
	const v0 = doc as unknown as ResidentV0;
	const {
		familyName,
		middleName,
		givenName,
		birthDate,
		gender,
		ethnicity: _ethnicity,
		cccd,
		phone,
		note,
		consentAt,
		consentBy,
		accountStatus,
		accountNote,
		...envelope
	} = v0;
	const unread: string[] = [];
	const consented = consentAt !== null && consentBy !== null;

	const dateOfBirth = migrateBirthDate(birthDate);
	if (birthDate && !dateOfBirth) unread.push(`Ngày sinh cũ: ${birthDate}`);
	const digits = cccd ? normalizeCccd(cccd) : '';
	let phoneE164: string | null = null;
	if (phone) {
		const p = normalizePhone(phone);
		if (p.ok) phoneE164 = p.e164;
		else unread.push(`SĐT cũ: ${phone}`);
	}
	if (cccd && digits.length !== 12 && digits.length !== 9) unread.push(`Số giấy tờ cũ: ${cccd}`);

	const updatedOn = v0.updatedAt.slice(0, 10);
	const outcome =
		accountStatus === 'done'
			? { kind: 'level1_activated', on: updatedOn }
			: accountStatus === 'failed'
				? {
						kind: 'blocked',
						reason: 'other',
						detail:
							findSecretLike(accountNote) || !accountNote.trim()
								? 'Không rõ lý do (dữ liệu cũ)'
								: accountNote.trim()
					}
				: null;
	if (accountStatus === 'appointment')
		unread.push('Đã hẹn xác thực mức 2 (dữ liệu cũ không có ngày hẹn)');

	const oldNote = findSecretLike(note) ? SCRUBBED_NOTE : note.trim();
	const notes = [oldNote, ...(consented ? unread : [])].filter(Boolean).join('\n');

	return {
		...envelope,
		schemaVersion: 1,
		fullName: [familyName, middleName, givenName]
			.map((s) => s.trim())
			.filter(Boolean)
			.join(' '),
		dateOfBirth: consented ? dateOfBirth : null,
		sex: consented && gender ? (gender === 'nam' ? 'male' : 'female') : null,
		// The pilot's tick covered account help, not dossiers, so ethnicity has no purpose left.
		ethnicityCode: null,
		idNumber: consented && digits.length === 12 ? digits : null,
		cccdMismatchConfirmed: false,
		legacyIdNumber: consented && digits.length === 9 ? digits : null,
		phone: consented ? phoneE164 : null,
		relationship: migrateRelationship(v0.relationship),
		notes,
		consents: consented
			? [
					{
						purpose: 'eservice',
						noticeVersion: 'v0-pilot',
						method: 'ticked',
						givenAt: consentAt,
						takenBy: consentBy
					}
				]
			: [],
		accountHelp:
			consented && accountStatus !== 'none'
				? {
						prerequisites: {
							chipIdCard: null,
							smartphoneWithNfc: null,
							simInOwnName: null,
							hasEmail: null
						},
						outcome,
						followUpDate: null,
						updatedAt: v0.updatedAt
					}
				: null
	};
}
