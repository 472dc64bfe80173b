import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { watchIdle } from '$lib/device/idle';

/** Just the parts of Window the idle watcher uses. */
function fakeWindow() {
	const win = new EventTarget() as EventTarget & {
		document: EventTarget & { visibilityState: string };
	};
	win.document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
	return win;
}

describe('watchIdle', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('locks after the configured minutes without input, and input postpones it', () => {
		const win = fakeWindow();
		const onIdle = vi.fn();
		const stop = watchIdle(win as unknown as Window, () => 15, onIdle);
		vi.advanceTimersByTime(14 * 60_000);
		win.dispatchEvent(new Event('pointerdown'));
		vi.advanceTimersByTime(14 * 60_000);
		expect(onIdle).not.toHaveBeenCalled();
		vi.advanceTimersByTime(60_000);
		expect(onIdle).toHaveBeenCalledTimes(1);
		stop();
	});

	it('locks on wake-up when the phone slept longer than the limit', () => {
		const win = fakeWindow();
		const onIdle = vi.fn();
		const stop = watchIdle(win as unknown as Window, () => 1, onIdle);
		win.document.visibilityState = 'hidden';
		win.document.dispatchEvent(new Event('visibilitychange'));
		vi.setSystemTime(Date.now() + 5 * 60_000);
		win.document.visibilityState = 'visible';
		win.document.dispatchEvent(new Event('visibilitychange'));
		expect(onIdle).toHaveBeenCalled();
		stop();
	});
});
