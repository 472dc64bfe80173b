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
	conflicts: z.number().optional(),
	storageUsedBytes: z.number().nullable().optional(),
	storageQuotaBytes: z.number().nullable().optional(),
	userDisabled: z.boolean().optional()
});
export type DeviceRow = z.infer<typeof deviceRowSchema>;

/** A device not heard from for this many days is flagged: its data may be stuck on it. */
export const STALE_DAYS = 3;
/** The official may choose another threshold, within these bounds. */
export const STALE_DAYS_MAX = 90;

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

/** What needs the office's eye on a device, most urgent first. */
export type DeviceAlert = 'disabledWithPending' | 'never' | 'silent' | 'refused' | 'disabled';

export function deviceAlerts(d: DeviceRow, now: Date, staleDays = STALE_DAYS): DeviceAlert[] {
	const out: DeviceAlert[] = [];
	const silent = daysSilent(d, now);
	if (d.userDisabled) out.push(pendingTotal(d) > 0 ? 'disabledWithPending' : 'disabled');
	if (silent === null) out.push('never');
	else if (silent >= staleDays) out.push('silent');
	if ((d.quarantined ?? 0) + (d.conflicts ?? 0) > 0) out.push('refused');
	return out;
}

const URGENCY: Record<DeviceAlert, number> = {
	disabledWithPending: 0,
	never: 1,
	silent: 2,
	refused: 3,
	disabled: 4
};

/** Devices that need attention first (most urgent alert, then longest silent), the rest after. */
export function sortDevices(devices: readonly DeviceRow[], now: Date, staleDays = STALE_DAYS) {
	const rank = (d: DeviceRow) =>
		Math.min(5, ...deviceAlerts(d, now, staleDays).map((a) => URGENCY[a]));
	return [...devices].sort((a, b) => rank(a) - rank(b) || (lastSeen(a) ?? 0) - (lastSeen(b) ?? 0));
}

/** Share of the browser's quota the app uses, whole percent; null when the phone did not say. */
export function storagePercent(d: DeviceRow): number | null {
	const used = d.storageUsedBytes;
	const quota = d.storageQuotaBytes;
	return used == null || !quota ? null : Math.min(100, Math.round((used / quota) * 100));
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
