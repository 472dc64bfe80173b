import { z } from 'zod';
import { isoDateTimeSchema } from './envelope';
import { finding, type Finding } from './finding';
import type { RuleKey } from './rules';
import { safeTextSchema } from './secrets';

/** A calendar day whose refusal says which day is meant, never "invalid ISO date". */
const day = (rule: RuleKey) => z.iso.date(rule);

export const blockedReasonSchema = z.enum([
	'no_chip_card',
	'no_smartphone',
	'phone_without_nfc',
	'sim_not_own_name',
	'card_read_failed',
	'face_check_failed',
	'data_mismatch',
	'no_phone_signal',
	'resident_declined',
	'other'
]);
export type BlockedReason = z.infer<typeof blockedReasonSchema>;

export const blockedReasonLabels: Readonly<Record<BlockedReason, { en: string; vi: string }>> = {
	no_chip_card: { en: 'No chip ID card yet', vi: 'Chưa có thẻ căn cước gắn chip' },
	no_smartphone: { en: 'No smartphone of their own', vi: 'Không có điện thoại thông minh riêng' },
	phone_without_nfc: {
		en: 'Phone cannot read the card (no NFC)',
		vi: 'Điện thoại không có NFC để đọc thẻ'
	},
	sim_not_own_name: { en: 'SIM not registered in own name', vi: 'SIM không đứng tên chính chủ' },
	card_read_failed: { en: 'The card chip could not be read', vi: 'Không đọc được chip trên thẻ' },
	face_check_failed: { en: 'Face check failed', vi: 'Xác thực khuôn mặt không thành công' },
	data_mismatch: {
		en: 'Details differ from the population database',
		vi: 'Thông tin không khớp với Cơ sở dữ liệu quốc gia về dân cư'
	},
	no_phone_signal: { en: 'No mobile signal or data', vi: 'Không có sóng điện thoại hoặc mạng' },
	resident_declined: { en: 'Resident does not want an account', vi: 'Người dân chưa muốn đăng ký' },
	other: { en: 'Other reason', vi: 'Lý do khác' }
};

/** What a resident needs for a level 1 account on their own phone; null = not checked yet. */
export const prerequisitesSchema = z.object({
	chipIdCard: z.boolean().nullable(),
	smartphoneWithNfc: z.boolean().nullable(),
	simInOwnName: z.boolean().nullable(),
	/** Optional for VNeID; recorded because it helps recover the account. */
	hasEmail: z.boolean().nullable()
});
export type Prerequisites = z.infer<typeof prerequisitesSchema>;

export const accountOutcomeSchema = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('level1_activated'), on: day('account.activatedOnMissing') }),
	z.object({
		kind: z.literal('level2_appointment'),
		/** Day booked at the commune police for card, face and fingerprints. */
		appointmentDate: day('account.appointmentMissing'),
		/** Set once the level 2 account is confirmed active. */
		completedOn: day('account.completedOnInvalid').optional()
	}),
	/** The resident already had an account before the visit. */
	z.object({ kind: z.literal('already_active'), level: z.union([z.literal(1), z.literal(2)]) }),
	z
		.object({
			kind: z.literal('blocked'),
			reason: blockedReasonSchema,
			detail: safeTextSchema(500).optional()
		})
		.refine((o) => o.reason !== 'other' || (o.detail ?? '').trim().length > 0, {
			message: 'account.otherReasonDetail',
			path: ['detail']
		})
]);
export type AccountOutcome = z.infer<typeof accountOutcomeSchema>;

/** VNeID account help for one resident. There is deliberately no field for a password or an OTP. */
export const accountHelpSchema = z.object({
	prerequisites: prerequisitesSchema,
	/** Null while the help is still under way. */
	outcome: accountOutcomeSchema.nullable(),
	followUpDate: day('account.followUpInvalid').nullable(),
	updatedAt: isoDateTimeSchema,
	notes: safeTextSchema(1000).optional()
});
export type AccountHelp = z.infer<typeof accountHelpSchema>;

/** Whether the resident holds a working VNeID account (the province's KPI). */
export function hasActiveAccount(help: AccountHelp | null | undefined): boolean {
	const o = help?.outcome;
	if (!o) return false;
	if (o.kind === 'level1_activated' || o.kind === 'already_active') return true;
	return o.kind === 'level2_appointment' && o.completedOn !== undefined;
}

/** A follow-up is due when its date is on or before `asOf` and no account is active yet. */
export function isFollowUpDue(help: AccountHelp | null | undefined, asOf: string): boolean {
	if (!help?.followUpDate || hasActiveAccount(help)) return false;
	return help.followUpDate <= asOf;
}

/**
 * What the volunteer should hear before saving account help, beyond the
 * schema: days that cannot have happened yet (errors), a follow-up planned in
 * the past (error, only when it was just set), and a level 1 activation that
 * contradicts the prerequisites (confirm: the volunteer may have fixed the
 * blocker during the visit). Only what changed since `previous` is judged, so
 * an old follow-up that has passed never blocks another edit.
 */
export function accountHelpFindings(
	next: Pick<AccountHelp, 'prerequisites' | 'outcome' | 'followUpDate'>,
	ctx: {
		today: string;
		previous: Pick<AccountHelp, 'prerequisites' | 'outcome' | 'followUpDate'> | null;
	}
): Finding[] {
	const out: Finding[] = [];
	const prev = ctx.previous;
	const o = next.outcome;
	const outcomeChanged = JSON.stringify(o) !== JSON.stringify(prev?.outcome ?? null);
	if (o?.kind === 'level1_activated' && o.on > ctx.today) {
		out.push(finding('accountHelp.outcome.on', 'account.activatedFuture', 'error'));
	}
	if (o?.kind === 'level2_appointment' && o.completedOn && o.completedOn > ctx.today) {
		out.push(finding('accountHelp.outcome.completedOn', 'account.completedFuture', 'error'));
	}
	if (
		next.followUpDate &&
		next.followUpDate < ctx.today &&
		next.followUpDate !== (prev?.followUpDate ?? null)
	) {
		out.push(finding('accountHelp.followUpDate', 'account.followUpPast', 'error'));
	}
	const prereqChanged =
		JSON.stringify(next.prerequisites) !== JSON.stringify(prev?.prerequisites ?? null);
	if (o?.kind === 'level1_activated' && (outcomeChanged || prereqChanged)) {
		const p = next.prerequisites;
		if (p.simInOwnName === false) {
			out.push(
				finding('accountHelp.prerequisites.simInOwnName', 'account.level1WithoutOwnSim', 'confirm')
			);
		}
		if (p.chipIdCard === false) {
			out.push(
				finding('accountHelp.prerequisites.chipIdCard', 'account.level1WithoutChipCard', 'confirm')
			);
		}
		if (p.smartphoneWithNfc === false) {
			out.push(
				finding(
					'accountHelp.prerequisites.smartphoneWithNfc',
					'account.level1WithoutNfc',
					'confirm'
				)
			);
		}
	}
	return out;
}
