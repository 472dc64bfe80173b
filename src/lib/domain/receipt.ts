import type { AccountHelp, BlockedReason } from './account-help';
import { maskCccd } from './cccd';
import { consentPurposeLabels, type ConsentPurpose } from './consent';
import type { Resident } from './resident';
import type { Bilingual } from './rules';
import { maskPhone } from './phone';

export interface ResidentReceipt {
	/** Short reference the resident can quote to the commune office, e.g. `TS-7K3F-9QXA`. */
	code: string;
	issuedAt: string;
	volunteer: string;
	residentName: string;
	/** One line, e.g. `Số 12, Hẻm 3, Ấp Bến Chò`; empty when not given. */
	address: string;
	maskedIdNumber: string | null;
	maskedPhone: string | null;
	/** Purposes the resident agreed to, with the day. */
	consents: { purpose: ConsentPurpose; label: Bilingual; givenOn: string }[];
	done: Bilingual[];
	nextSteps: Bilingual[];
	followUpDate: string | null;
	/** Always printed: the volunteer never keeps passwords or codes. */
	reminder: Bilingual;
}

/** Crockford's base 32: no I, L, O or U, so a code read out over the phone is not misheard. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function fnv1a(text: string, seed: number): number {
	let h = seed >>> 0;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h;
}

/**
 * The resident's reference code, printed on every receipt: 40 bits of two
 * hashes of the record id, so the same person always has the same code and
 * an official finds the record by searching for it. It reveals nothing.
 */
export function receiptCode(residentId: string): string {
	const a = fnv1a(residentId, 0x811c9dc5);
	const b = fnv1a(residentId, 0x01234567);
	let bits = BigInt(a) * 256n + BigInt(b & 0xff);
	let out = '';
	for (let i = 0; i < 8; i++) {
		out = CODE_ALPHABET[Number(bits & 31n)] + out;
		bits >>= 5n;
	}
	return `TS-${out.slice(0, 4)}-${out.slice(4)}`;
}

/** A typed code (`ts7k3f9qxa`, `TS 7K3F 9QXA`) in the printed form, or null when it is not one. */
export function parseReceiptCode(text: string): string | null {
	const m = /^ts[\s-]?([0-9a-z]{4})[\s-]?([0-9a-z]{4})$/i.exec(text.trim());
	return m ? `TS-${m[1].toUpperCase()}-${m[2].toUpperCase()}` : null;
}

/** `2026-12-05` → `05/12/2026`, the way dates are written in Vietnam. */
export function formatDateVi(isoDate: string): string {
	const [y, m, d] = isoDate.slice(0, 10).split('-');
	return `${d}/${m}/${y}`;
}

const fixBlocker: Partial<Record<BlockedReason, Bilingual>> = {
	no_chip_card: {
		en: 'Get a chip ID card at the commune police',
		vi: 'Làm thẻ căn cước gắn chip tại Công an xã'
	},
	no_smartphone: {
		en: "Borrow a family member's NFC smartphone, or register level 2 at the commune police",
		vi: 'Nhờ điện thoại thông minh có NFC của người thân, hoặc đăng ký mức 2 tại Công an xã'
	},
	phone_without_nfc: {
		en: 'Use a phone with NFC, or register level 2 at the commune police',
		vi: 'Dùng điện thoại có NFC, hoặc đăng ký mức 2 tại Công an xã'
	},
	sim_not_own_name: {
		en: "Update the SIM registration to your own name at the carrier's shop",
		vi: 'Chuẩn hoá thông tin thuê bao (SIM chính chủ) tại cửa hàng nhà mạng'
	},
	card_read_failed: {
		en: 'Try again with another phone, or register level 2 at the commune police',
		vi: 'Thử lại bằng điện thoại khác, hoặc đăng ký mức 2 tại Công an xã'
	},
	face_check_failed: {
		en: 'Try again in good light, or register level 2 at the commune police',
		vi: 'Thử lại nơi đủ ánh sáng, hoặc đăng ký mức 2 tại Công an xã'
	},
	data_mismatch: {
		en: 'Ask the commune police to correct the population record',
		vi: 'Đề nghị Công an xã điều chỉnh thông tin trong Cơ sở dữ liệu dân cư'
	}
};

function doneLines(help: AccountHelp): Bilingual[] {
	const o = help.outcome;
	if (!o)
		return [
			{
				en: 'Checked what is needed for a VNeID account',
				vi: 'Đã kiểm tra điều kiện đăng ký tài khoản VNeID'
			}
		];
	switch (o.kind) {
		case 'level1_activated':
			return [
				{
					en: `VNeID level 1 account activated on your phone (${formatDateVi(o.on)})`,
					vi: `Đã kích hoạt tài khoản VNeID mức 1 trên điện thoại của ông/bà (${formatDateVi(o.on)})`
				}
			];
		case 'level2_appointment':
			return o.completedOn
				? [
						{
							en: `VNeID level 2 account active (${formatDateVi(o.completedOn)})`,
							vi: `Tài khoản VNeID mức 2 đã được kích hoạt (${formatDateVi(o.completedOn)})`
						}
					]
				: [
						{
							en: `Level 2 appointment booked at the commune police on ${formatDateVi(o.appointmentDate)}`,
							vi: `Đã hẹn đăng ký mức 2 tại Công an xã ngày ${formatDateVi(o.appointmentDate)}`
						}
					];
		case 'already_active':
			return [
				{
					en: `Checked: you already have a VNeID level ${o.level} account`,
					vi: `Đã kiểm tra: ông/bà đã có tài khoản VNeID mức ${o.level}`
				}
			];
		case 'blocked':
			return [
				{
					en: 'Tried to register the VNeID account; it could not be completed yet',
					vi: 'Đã hỗ trợ đăng ký tài khoản VNeID nhưng chưa hoàn thành'
				}
			];
	}
}

function nextStepLines(help: AccountHelp): Bilingual[] {
	const o = help.outcome;
	if (o?.kind === 'level2_appointment' && !o.completedOn) {
		return [
			{
				en: `Go to the commune police on ${formatDateVi(o.appointmentDate)} with your ID card`,
				vi: `Đến Công an xã ngày ${formatDateVi(o.appointmentDate)}, mang theo thẻ căn cước`
			}
		];
	}
	if (o?.kind === 'level1_activated') {
		return [
			{
				en: 'Log in to the National Public Service Portal with VNeID; upgrade to level 2 at the commune police when needed',
				vi: 'Đăng nhập Cổng Dịch vụ công quốc gia bằng VNeID; khi cần, đến Công an xã để nâng lên mức 2'
			}
		];
	}
	if (o?.kind === 'blocked') {
		const fix = fixBlocker[o.reason];
		return fix ? [fix] : [];
	}
	if (o === null) {
		const p = help.prerequisites;
		const steps: Bilingual[] = [];
		if (p.chipIdCard === false) steps.push(fixBlocker.no_chip_card as Bilingual);
		if (p.smartphoneWithNfc === false) steps.push(fixBlocker.phone_without_nfc as Bilingual);
		if (p.simInOwnName === false) steps.push(fixBlocker.sim_not_own_name as Bilingual);
		return steps;
	}
	return [];
}

/** The receipt left with the resident after a visit; numbers are masked so it can be shown or printed. */
export function buildReceipt(input: {
	resident: Pick<Resident, 'id' | 'fullName' | 'idNumber' | 'phone' | 'consents' | 'accountHelp'>;
	address?: string;
	volunteer: string;
	now: string;
}): ResidentReceipt {
	const { resident, volunteer, now } = input;
	const help = resident.accountHelp;
	const consents = resident.consents
		.filter((c) => !c.withdrawnAt)
		.map((c) => ({
			purpose: c.purpose,
			label: consentPurposeLabels[c.purpose],
			givenOn: c.givenAt.slice(0, 10)
		}));
	const nextSteps = help ? nextStepLines(help) : [];
	const followUpDate = help?.followUpDate ?? null;
	if (followUpDate) {
		nextSteps.push({
			en: `The digital team will come back on ${formatDateVi(followUpDate)}`,
			vi: `Tổ công nghệ số sẽ quay lại vào ngày ${formatDateVi(followUpDate)}`
		});
	}
	return {
		code: receiptCode(resident.id),
		issuedAt: now,
		volunteer,
		residentName: resident.fullName,
		address: input.address ?? '',
		maskedIdNumber: resident.idNumber ? maskCccd(resident.idNumber) : null,
		maskedPhone: resident.phone ? maskPhone(resident.phone) : null,
		consents,
		done: help ? doneLines(help) : [],
		nextSteps,
		followUpDate,
		reminder: {
			en: 'Never give your password or OTP code to anyone, volunteers included',
			vi: 'Không cung cấp mật khẩu hoặc mã OTP cho bất kỳ ai, kể cả tổ công nghệ số'
		}
	};
}

const receiptWords = {
	vi: {
		title: 'BIÊN NHẬN HỖ TRỢ - Tổ công nghệ số cộng đồng',
		code: 'Mã tra cứu',
		resident: 'Người dân',
		address: 'Địa chỉ',
		id: 'Số CCCD',
		phone: 'Số điện thoại',
		done: 'Đã làm',
		next: 'Bước tiếp theo',
		by: 'Tình nguyện viên',
		date: 'Ngày'
	},
	en: {
		title: 'SUPPORT RECEIPT - Community digital team',
		code: 'Reference',
		resident: 'Resident',
		address: 'Address',
		id: 'CCCD number',
		phone: 'Phone',
		done: 'Done',
		next: 'Next steps',
		by: 'Volunteer',
		date: 'Date'
	}
} as const;

/** The receipt as plain text, for Zalo or SMS; numbers stay masked as on paper. */
export function receiptText(r: ResidentReceipt, lang: keyof Bilingual): string {
	const w = receiptWords[lang];
	const lines: string[] = [w.title, `${w.code}: ${r.code}`, `${w.resident}: ${r.residentName}`];
	if (r.address) lines.push(`${w.address}: ${r.address}`);
	if (r.maskedIdNumber) lines.push(`${w.id}: ${r.maskedIdNumber}`);
	if (r.maskedPhone) lines.push(`${w.phone}: ${r.maskedPhone}`);
	if (r.done.length) lines.push(`${w.done}:`, ...r.done.map((l) => `- ${l[lang]}`));
	if (r.nextSteps.length) lines.push(`${w.next}:`, ...r.nextSteps.map((l) => `- ${l[lang]}`));
	lines.push(`${w.by}: ${r.volunteer}`, `${w.date}: ${formatDateVi(r.issuedAt)}`, r.reminder[lang]);
	return lines.join('\n');
}
