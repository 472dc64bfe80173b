import { z } from 'zod';
import type { RuleKey } from './rules';

// Folded (no diacritics, lowercase) words that announce a code or a password.
const SECRET_WORDS = [
	'otp',
	'ma xac thuc',
	'ma xac nhan',
	'ma kich hoat',
	'mat khau',
	'password',
	'passcode',
	'pass',
	'mk',
	'pin'
];
const PASSWORD_WORDS = ['mat khau', 'password', 'passcode', 'pass', 'mk', 'pw'];
/** How far (in characters) a code may sit from an announcing word and still count as near it. */
const NEAR = 40;

/** Lowercase without diacritics, one character for one character (of the NFC form). */
function foldKeepingLength(text: string): string {
	let out = '';
	for (const ch of text.normalize('NFC')) {
		const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
		const one = base === 'đ' || base === 'Đ' ? 'd' : base;
		out += one.length === ch.length ? one.toLowerCase() : ch;
	}
	return out;
}

function wordPositions(folded: string, words: readonly string[]): number[] {
	const out: number[] = [];
	for (const word of words) {
		const re = new RegExp(`(?<![a-z0-9])${word}(?![a-z0-9])`, 'g');
		for (const m of folded.matchAll(re)) out.push(m.index);
	}
	return out;
}

/**
 * Refuses free text that looks like it holds a resident's OTP or password: a
 * volunteer must never keep either, so notes cannot become a back door for
 * them. Returns the rule broken, or undefined when the text is fine.
 */
export function findSecretLike(text: string): RuleKey | undefined {
	const folded = foldKeepingLength(text);
	const passwordValue = new RegExp(
		`(?<![a-z0-9])(?:${PASSWORD_WORDS.join('|')})(?![a-z])\\s*(?:la|:|=|-)?\\s*(\\S{3,})`,
		'g'
	);
	for (const m of folded.matchAll(passwordValue)) {
		if (/[\d!@#$%^&*_+=?~]/.test(m[1])) return 'notes.password';
	}
	const announcers = wordPositions(folded, SECRET_WORDS);
	if (announcers.length > 0) {
		// Digit groups joined by / . : - are dates or times; a long spaced run is a phone number.
		for (const m of folded.matchAll(/\d+(?:[ ./:-]\d+)*/g)) {
			// Followed by a letter it is an amount with a unit (10000mAh, 50000đ), not a code.
			if (/[./:-]/.test(m[0]) || /[a-z]/.test(folded[m.index + m[0].length] ?? '')) continue;
			const code = m[0].replace(/ /g, '');
			if (!/^\d{4,8}$/.test(code)) continue;
			const before = folded.slice(Math.max(0, m.index - 5), m.index);
			if (/^(19|20)\d\d$/.test(code) && /nam\s*$/.test(before)) continue;
			if (announcers.some((pos) => Math.abs(pos - m.index) <= NEAR)) return 'notes.otp';
		}
	}
	for (const token of text.split(/\s+/)) {
		if (looksLikePassword(token)) return 'notes.password';
	}
	return undefined;
}

/** A token mixing lower and upper case, digits and a symbol, that is not an email or web address. */
function looksLikePassword(token: string): boolean {
	if (token.length < 6 || token.length > 64) return false;
	if (/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(token) || /^(https?:\/\/|www\.)/i.test(token)) {
		return false;
	}
	return (
		/[a-z]/.test(token) && /[A-Z]/.test(token) && /\d/.test(token) && /[!@#$%^&*_+=?~]/.test(token)
	);
}

/** Free text that may never hold an OTP or a password. */
export const safeTextSchema = (max: number) =>
	z
		.string()
		.max(max)
		.superRefine((text, ctx) => {
			const rule = findSecretLike(text);
			if (rule) ctx.addIssue({ code: 'custom', message: rule });
		});
