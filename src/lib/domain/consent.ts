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

/** Version of the privacy notice read to residents before they consent; stored with each consent. */
export const NOTICE_VERSION = '2026-01';

/**
 * The notice of NOTICE_VERSION, read out before a consent (Law 91/2025:
 * which data, what for, who keeps it, the resident's rights). Changing the
 * wording means a new NOTICE_VERSION.
 */
export const consentNotice: {
	intro: { en: string; vi: string };
	purposes: Readonly<Record<ConsentPurpose, { en: string; vi: string }>>;
	rights: { en: string; vi: string };
} = {
	intro: {
		en: "The hamlet's community digital team, on behalf of the commune People's Committee, would like to record some of your details to help you. They are kept encrypted on the volunteer's phone and on the commune's server; only the hamlet's volunteers and the commune's officials can see them.",
		vi: 'Tổ công nghệ số cộng đồng của ấp, thay mặt UBND xã, xin ghi một số thông tin của ông/bà để hỗ trợ ông/bà. Thông tin được lưu có mã hoá trên điện thoại của tình nguyện viên và trên máy chủ của xã; chỉ tình nguyện viên của ấp và cán bộ xã được xem.'
	},
	purposes: {
		eservice: {
			en: 'For help with the e-identity (VNeID) account: date of birth, sex, CCCD number, phone number and how the help went; used to activate the account and to come back if it is not done yet.',
			vi: 'Để hỗ trợ tài khoản định danh điện tử (VNeID): ghi ngày sinh, giới tính, số CCCD, số điện thoại và kết quả hỗ trợ; dùng để giúp kích hoạt tài khoản và hẹn quay lại nếu chưa xong.'
		},
		dossier: {
			en: 'For help with administrative dossiers: date of birth, sex, ethnicity, CCCD number and phone number; used to fill in the dossiers and follow their result.',
			vi: 'Để hỗ trợ nộp hồ sơ thủ tục hành chính: ghi ngày sinh, giới tính, dân tộc, số CCCD, số điện thoại; dùng để điền hồ sơ và theo dõi kết quả.'
		},
		address: {
			en: "For the digital address of the house: its position on the map and a photo of the house; used for the commune's digital-address map.",
			vi: 'Để ghi địa chỉ số của nhà ở: vị trí nhà trên bản đồ và ảnh nhà; dùng cho bản đồ địa chỉ số của xã.'
		}
	},
	rights: {
		en: 'You may see, correct or ask to delete these details, and withdraw your consent at any time, by telling the volunteer or the commune office. The team never asks for your password or OTP code. You may say no: it changes nothing in what the commune does for you.',
		vi: 'Ông/bà có quyền xem, sửa, yêu cầu xoá thông tin và rút lại đồng ý bất cứ lúc nào, bằng cách báo tình nguyện viên hoặc UBND xã. Tổ công nghệ số không bao giờ hỏi mật khẩu hay mã OTP của ông/bà. Ông/bà có thể không đồng ý; việc đó không ảnh hưởng đến quyền lợi của ông/bà tại xã.'
	}
};
