import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/e2e/support/chromium';
import { E2E_PORT, E2E_WORKERS } from './tests/e2e/support/ports';

// One app server per worker (tests/e2e/support/test.ts points each worker at its own).
const ports = Array.from({ length: E2E_WORKERS }, (_, i) => E2E_PORT + i);

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	fullyParallel: false,
	workers: E2E_WORKERS,
	forbidOnly: true,
	retries: 0,
	timeout: 60_000,
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		...devices['Pixel 5'],
		viewport: { width: 360, height: 640 },
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
		trace: 'off'
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
	// Started one after another: the first builds the app if it is stale, the others reuse it.
	webServer: ports.map((port) => ({
		command: `node scripts/serve-test.mjs ${port}`,
		url: `http://localhost:${port}/api/health`,
		reuseExistingServer: false,
		timeout: 180_000,
		stdout: 'ignore' as const,
		stderr: 'pipe' as const
	}))
});
