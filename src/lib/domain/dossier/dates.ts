/**
 * Calendar days as `YYYY-MM-DD` strings and day numbers (days since
 * 1970-01-01), computed in UTC so the device's own time zone never shifts a day.
 */
const DAY_MS = 86_400_000;

export function isIsoDate(s: unknown): s is string {
	if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
	const [y, m, d] = s.split('-').map(Number);
	const t = new Date(Date.UTC(y, m - 1, d));
	return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export function dayNumber(isoDate: string): number {
	const [y, m, d] = isoDate.split('-').map(Number);
	return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function fromDayNumber(n: number): string {
	return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
	return fromDayNumber(dayNumber(isoDate) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(isoDate: string): number {
	return (((dayNumber(isoDate) + 4) % 7) + 7) % 7;
}

export function isoDateOf(y: number, m: number, d: number): string {
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
export const VIETNAM_OFFSET_MINUTES = 7 * 60;

/** Local date and seconds since midnight in Asia/Ho_Chi_Minh of an ISO date-time with offset. */
export function vietnamLocal(isoDateTime: string): { date: string; seconds: number } {
	const ms = Date.parse(isoDateTime) + VIETNAM_OFFSET_MINUTES * 60_000;
	const day = Math.floor(ms / DAY_MS);
	return { date: fromDayNumber(day), seconds: Math.floor((ms - day * DAY_MS) / 1000) };
}
