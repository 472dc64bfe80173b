import { collections, type CollectionSpec } from './collections';
import type { Bilingual } from './rules';
import type { FieldIssue } from './validation';

/** Version of the sync wire format; server and device refuse a peer that speaks another. */
export const SYNC_FORMAT_VERSION = 1;

export function isKnownSyncFormat(v: unknown): boolean {
	return v === SYNC_FORMAT_VERSION;
}

/** Separates the English and Vietnamese halves of a refusal reason. */
const SEPARATOR = ' | ';

/**
 * A refusal reason as it travels in CouchDB's `reason` field: English with the
 * rule ids, then Vietnamese, e.g. `hamlet: must be … [hamlet.format] | hamlet: phải là …`.
 */
export function encodeReason(issues: readonly FieldIssue[]): string {
	const en = issues.map((i) => `${i.path || '(record)'}: ${clean(i.message.en)} [${i.rule}]`);
	const vi = issues.map((i) => `${i.path || '(record)'}: ${clean(i.message.vi)}`);
	return `${en.join('; ')}${SEPARATOR}${vi.join('; ')}`;
}

/** The two halves of a reason; a reason without a Vietnamese half is shown as is in both. */
export function decodeReason(reason: unknown): Bilingual {
	const text = typeof reason === 'string' && reason ? reason : 'refused';
	const i = text.indexOf(SEPARATOR);
	return i < 0
		? { en: text, vi: text }
		: { en: text.slice(0, i), vi: text.slice(i + SEPARATOR.length) };
}

/** Rule ids named in an encoded reason, in order. */
export function reasonRules(reason: string): string[] {
	const en = decodeReason(reason).en;
	return [...en.matchAll(/\[([a-zA-Z0-9_.]+)\]/g)].map((m) => m[1]);
}

// A separator inside a message would split the reason in the wrong place.
function clean(text: string): string {
	return text.replaceAll(SEPARATOR, ' / ');
}

export function isPushOnly(spec: CollectionSpec): boolean {
	return spec.pushOnly === true;
}

/** Names of the collections devices only upload. */
export const pushOnlyCollections: readonly string[] = Object.values(collections)
	.filter((spec: CollectionSpec) => isPushOnly(spec))
	.map((spec) => spec.name);
