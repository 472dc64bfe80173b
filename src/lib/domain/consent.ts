import { z } from 'zod';
import { isoDateTimeSchema, usernameSchema } from './envelope';
import { findSecretLike } from './secrets';

export const consentPurposeSchema = z.enum(['eservice', 'dossier', 'address']);
export type ConsentPurpose = z.infer<typeof consentPurposeSchema>;

export const consentPurposeLabels: Readonly<Record<ConsentPurpose, { en: string; vi: string }>> = {
	eservice: {
		en: 'Help with the e-service (VNeID) account',
		vi: 'Hỗ trợ tài khoản dịch vụ công (VNeID)'
	},
	dossier: { en: 'Help with filing dossiers', vi: 'Hỗ trợ nộp hồ sơ thủ tục hành chính' },
	address: { en: 'Digital address of the house', vi: 'Địa chỉ số của nhà ở' }
};

const consentBase = {
	purpose: consentPurposeSchema,
	/** Version of the notice read to the resident (what data, why, who keeps it, their rights). */
	noticeVersion: z.string().min(1).max(20),
	givenAt: isoDateTimeSchema,
	/** Volunteer who took the consent. */
	takenBy: usernameSchema,
	/** Set when a parent or guardian consents for a child or a person who cannot. */
	representativeName: z.string().trim().min(1).max(100).optional(),
	withdrawnAt: isoDateTimeSchema.optional(),
	withdrawnBy: usernameSchema.optional(),
	/** What the resident said when withdrawing, for the commune; optional, never a secret. */
	withdrawnReason: z
		.string()
		.trim()
		.max(300)
		.refine((s) => !findSecretLike(s), 'notes.password')
		.optional()
};

/** One consent for one purpose; a new consent after a withdrawal is a new entry. */
export const consentSchema = z
	.discriminatedUnion('method', [
		z.object({ ...consentBase, method: z.literal('ticked') }),
		z.object({
			...consentBase,
			method: z.literal('signed'),
			/** On-screen signature as SVG path data; never a photo of a document. */
			signature: z.string().min(1, 'consent.signatureRequired').max(20_000)
		}),
		z.object({
			...consentBase,
			method: z.literal('verbal_witness'),
			witnessName: z
				.string()
				.trim()
				.min(1, 'consent.witnessRequired')
				.max(100)
				.refine((s) => !findSecretLike(s), 'notes.password')
		})
	])
	.refine((c) => !c.withdrawnAt || Date.parse(c.withdrawnAt) >= Date.parse(c.givenAt), {
		message: 'consent.withdrawnBeforeGiven',
		path: ['withdrawnAt']
	});
export type Consent = z.infer<typeof consentSchema>;

export const consentMethodLabels: Readonly<Record<Consent['method'], { en: string; vi: string }>> =
	{
		ticked: {
			en: 'Ticked on the screen by the resident',
			vi: 'Người dân tự đánh dấu trên màn hình'
		},
		signed: { en: 'Signed on the screen', vi: 'Ký trên màn hình' },
		verbal_witness: {
			en: 'Told verbally, with a witness',
			vi: 'Đồng ý bằng lời, có người làm chứng'
		}
	};

export function activeConsent(
	consents: readonly Consent[] | undefined,
	purpose: ConsentPurpose
): Consent | undefined {
	return consents?.find((c) => c.purpose === purpose && !c.withdrawnAt);
}

export function hasActiveConsent(
	consents: readonly Consent[] | undefined,
	purpose: ConsentPurpose
): boolean {
	return activeConsent(consents, purpose) !== undefined;
}
