import { onMount } from 'svelte';
import type { DraftInfo } from '$lib/db';
import type { ServiceContext } from '$lib/services/context';
import { FormDraft } from '$lib/services/drafts.svelte';

/**
 * Keeps a form's input (`form`, a `$state` object) as a draft on the device
 * while it is typed: after a pause, and at once when the step closes or the
 * app goes to the background. A draft left earlier replaces the starting
 * values if nothing was typed yet. Call during component setup.
 */
export function keepDraft<T extends object>(
	ctx: ServiceContext,
	info: Omit<DraftInfo, 'savedAt'>,
	start: T,
	form: T
): FormDraft<T> {
	const draft = new FormDraft<T>(ctx.db, info, start, ctx.now);
	const value = () => $state.snapshot(form) as T;
	$effect(() => {
		draft.changed(value());
	});
	onMount(() => {
		void (async () => {
			const v = await draft.load();
			if (v && !draft.isDirty(value())) Object.assign(form, v);
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
	return draft;
}

/** The draft of one of a member's forms (`details`, `account`), listed under the member's name. */
export function keepMemberDraft<T extends object>(
	ctx: ServiceContext,
	resident: { id: string; fullName: string },
	name: 'details' | 'account',
	start: T,
	form: T
): FormDraft<T> {
	const info = { key: `residents/${resident.id}/${name}`, form: name, recordId: resident.id };
	return keepDraft(ctx, { ...info, label: resident.fullName }, start, form);
}
