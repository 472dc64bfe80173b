import { readLocal, updateLocal, type AppDatabase } from '$lib/db';
import { useWorkCalendar } from '$lib/services/catalogue';

const KEY = 'work-calendar';
interface Stored {
	etag: string | null;
	calendar: unknown;
}

/** Puts the calendar this device last received to use (offline, at unlock). */
export async function loadStoredCalendar(db: AppDatabase): Promise<void> {
	const stored = await readLocal<Stored | null>(db, KEY, null);
	if (stored) useWorkCalendar(stored.calendar);
}

/**
 * Asks the server for a newer working-day calendar (a conditional GET: one small request when
 * nothing changed) and keeps a valid one for offline use. Failures leave the one in use.
 */
export async function refreshCalendar(
	db: AppDatabase,
	o: { baseUrl: string; token: string | null; fetch?: typeof fetch }
): Promise<'updated' | 'unchanged' | 'failed'> {
	if (!o.token) return 'failed';
	const stored = await readLocal<Stored | null>(db, KEY, null);
	let res: Response;
	try {
		res = await (o.fetch ?? globalThis.fetch)(`${o.baseUrl}/api/calendar`, {
			headers: {
				authorization: `Bearer ${o.token}`,
				...(stored?.etag ? { 'if-none-match': stored.etag } : {})
			}
		});
	} catch {
		return 'failed';
	}
	if (res.status === 304) return 'unchanged';
	if (!res.ok) return 'failed';
	const calendar: unknown = await res.json().catch(() => null);
	if (!useWorkCalendar(calendar)) return 'failed';
	if (JSON.stringify(stored?.calendar) === JSON.stringify(calendar)) return 'unchanged';
	await updateLocal<Stored | null>(db, KEY, null, () => ({
		etag: res.headers.get('etag'),
		calendar
	}));
	return 'updated';
}
