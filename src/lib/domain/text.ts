/**
 * Folds Vietnamese text for matching: strips diacritics (đ → d included),
 * lowercases, turns anything but letters and digits into spaces, collapses spaces.
 */
export function foldVietnamese(text: string): string {
	return (
		text
			.normalize('NFD')
			.replace(/[\u0300-\u036f]/g, '')
			// đ/Đ are letters of their own, not a base letter plus a mark, so NFD leaves them.
			.replace(/[đĐ]/g, 'd')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, ' ')
			.trim()
	);
}

/** Removes the separators people type inside numbers: spaces, dots, dashes, brackets. */
export function stripNumberSeparators(text: string): string {
	return text.replace(/[\s.\-()]/g, '');
}
