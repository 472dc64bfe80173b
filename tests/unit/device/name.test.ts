import { describe, expect, it } from 'vitest';
import { describeDevice } from '$lib/device/name';

const REDUCED_ANDROID =
	'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

describe('describeDevice', () => {
	it('names an Android phone by the model the client hints give', async () => {
		const nav = {
			userAgent: REDUCED_ANDROID,
			userAgentData: {
				platform: 'Android',
				brands: [{ brand: 'Google Chrome', version: '131' }],
				getHighEntropyValues: async () => ({ model: 'SM-A125F', platformVersion: '12.0.0' })
			}
		};
		expect(await describeDevice(nav)).toBe('SM-A125F · Android 12');
	});

	it('falls back to the model in an older user-agent string, then to browser and system', async () => {
		const old =
			'Mozilla/5.0 (Linux; Android 9; Redmi Note 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/90.0 Mobile Safari/537.36';
		expect(await describeDevice({ userAgent: old })).toBe('Redmi Note 7 · Android 9');
		expect(await describeDevice({ userAgent: REDUCED_ANDROID })).toBe('Android 10');
		const desktop = {
			userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0',
			userAgentData: {
				platform: 'Windows',
				brands: [
					{ brand: 'Not_A Brand', version: '8' },
					{ brand: 'Chromium', version: '131' },
					{ brand: 'Microsoft Edge', version: '131' }
				],
				getHighEntropyValues: async () => ({ model: '', platformVersion: '15.0.0' })
			}
		};
		expect(await describeDevice(desktop)).toBe('Microsoft Edge · Windows 15');
	});
});
