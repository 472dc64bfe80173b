import { z } from 'zod';

/** One device as the sync monitor lists it; the server sends each device's latest heartbeat. */
export const deviceRowSchema = z.looseObject({
	deviceId: z.string(),
	username: z.string(),
	hamlet: z.string().optional(),
	lastPushAt: z.string().nullable().optional(),
	lastPullAt: z.string().nullable().optional(),
	updatedAt: z.string().optional(),
	appVersion: z.string().optional()
});
export type DeviceRow = z.infer<typeof deviceRowSchema>;

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
