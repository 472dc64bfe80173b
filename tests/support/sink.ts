import type { SyncSink } from '$lib/sync/engine';

/** A SyncSink for tests and benchmarks that show no UI; it keeps the errors it was told. */
export function silentSink(): SyncSink & { errors: string[] } {
	const errors: string[] = [];
	const noop = () => undefined;
	return {
		errors,
		setRunning: noop,
		setActive: noop,
		setError: (e) => void (e && errors.push(e)),
		setTimes: noop,
		setOutbox: noop,
		setQuarantine: noop,
		setConflicts: noop,
		setProgress: noop
	};
}
