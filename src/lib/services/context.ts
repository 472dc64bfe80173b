import type { PublicUser } from '$domain/directory';
import type { AppDatabase } from '$lib/db';

/** What every feature service needs: the device database, who acts, and the time. */
export interface ServiceContext {
	db: AppDatabase;
	user: PublicUser;
	now: () => Date;
	/** The sync server, for what a device reads online only (photos it does not hold). */
	server?: { baseUrl: string; token: () => string | null };
}

/** ISO date-time with the device's own offset (`2026-11-20T08:05:00.000+07:00`), so the day matches the calendar people see. */
export function localIso(d: Date): string {
	const off = -d.getTimezoneOffset();
	const sign = off >= 0 ? '+' : '-';
	const abs = Math.abs(off);
	const pad = (n: number, w = 2) => String(n).padStart(w, '0');
	const local = new Date(d.getTime() + off * 60_000);
	return local.toISOString().slice(0, 23) + `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The device's calendar day, `YYYY-MM-DD`. */
export function localDay(d: Date): string {
	return localIso(d).slice(0, 10);
}

/** A document id that sorts by creation time; getRandomValues works outside secure contexts too. */
export function newId(prefix: string, now: Date, random: Crypto = globalThis.crypto): string {
	const bytes = random.getRandomValues(new Uint8Array(6));
	const rand = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
	return `${prefix}-${now.getTime().toString(36)}-${rand}`;
}

/** Envelope of a new record written by `ctx.user` in `hamlet`. */
export function newEnvelope(ctx: ServiceContext, prefix: string, hamlet: string) {
	const at = ctx.now();
	const iso = localIso(at);
	if (!ctx.user.commune) throw new Error('a user without a commune cannot write records');
	return {
		id: newId(prefix, at),
		commune: ctx.user.commune,
		hamlet,
		createdAt: iso,
		updatedAt: iso,
		createdBy: ctx.user.username,
		updatedBy: ctx.user.username
	};
}

/** Fields a change stamps on the record it touches. */
export function touched(ctx: ServiceContext) {
	return { updatedAt: localIso(ctx.now()), updatedBy: ctx.user.username };
}
