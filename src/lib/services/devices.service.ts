import { z } from 'zod';

/** One device as the sync monitor lists it; the server sends each device's latest heartbeat. */
export const deviceRowSchema = z.looseObject({
	deviceId: z.string(),
	username: z.string(),
	hamlet: z.string().optional(),
	lastPushAt: z.string().nullable().optional(),
	lastPullAt: z.string().nullable().optional(),
	updatedAt: z.string().optional(),
	appVersion: z.string().optional(),
	deviceName: z.string().optional(),
	pending: z.record(z.string(), z.number()).optional(),
	quarantined: z.number().optional(),
	conflicts: z.number().optional()
});
export type DeviceRow = z.infer<typeof deviceRowSchema>;

/** A device not heard from for this many days is flagged: its data may be stuck on it. */
export const STALE_DAYS = 3;

/** When the device last reached the server (its heartbeat, push or pull), epoch ms; null if never. */
export function lastSeen(d: DeviceRow): number | null {
	const times = [d.updatedAt, d.lastPushAt, d.lastPullAt]
		.filter((t): t is string => !!t)
		.map((t) => Date.parse(t))
		.filter((t) => !Number.isNaN(t));
	return times.length ? Math.max(...times) : null;
}

/** Whole days since the device was last seen; null when it never synced. */
export function daysSilent(d: DeviceRow, now: Date): number | null {
	const seen = lastSeen(d);
	return seen === null ? null : Math.floor((now.getTime() - seen) / 86_400_000);
}

/** Records waiting on the device to go up, all collections together. */
export function pendingTotal(d: DeviceRow): number {
	return Object.values(d.pending ?? {}).reduce((a, b) => a + b, 0);
}

export type DevicesResult =
	{ ok: true; devices: DeviceRow[] } | { ok: false; error: 'offline' | 'unauthorized' | 'server' };

/** GET /api/communes/:code/devices (officials of the commune only). */
export async function fetchDevices(
	fetchFn: typeof fetch,
	token: string,
	commune: string,
	baseUrl = ''
): Promise<DevicesResult> {
	let res: Response;
	try {
		res = await fetchFn(`${baseUrl}/api/communes/${commune}/devices`, {
			headers: { authorization: `Bearer ${token}` }
		});
	} catch {
		return { ok: false, error: 'offline' };
	}
	if (res.status === 401 || res.status === 403) return { ok: false, error: 'unauthorized' };
	if (!res.ok) return { ok: false, error: 'server' };
	const parsed = z
		.object({ devices: z.array(deviceRowSchema) })
		.safeParse(await res.json().catch(() => null));
	return parsed.success
		? { ok: true, devices: parsed.data.devices }
		: { ok: false, error: 'server' };
}
