const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'scroll'] as const;

/** Calls `onIdle` after `minutes` without user input; returns the function that stops watching. */
export function watchIdle(win: Window, minutes: () => number, onIdle: () => void): () => void {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const arm = () => {
		clearTimeout(timer);
		timer = setTimeout(onIdle, Math.max(1, minutes()) * 60_000);
	};
	for (const ev of ACTIVITY) win.addEventListener(ev, arm, { passive: true });
	// A phone asleep for longer than the limit locks on wake-up even if no timer fired.
	let hiddenAt = 0;
	const visibility = () => {
		if (win.document.visibilityState === 'hidden') hiddenAt = Date.now();
		else if (hiddenAt && Date.now() - hiddenAt >= minutes() * 60_000) onIdle();
		else arm();
	};
	win.document.addEventListener('visibilitychange', visibility);
	arm();
	return () => {
		clearTimeout(timer);
		for (const ev of ACTIVITY) win.removeEventListener(ev, arm);
		win.document.removeEventListener('visibilitychange', visibility);
	};
}
