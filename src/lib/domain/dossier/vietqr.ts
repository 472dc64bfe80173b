import { z } from 'zod';
import type { Finding } from '../finding';
import { bankByBin } from './banks';
import type { Validated } from '../validation';
import { dossierTexts, validateDossierRules, type DossierRuleKey } from './texts';

/**
 * VietQR: the EMVCo merchant-presented QR payload as profiled by NAPAS for
 * 24/7 interbank transfers to an account (NAPAS QR Switching spec 1.5.2).
 */
const NAPAS_GUID = 'A000000727';
export const SERVICE_TO_ACCOUNT = 'QRIBFTTA';
/** EMVCo limits Purpose of Transaction (62.08) to 25 characters; a Circular 01/2018 dossier code is exactly 25. */
export const NOTE_MAX = 25;

/** One EMVCo data object: id, two-digit length, value. */
export function tlv(id: string, value: string): string {
	if (value.length < 1 || value.length > 99)
		throw new RangeError(`EMVCo field ${id}: length ${value.length}`);
	return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over ASCII text, as 4 upper-case hex digits. */
export function crc16ccitt(text: string): string {
	let crc = 0xffff;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c > 0x7f) throw new RangeError('VietQR payloads are ASCII');
		crc ^= c << 8;
		for (let b = 0; b < 8; b++)
			crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
	}
	return crc.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * A transfer note banks accept: Vietnamese marks removed (đ → d), only
 * letters, digits, spaces, dots and dashes kept, at most 25 characters.
 */
export function transferNote(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.replace(/[^A-Za-z0-9 .-]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
		.slice(0, NOTE_MAX)
		.trim();
}

export interface VietQrInput {
	/** NAPAS BIN of the receiving bank, 6 digits. */
	bin: string;
	accountNumber: string;
	/** Whole đồng; omitted or 0 for a code where the payer types the amount. */
	amountVnd?: number;
	/** Transfer note, e.g. the dossier code; folded by `transferNote`. */
	note?: string;
}

/** The payload string to draw as a QR code. Throws on input `checkCollectionAccount` would refuse. */
export function vietQrPayload(input: VietQrInput): string {
	if (!/^\d{6}$/.test(input.bin)) throw new RangeError('bin');
	if (!/^[A-Za-z0-9]{1,19}$/.test(input.accountNumber)) throw new RangeError('accountNumber');
	const amount = input.amountVnd ?? 0;
	if (!Number.isInteger(amount) || amount < 0 || amount > 9_999_999_999_999)
		throw new RangeError('amountVnd');
	const beneficiary = tlv('00', input.bin) + tlv('01', input.accountNumber);
	const merchant = tlv('00', NAPAS_GUID) + tlv('01', beneficiary) + tlv('02', SERVICE_TO_ACCOUNT);
	const note = input.note ? transferNote(input.note) : '';
	const body =
		tlv('00', '01') +
		// 12 = dynamic (amount fixed for this payment), 11 = static.
		tlv('01', amount > 0 ? '12' : '11') +
		tlv('38', merchant) +
		tlv('53', '704') +
		(amount > 0 ? tlv('54', String(amount)) : '') +
		tlv('58', 'VN') +
		(note ? tlv('62', tlv('08', note)) : '') +
		'6304';
	return body + crc16ccitt(body);
}

/** Splits EMVCo data objects; undefined when the text is not a well-formed sequence of them. */
export function parseTlv(text: string): Map<string, string> | undefined {
	const out = new Map<string, string>();
	for (let i = 0; i < text.length;) {
		const id = text.slice(i, i + 2);
		const len = Number(text.slice(i + 2, i + 4));
		if (
			!/^\d{2}$/.test(id) ||
			!/^\d{2}$/.test(text.slice(i + 2, i + 4)) ||
			i + 4 + len > text.length
		) {
			return undefined;
		}
		out.set(id, text.slice(i + 4, i + 4 + len));
		i += 4 + len;
	}
	return out;
}

export interface ParsedVietQr {
	bin: string;
	accountNumber: string;
	service: string;
	amountVnd: number | null;
	note: string | null;
	crcOk: boolean;
}

/** Reads a VietQR payload back (to show what a code says, and in tests). */
export function parseVietQr(payload: string): ParsedVietQr | undefined {
	const root = parseTlv(payload);
	const merchant = root && parseTlv(root.get('38') ?? '');
	const beneficiary = merchant && parseTlv(merchant.get('01') ?? '');
	if (!root || !merchant || !beneficiary || merchant.get('00') !== NAPAS_GUID) return undefined;
	const extra = parseTlv(root.get('62') ?? '');
	const crc = root.get('63') ?? '';
	return {
		bin: beneficiary.get('00') ?? '',
		accountNumber: beneficiary.get('01') ?? '',
		service: merchant.get('02') ?? '',
		amountVnd: root.has('54') ? Number(root.get('54')) : null,
		note: extra?.get('08') ?? null,
		crcOk: payload.endsWith(`6304${crc}`) && crc16ccitt(payload.slice(0, -4)) === crc
	};
}

/** The commune's account for fees, set by an official. */
export const collectionAccountSchema = z.object({
	bin: z.string().regex(/^\d{6}$/, 'vietqr.bin'),
	accountNumber: z.string().regex(/^[A-Za-z0-9]{1,19}$/, 'vietqr.account'),
	/** As the bank shows it, usually upper case without marks, e.g. `UBND XA THANH DUC`. */
	accountName: z.string().trim().min(1, 'vietqr.name').max(50, 'vietqr.name')
});
export type CollectionAccount = z.infer<typeof collectionAccountSchema>;

/**
 * What an official may save as the commune's account: the schema's shape, no
 * other field, and a bank of the shipped list (a typed BIN could send the
 * residents' money to the wrong bank).
 */
export const feeAccountInputSchema = z
	.strictObject(collectionAccountSchema.shape)
	.refine((a) => !/^\d{6}$/.test(a.bin) || !!bankByBin(a.bin), {
		path: ['bin'],
		message: 'vietqr.binNotListed'
	});

/** The official's account form or request body, checked; the name is trimmed as stored. */
export function validateFeeAccount(input: unknown): Validated<CollectionAccount> {
	return validateDossierRules(feeAccountInputSchema, input);
}

const issue = (path: string, rule: DossierRuleKey, severity: Finding['severity']): Finding => ({
	path,
	rule,
	severity,
	message: dossierTexts[rule]
});

/** Errors on the account's shape, and a warning when the BIN is not a bank we know. */
export function checkCollectionAccount(a: {
	bin: string;
	accountNumber: string;
	accountName: string;
}): Finding[] {
	const out: Finding[] = [];
	if (!/^\d{6}$/.test(a.bin)) out.push(issue('bin', 'vietqr.bin', 'error'));
	else if (!bankByBin(a.bin)) out.push(issue('bin', 'vietqr.binUnknown', 'warning'));
	if (!/^[A-Za-z0-9]{1,19}$/.test(a.accountNumber))
		out.push(issue('accountNumber', 'vietqr.account', 'error'));
	const name = a.accountName.trim();
	if (name.length < 1 || name.length > 50) out.push(issue('accountName', 'vietqr.name', 'error'));
	return out;
}
