import { test as base } from '@playwright/test';
import { E2E_PORT } from './ports';

/**
 * Playwright's `test`, with each worker on its own app server (playwright.config.ts starts one
 * per worker, each with a fresh data directory), so specs running side by side never see each
 * other's records.
 */
export const test = base.extend({
	// Playwright reads a fixture's dependencies from its first parameter: none here.
	// eslint-disable-next-line no-empty-pattern
	baseURL: async ({}, use, testInfo) => {
		await use(`http://localhost:${E2E_PORT + testInfo.parallelIndex}`);
	}
});

export { expect } from '@playwright/test';
