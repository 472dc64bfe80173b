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
