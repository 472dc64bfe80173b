import { en } from './en';
import { formatDate, interpolate, isLocale, type Locale } from './format';
import { vi, type MessageKey } from './vi';

const STORAGE_KEY = 'tramso.locale';
const catalogs: Record<Locale, Record<MessageKey, string>> = { vi, en };

/** UI language, remembered on the device; Vietnamese unless the user chose English. */
export class I18n {
	locale = $state<Locale>('vi');

	constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null) {
		const saved = storage?.getItem(STORAGE_KEY);
		if (isLocale(saved)) this.locale = saved;
	}

	t = (key: MessageKey, params?: Record<string, string | number>): string =>
		interpolate(catalogs[this.locale][key], params);

	date = (d: Date): string => formatDate(d, this.locale);

	set(locale: Locale): void {
		this.locale = locale;
		this.storage?.setItem(STORAGE_KEY, locale);
	}

	toggle(): void {
		this.set(this.locale === 'vi' ? 'en' : 'vi');
	}
}

/** A message in both languages, for issues that travel with a field (`FieldIssue.message`). */
export function bilingual(key: MessageKey): { vi: string; en: string } {
	return { vi: vi[key], en: en[key] };
}

export const i18n = new I18n(typeof localStorage === 'undefined' ? null : localStorage);
