import { z } from 'zod';
import type { RuleKey } from './rules';
import { stripNumberSeparators } from './text';

/** Mobile prefixes after the 2018-2019 renumbering (domain doc); carriers cannot be told apart. */
export const VN_MOBILE_PATTERN = /^(\+84|84|0)(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])\d{7}$/;

/** Stored form: `+84` and the 9-digit subscriber number. */
export const phoneE164Schema = z
	.string()
	.regex(/^\+84(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])\d{7}$/, 'phone.e164');

export type PhoneResult = { ok: true; e164: string } | { ok: false; rule: RuleKey };

/** Accepts `0…`, `84…` or `+84…` with spaces, dots, dashes or brackets; returns E.164. */
export function normalizePhone(input: string): PhoneResult {
	// `+84 0912…` is a common way to write it: the trunk 0 does not belong after the country code.
	const compact = stripNumberSeparators(input.trim()).replace(/^(\+?84)0/, '$1');
	if (!/^\+?\d+$/.test(compact)) return { ok: false, rule: 'phone.characters' };
	const m = VN_MOBILE_PATTERN.exec(compact);
	if (!m) {
		const national = compact.replace(/^(\+84|84|0)/, '');
		return { ok: false, rule: national.length === 9 ? 'phone.prefix' : 'phone.length' };
	}
	return { ok: true, e164: '+84' + compact.slice(m[1].length) };
}

/** The 9 digits after +84, or undefined if `e164` is not a stored phone. */
export function phoneSubscriber(e164: string): string | undefined {
	return /^\+84(\d{9})$/.exec(e164)?.[1];
}

/** The way Vietnamese write a mobile number: `0912 345 678`. */
export function formatPhone(e164: string): string {
	const sub = phoneSubscriber(e164);
	if (!sub) return e164;
	return `0${sub.slice(0, 3)} ${sub.slice(3, 6)} ${sub.slice(6)}`;
}

/** For receipts: first and last two digits only, `+84 9xx xxx x78`. */
export function maskPhone(e164: string): string {
	const sub = phoneSubscriber(e164);
	if (!sub) return 'x'.repeat(e164.length);
	const masked = sub[0] + 'x'.repeat(6) + sub.slice(7);
	return `+84 ${masked.slice(0, 3)} ${masked.slice(3, 6)} ${masked.slice(6)}`;
}
