import { i18n } from '$lib/i18n/i18n.svelte';
import type { MessageKey } from '$lib/i18n/vi';
import { vi } from '$lib/i18n/vi';

/** i18n key of a record type, when the collection has one; other collections show their name. */
export function collectionKey(name: string): MessageKey | null {
	const key = `collection.${name}`;
	return Object.hasOwn(vi, key) ? (key as MessageKey) : null;
}

/** i18n key of a record field, when it has one; other fields show their name. */
export function fieldKey(name: string): MessageKey | null {
	const key = `field.${name}`;
	return Object.hasOwn(vi, key) ? (key as MessageKey) : null;
}

/** A record type's name in the UI language, or the collection's own name. */
export function typeLabel(name: string): string {
	const key = collectionKey(name);
	return key ? i18n.t(key) : name;
}

/** A field's name in the UI language, or the field's own name. */
export function fieldLabel(name: string): string {
	const key = fieldKey(name);
	return key ? i18n.t(key) : name;
}

/** Conflicting values can be any JSON; show short text, never "[object Object]". */
export function showValue(v: unknown): string {
	return v === null || v === undefined || v === ''
		? i18n.t('sync.empty')
		: typeof v === 'string'
			? v
			: JSON.stringify(v).slice(0, 200);
}
