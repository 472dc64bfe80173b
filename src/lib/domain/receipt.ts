import type { AccountHelp, BlockedReason } from './account-help';
import { maskCccd } from './cccd';
import { consentPurposeLabels, type ConsentPurpose } from './consent';
import type { Resident } from './resident';
import type { Bilingual } from './rules';
import { maskPhone } from './phone';

export interface ResidentReceipt {
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
	resident: Pick<Resident, 'fullName' | 'idNumber' | 'phone' | 'consents' | 'accountHelp'>;
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
