import { KeyStore } from './keystore';
import { DeviceSession } from './session.svelte';

/** Tests and SSR have no localStorage; a plain object stands in so the module still loads. */
const memory: Record<string, string> = {};
const storage: Pick<Storage, 'getItem' | 'setItem'> =
	typeof localStorage === 'undefined'
		? { getItem: (k) => memory[k] ?? null, setItem: (k, v) => void (memory[k] = v) }
		: localStorage;

/** The app's device session: same-origin sync server, browser WebCrypto and IndexedDB. */
export const device = new DeviceSession({
	keyStore: new KeyStore(storage, () => crypto.randomUUID()),
	fetch: (input, init) => fetch(input, init),
	baseUrl: '',
	crypto: globalThis.crypto,
	// RxDB loads only when a volunteer unlocks: the shell's first paint does not wait for it.
	openDb: async (username, password) =>
		(await import('$lib/db/browser')).openBrowserDatabase(username, password),
	removeDb: async (username) => (await import('$lib/db/browser')).removeBrowserDatabase(username)
});
