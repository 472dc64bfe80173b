import { remoteDbName } from '../../../src/lib/domain/index.ts';
import type { Storage } from '../storage/index.ts';

export interface DeviceStatus {
	deviceId: string;
	username: string;
	hamlet: string;
	appVersion: string;
	/** Absent in heartbeats written before devices had names. */
	deviceName: string;
	updatedAt: string;
	lastPullAt: string | null;
	lastPushAt: string | null;
	pending: Record<string, number>;
	quarantined: number;
	conflicts: number;
	storageUsedBytes: number | null;
	storageQuotaBytes: number | null;
	/** The user was disabled: what the device still holds unsent reaches nobody until handed over. */
	userDisabled: boolean;
}

const count = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

/** Latest heartbeat of each device of a commune, newest first, for officials' sync monitoring. */
export async function latestHeartbeats(
	storage: Storage,
	commune: string,
	disabled: ReadonlySet<string> = new Set()
): Promise<DeviceStatus[]> {
	const res = await storage.db(remoteDbName(commune, 'heartbeats')).allDocs({});
	const latest = new Map<string, DeviceStatus>();
	for (const row of res.rows) {
		const d = row.doc as unknown as DeviceStatus | undefined;
		if (!d || typeof d.deviceId !== 'string') continue;
		const prev = latest.get(d.deviceId);
		if (!prev || prev.updatedAt < d.updatedAt) {
			latest.set(d.deviceId, {
				deviceId: d.deviceId,
				username: d.username,
				hamlet: d.hamlet,
				appVersion: d.appVersion,
				deviceName: typeof d.deviceName === 'string' ? d.deviceName : '',
				updatedAt: d.updatedAt,
				lastPullAt: d.lastPullAt,
				lastPushAt: d.lastPushAt,
				pending: d.pending,
				quarantined: d.quarantined,
				conflicts: d.conflicts,
				storageUsedBytes: count(d.storageUsedBytes),
				storageQuotaBytes: count(d.storageQuotaBytes),
				userDisabled: disabled.has(d.username)
			});
		}
	}
	return [...latest.values()].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
}
