import { formatDate, type Locale } from '$lib/i18n/format';

/** `dd/mm/yyyy HH:mm` in Vietnamese (24-hour clock). */
export function formatDateTime(d: Date, locale: Locale): string {
	const hh = String(d.getHours()).padStart(2, '0');
	const mm = String(d.getMinutes()).padStart(2, '0');
	return `${formatDate(d, locale)} ${hh}:${mm}`;
}

export function formatBytes(n: number): string {
	if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
	if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
	return `${(n / 1024 / 1024 / 1024).toFixed(1)} GB`;
}
