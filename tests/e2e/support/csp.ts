import { expect, type BrowserContext, type Page } from '@playwright/test';

const seen = new WeakMap<BrowserContext, string[]>();

/**
 * Records every Content-Security-Policy violation in the context's pages: the DOM event (a
 * blocked eval probe prints nothing on its own) and Chromium's console lines about the policy.
 */
export async function watchCsp(context: BrowserContext): Promise<void> {
	const violations: string[] = [];
	seen.set(context, violations);
	await context.addInitScript(() => {
		addEventListener('securitypolicyviolation', (e) => {
			console.error(
				`[csp] ${e.effectiveDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`
			);
		});
	});
	const record = (page: Page) =>
		page.on('console', (m) => {
			if (/^\[csp\]|Content Security Policy|Permissions-Policy/.test(m.text()))
				violations.push(m.text());
		});
	context.pages().forEach(record);
	context.on('page', record);
}

/** What the watcher saw so far in `page`'s context. */
export function cspViolations(page: Page): readonly string[] {
	return seen.get(page.context()) ?? [];
}

/** Fails when a watched page broke the policy since the context was opened. */
export function expectNoCspViolations(page: Page): void {
	const violations = seen.get(page.context());
	if (violations) expect(violations, 'Content-Security-Policy violations').toEqual([]);
}
