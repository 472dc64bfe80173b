import { z } from 'zod';
import { sessionResponseSchema, type SessionResponse } from '$domain/directory';

/**
 * The session as this client reads it. `deviceKey` (base64, 32 bytes) is the
 * per-user key the server derives for wrapping the device's data key; it is
 * optional until the server sends it, and without it 5 wrong PINs lose the
 * local data that was not synced.
 */
export const clientSessionSchema = sessionResponseSchema.extend({
	deviceKey: z.string().min(16).max(200).optional()
});
export type ClientSession = z.infer<typeof clientSessionSchema> & SessionResponse;

export type LoginError = 'unauthorized' | 'rateLimited' | 'offline' | 'server';
/** A refused login; `retryAfterSeconds` when the server said how long to wait. */
export type LoginFailure = { ok: false; error: LoginError; retryAfterSeconds?: number };
export type LoginResult = { ok: true; session: ClientSession } | LoginFailure;

/** `Retry-After` in seconds (the server never sends the date form); bounded so a bad value cannot stall the form. */
export function retryAfterSeconds(res: Response): number | undefined {
	const v = res.headers.get('retry-after')?.trim() ?? '';
	if (!/^\d{1,6}$/.test(v) || Number(v) === 0) return undefined;
	return Math.min(Number(v), 3600);
}

/** POST /api/session: the only call that needs the network before the app can work offline. */
export async function requestSession(
	fetchFn: typeof fetch,
	baseUrl: string,
	username: string,
	password: string
): Promise<LoginResult> {
	let res: Response;
	try {
		res = await fetchFn(`${baseUrl}/api/session`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: username.trim().toLowerCase(), password })
		});
	} catch {
		return { ok: false, error: 'offline' };
	}
	if (res.status === 401 || res.status === 403) return { ok: false, error: 'unauthorized' };
	if (res.status === 429) {
		const wait = retryAfterSeconds(res);
		return { ok: false, error: 'rateLimited', ...(wait ? { retryAfterSeconds: wait } : {}) };
	}
	if (!res.ok) return { ok: false, error: 'server' };
	const parsed = clientSessionSchema.safeParse(await res.json().catch(() => null));
	return parsed.success ? { ok: true, session: parsed.data } : { ok: false, error: 'server' };
}

/** What GET /api/session says of the user's commune now (no new token). */
export const sessionRefreshSchema = sessionResponseSchema.omit({ token: true, expiresAt: true });
export type SessionRefresh = z.infer<typeof sessionRefreshSchema>;

/** GET /api/session with the current token; null offline, refused or malformed. */
export async function fetchSession(
	fetchFn: typeof fetch,
	baseUrl: string,
	token: string
): Promise<SessionRefresh | null> {
	try {
		const res = await fetchFn(`${baseUrl}/api/session`, {
			headers: { authorization: `Bearer ${token}` }
		});
		if (!res.ok) return null;
		const parsed = sessionRefreshSchema.safeParse(await res.json());
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}

/** Registers the device's handover signing key; the server's public key, or null offline or refused. */
export async function registerHandoverKey(
	fetchFn: typeof fetch,
	baseUrl: string,
	token: string,
	body: { deviceId: string; publicKey: string }
): Promise<string | null> {
	try {
		const res = await fetchFn(`${baseUrl}/api/handover/device`, {
			method: 'PUT',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		if (!res.ok) return null;
		const parsed = z.object({ serverKey: z.string().min(80).max(400) }).safeParse(await res.json());
		return parsed.success ? parsed.data.serverKey : null;
	} catch {
		return null;
	}
}

/** DELETE /api/session; failures are ignored because the token expires on its own. */
export async function revokeSession(
	fetchFn: typeof fetch,
	baseUrl: string,
	token: string
): Promise<void> {
	await fetchFn(`${baseUrl}/api/session`, {
		method: 'DELETE',
		headers: { authorization: `Bearer ${token}` }
	}).catch(() => undefined);
}
