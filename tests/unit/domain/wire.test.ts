import { describe, expect, it } from 'vitest';
import {
	SYNC_FORMAT_VERSION,
	collections,
	decodeReason,
	encodeReason,
	isKnownSyncFormat,
	pushOnlyCollections,
	reasonRules,
	ruleTexts,
	type FieldIssue
} from '../../../src/lib/domain/index.ts';

const issues: FieldIssue[] = [
	{ path: 'hamlet', rule: 'hamlet.format', message: ruleTexts['hamlet.format'] },
	{ path: '', rule: 'policy.history', message: ruleTexts['policy.history'] }
];

describe('refusal reasons on the wire', () => {
	it('round-trips both languages, naming each field and rule', () => {
		const reason = encodeReason(issues);
		expect(reason).toContain('hamlet: must be a hamlet id');
		expect(reason).toContain('[hamlet.format]');
		expect(decodeReason(reason)).toEqual({
			en: `hamlet: ${ruleTexts['hamlet.format'].en} [hamlet.format]; (record): ${ruleTexts['policy.history'].en} [policy.history]`,
			vi: `hamlet: ${ruleTexts['hamlet.format'].vi}; (record): ${ruleTexts['policy.history'].vi}`
		});
		expect(reasonRules(reason)).toEqual(['hamlet.format', 'policy.history']);
	});

	it('keeps the split in the right place when a message contains the separator', () => {
		const tricky: FieldIssue = { path: 'x', rule: 'custom', message: { en: 'a | b', vi: 'c | d' } };
		expect(decodeReason(encodeReason([tricky]))).toEqual({
			en: 'x: a / b [custom]',
			vi: 'x: c / d'
		});
	});

	it('shows a reason without a Vietnamese half, or none at all, as is', () => {
		expect(decodeReason('Document update conflict.')).toEqual({
			en: 'Document update conflict.',
			vi: 'Document update conflict.'
		});
		expect(decodeReason(undefined)).toEqual({ en: 'refused', vi: 'refused' });
	});
});

describe('sync format and push-only collections', () => {
	it('knows only its own format version', () => {
		expect(isKnownSyncFormat(SYNC_FORMAT_VERSION)).toBe(true);
		expect(isKnownSyncFormat(SYNC_FORMAT_VERSION + 1)).toBe(false);
		expect(isKnownSyncFormat(String(SYNC_FORMAT_VERSION))).toBe(false);
		expect(isKnownSyncFormat(undefined)).toBe(false);
	});

	it('marks heartbeats, and only heartbeats, as push-only', () => {
		expect(pushOnlyCollections).toEqual([collections.heartbeats.name]);
	});
});
