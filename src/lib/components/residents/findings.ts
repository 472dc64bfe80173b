import type { Finding } from '$domain/finding';

/** `accountHelp.outcome.on` → `accountHelp`; the form field a finding belongs to. */
export function topField(path: string): string {
	return path.split('.')[0];
}

/**
 * What to show while typing: errors of fields changed since the last save
 * (or of every field once a save was tried), and all warnings and
 * confirmations, so a fixed value clears its message at once.
 */
export function shownFindings(
	findings: readonly Finding[],
	changed: ReadonlySet<string>,
	attempted: boolean
): Finding[] {
	return findings.filter(
		(f) =>
			attempted || f.severity !== 'error' || changed.has(topField(f.path)) || changed.has(f.path)
	);
}

/** Moves the focus to the first field with a problem, in the order of the form. */
export function focusFirst(findings: readonly Finding[], fields: Readonly<Record<string, string>>) {
	for (const [path, id] of Object.entries(fields)) {
		if (findings.some((f) => f.path === path || f.path.startsWith(path + '.'))) {
			document.getElementById(id)?.focus();
			return;
		}
	}
}
