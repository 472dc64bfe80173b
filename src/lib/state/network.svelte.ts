/** Browser connectivity as the browser reports it; sync status builds on top of this. */
export class NetworkState {
	online = $state(true);

	/** Starts listening; returns the function that stops it. */
	watch(win: Window): () => void {
		this.online = win.navigator.onLine;
		const up = () => (this.online = true);
		const down = () => (this.online = false);
		win.addEventListener('online', up);
		win.addEventListener('offline', down);
		return () => {
			win.removeEventListener('online', up);
			win.removeEventListener('offline', down);
		};
	}
}

export const network = new NetworkState();
