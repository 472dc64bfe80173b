/** What Chromium's User-Agent Client Hints give (the reduced user-agent string no longer names the model). */
interface UaData {
	platform?: string;
	brands?: { brand: string; version: string }[];
	getHighEntropyValues?(hints: string[]): Promise<{ model?: string; platformVersion?: string }>;
}

/**
 * A name for this phone an official can recognise, e.g. `SM-A125F · Android 12`
 * or `Chrome · Windows`: the model when the browser says it, else the system.
 */
export async function describeDevice(nav: Pick<Navigator, 'userAgent'>): Promise<string> {
	const ua = (nav as { userAgentData?: UaData }).userAgentData;
	let model = '';
	let system = '';
	if (ua?.getHighEntropyValues) {
		try {
			const hi = await ua.getHighEntropyValues(['model', 'platformVersion']);
			model = (hi.model ?? '').trim();
			const major = (hi.platformVersion ?? '').split('.')[0];
			system = ua.platform ? `${ua.platform}${major && major !== '0' ? ` ${major}` : ''}` : '';
		} catch {
			// Hints refused: fall back to the user-agent string.
		}
	}
	const s = nav.userAgent;
	const android = /Android ([\d.]+)(?:; ([^;)]+))?/.exec(s);
	if (!model && android?.[2] && android[2] !== 'K') model = android[2].trim();
	if (!system) {
		system = android
			? `Android ${android[1].split('.')[0]}`
			: /iPhone|iPad/.test(s)
				? 'iOS'
				: /Windows/.test(s)
					? 'Windows'
					: /Mac OS/.test(s)
						? 'macOS'
						: /Linux/.test(s)
							? 'Linux'
							: '';
	}
	const browser = ua?.brands?.find((b) => !/Not.?A.?Brand|Chromium/i.test(b.brand))?.brand;
	return [model || browser || '', system].filter(Boolean).join(' · ').slice(0, 60);
}
