import { onMount } from 'svelte';
import type { FormDraft } from '$lib/services/drafts.svelte';

/**
 * Keeps a form's input as a draft on the device while it is typed: after a
 * pause, and at once when the step closes or the app goes to the background.
 * A draft left earlier replaces the starting values if nothing was typed yet.
 * Call during component setup.
 */
export function keepDraft<T extends object>(
	draft: FormDraft<T>,
	value: () => T,
	restore: (v: T) => void
): void {
	$effect(() => {
		draft.changed($state.snapshot(value()) as T);
	});
	onMount(() => {
		void (async () => {
			const v = await draft.load();
			if (v && !draft.isDirty($state.snapshot(value()) as T)) restore(v);
		})();
		const flush = () => void draft.flush();
		const hidden = () => {
			if (document.visibilityState === 'hidden') flush();
		};
		document.addEventListener('visibilitychange', hidden);
		window.addEventListener('pagehide', flush);
		return () => {
			document.removeEventListener('visibilitychange', hidden);
			window.removeEventListener('pagehide', flush);
			flush();
		};
	});
}
