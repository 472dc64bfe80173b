import type { MessageKey } from '$lib/i18n/vi';
import type { SyncProgress } from '$lib/sync';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Rounded as a person would say it: to 5 s under a minute, whole minutes, then hours. */
export function timeLeft(seconds: number, t: T): string {
	if (seconds < 60)
		return t('sync.timeLeftSeconds', { n: Math.max(5, Math.ceil(seconds / 5) * 5) });
	if (seconds < 90 * 60) return t('sync.timeLeftMinutes', { n: Math.ceil(seconds / 60) });
	return t('sync.timeLeftHours', { n: Math.ceil(seconds / 3600) });
}

export function progressLabel(p: SyncProgress, t: T, locale: string): string {
	const n = (v: number) => v.toLocaleString(locale);
	if (p.direction === 'upload')
		return t('sync.progressUpload', { done: n(p.done), total: n(p.total) });
	return p.total > 0
		? t('sync.progressDownloadOf', { done: n(p.done), total: n(Math.max(p.total, p.done)) })
		: t('sync.progressDownload', { done: n(p.done) });
}
