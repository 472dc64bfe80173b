export type Locale = 'vi' | 'en';

export const LOCALES: readonly Locale[] = ['vi', 'en'];

/** Fills `{name}` placeholders; unknown names stay visible so a missing value is noticed. */
export function interpolate(template: string, params?: Record<string, string | number>): string {
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (m, name: string) =>
		Object.hasOwn(params, name) ? String(params[name]) : m
	);
}

/** Vietnamese dates are dd/mm/yyyy; English uses the same order spelled out by Intl. */
export function formatDate(date: Date, locale: Locale): string {
	if (locale === 'vi') {
		const dd = String(date.getDate()).padStart(2, '0');
		const mm = String(date.getMonth() + 1).padStart(2, '0');
		return `${dd}/${mm}/${date.getFullYear()}`;
	}
	return new Intl.DateTimeFormat('en-GB', {
		day: 'numeric',
		month: 'short',
		year: 'numeric'
	}).format(date);
}

export function isLocale(value: unknown): value is Locale {
	return value === 'vi' || value === 'en';
}
