import type { PublicUser } from '$domain/directory';
import type { Heartbeat } from '$domain/heartbeat';
import type { SyncTimes } from './engine';

export interface HeartbeatInput {
	deviceId: string;
	user: PublicUser;
	appVersion: string;
	/** Model and system, from `describeDevice`. */
	deviceName: string;
	times: SyncTimes;
	pending: Record<string, number>;
	quarantined: number;
	conflicts: number;
	storage: { usage: number; quota: number } | null;
	/** ISO time of this report. */
	at: string;
	/** The stored heartbeat, so createdAt survives updates. */
	previous?: { createdAt: string } | null;
}

/** Hamlet to file an official's heartbeat under: officials have no hamlets of their own. */
export const NO_HAMLET = 'commune-office';

/** One heartbeat per device and volunteer (phones are shared), overwritten each time. */
export function heartbeatRecord(i: HeartbeatInput): Heartbeat {
	const at = i.at;
	const { heartbeats: _own, ...pending } = i.pending;
	return {
		id: heartbeatId(i.deviceId, i.user.username),
		schemaVersion: 1,
		commune: i.user.commune ?? '00000',
		hamlet: i.user.hamlets[0] ?? NO_HAMLET,
		createdAt: i.previous?.createdAt ?? at,
		updatedAt: at,
		createdBy: i.user.username,
		updatedBy: i.user.username,
		deviceId: i.deviceId,
		username: i.user.username,
		appVersion: i.appVersion.slice(0, 32),
		deviceName: i.deviceName.slice(0, 60),
		lastPullAt: i.times.lastPullAt,
		lastPushAt: i.times.lastPushAt,
		pending,
		quarantined: i.quarantined,
		conflicts: i.conflicts,
		storageUsedBytes: i.storage ? Math.round(i.storage.usage) : null,
		storageQuotaBytes: i.storage ? Math.round(i.storage.quota) : null
	};
}

export function heartbeatId(deviceId: string, username: string): string {
	return `hb-${deviceId}:${username}`;
}
