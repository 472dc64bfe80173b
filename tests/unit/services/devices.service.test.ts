import { describe, expect, it } from 'vitest';
import {
	deviceAlerts,
	sortDevices,
	storagePercent,
	type DeviceRow
} from '$lib/services/devices.service';

const now = new Date('2026-12-04T08:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
const device = (id: string, o: Partial<DeviceRow> = {}): DeviceRow => ({
	deviceId: id,
	username: 'nguyenthilan',
	updatedAt: daysAgo(0),
	...o
});

describe('the sync monitor’s device alerts', () => {
	it('flags a disabled volunteer’s phone that still holds unsent records above everything', () => {
		const rows = [
			device('quiet', { updatedAt: daysAgo(5) }),
			device('fine'),
			device('disabled-empty', { userDisabled: true }),
			device('never', { updatedAt: undefined }),
			device('stuck', { userDisabled: true, pending: { residents: 2 } }),
			device('refused', { quarantined: 1 })
		];
		expect(deviceAlerts(rows[4], now)).toEqual(['disabledWithPending']);
		expect(deviceAlerts(rows[2], now)).toEqual(['disabled']);
		expect(deviceAlerts(rows[3], now)).toEqual(['never']);
		expect(deviceAlerts(rows[1], now)).toEqual([]);
		expect(sortDevices(rows, now).map((d) => d.deviceId)).toEqual([
			'stuck',
			'never',
			'quiet',
			'refused',
			'disabled-empty',
			'fine'
		]);
	});

	it('uses the number of silent days the official chose', () => {
		const quiet = device('quiet', { lastPullAt: daysAgo(5), updatedAt: daysAgo(5) });
		expect(deviceAlerts(quiet, now, 3)).toEqual(['silent']);
		expect(deviceAlerts(quiet, now, 7)).toEqual([]);
		// The latest of heartbeat, push and pull counts as seen.
		expect(deviceAlerts({ ...quiet, lastPushAt: daysAgo(1) }, now, 3)).toEqual([]);
	});

	it('reads storage as a share of the quota, or nothing when the phone did not say', () => {
		expect(storagePercent(device('a', { storageUsedBytes: 50, storageQuotaBytes: 200 }))).toBe(25);
		expect(storagePercent(device('b', { storageUsedBytes: 50, storageQuotaBytes: 0 }))).toBeNull();
		expect(storagePercent(device('c', { storageUsedBytes: null }))).toBeNull();
		expect(storagePercent(device('d', { storageUsedBytes: 500, storageQuotaBytes: 200 }))).toBe(
			100
		);
	});
});
