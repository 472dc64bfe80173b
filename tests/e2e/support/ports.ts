import { availableParallelism } from 'node:os';

/** The first worker's app server; worker n uses the next port up. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 8181);

/**
 * One worker per two cores. Measured on the 2-core CI machine: two workers took 10.9 min for
 * the 58 tests against 10.7 min for one, since Chromium and the server already fill both cores.
 * `E2E_WORKERS` overrides it.
 */
export const E2E_WORKERS = Math.max(
	1,
	Number(process.env.E2E_WORKERS ?? Math.floor(availableParallelism() / 2))
);
