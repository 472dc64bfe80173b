import { onMount } from 'svelte';
import { device } from '$lib/device/device.svelte';
import { watchIdle } from '$lib/device/idle';
import { deviceStorage } from '$lib/device/storage.svelte';
import { i18n } from '$lib/i18n/i18n.svelte';
import { offlineShell } from '$lib/pwa/register.svelte';
import { serverDuplicates } from '$lib/services/duplicates.svelte';
import { network } from '$lib/state/network.svelte';
import { sync, syncStatus } from '$lib/sync';

/** What the app's wiring needs of the router, so it stays out of SvelteKit's modules. */
export interface AppNavigation {
	path: () => string;
	go: (to: '/' | '/login') => void;
}

/**
 * The app's wiring, in one place: sync follows the unlocked database, connectivity and the
 * token; the device starts, locks when idle and asks for persistent storage; the page's
 * language follows the UI's. Called once, while the root layout initializes.
 */
export function startApp(nav: AppNavigation): void {
	$effect(() => {
		document.documentElement.lang = i18n.locale;
	});
	$effect(() => {
		void sync.follow(device.db);
	});
	$effect(() => {
		void sync.setOnline(network.online);
	});
	$effect(() => {
		if (device.db && !device.needsLogin) void sync.resume();
	});
	// After each completed sync (not every pulled batch), ask the server which CCCDs also appear in
	// hamlets this device does not hold.
	$effect(() => {
		const user = device.phase === 'unlocked' ? device.user : null;
		serverDuplicates.use(user?.username ?? null);
		const token = device.token;
		if (!user?.commune || !token || !network.online || !syncStatus.times.lastSyncAt) return;
		void serverDuplicates.refresh(fetch, token, { username: user.username, commune: user.commune });
	});
	// Too many wrong PINs: the only way on is an online sign-in, so show it with its reason.
	$effect(() => {
		if (device.reason === 'tooManyPins' && nav.path() !== '/login') nav.go('/login');
	});
	// Signed in with a PIN set: the work starts on the home screen.
	$effect(() => {
		if (device.phase === 'unlocked' && nav.path() === '/login' && !device.needsLogin) nav.go('/');
	});

	onMount(() => {
		const stop = network.watch(window);
		void offlineShell.register();
		device.start();
		void deviceStorage.requestPersistence();
		const stopIdle = watchIdle(
			window,
			() => device.idleLockMinutes,
			() => device.lock()
		);
		return () => {
			stop();
			stopIdle();
		};
	});
}
