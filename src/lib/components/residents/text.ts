import type { Bilingual } from '$domain/rules';
import { i18n } from '$lib/i18n/i18n.svelte';

/** A domain label or rule message in the UI language. */
export function bi(text: Bilingual): string {
	return text[i18n.locale];
}

/** `2026-11-20` or an ISO date-time, as the UI writes dates (dd/mm/yyyy in Vietnamese). */
export function day(iso: string): string {
	const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
	return i18n.date(new Date(y, m - 1, d));
}
