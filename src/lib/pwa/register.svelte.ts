/** Whether the service worker has cached the app shell, so the app opens with no network. */
export class OfflineShell {
	ready = $state(false);

	async register(): Promise<void> {
		if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
		const { registerSW } = await import('virtual:pwa-register');
		registerSW({
			immediate: true,
			onOfflineReady: () => (this.ready = true),
			onRegisteredSW: (_url, registration) => {
				if (registration?.active) this.ready = true;
			}
		});
	}
}

export const offlineShell = new OfflineShell();
