import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, parseTrustProxy } from '../../../sync-server/src/http/headers.ts';
import { inlineHashes, isSpaRoute } from '../../../sync-server/src/http/static.ts';
import { publicText } from '../../../sync-server/src/services/errors.ts';

describe('publicText', () => {
	it.each([
		'IO error: /srv/tramso/data/c25657_residents/LOCK: Resource temporarily unavailable',
		"ENOENT: no such file or directory, open '/home/x/data/foo'",
		'failed at Object.<anonymous> (index.js:12:3)',
		'C:\\tramso\\data broke',
		'node:internal/crypto/hash threw',
		''
	])('hides %j', (message) => {
		expect(publicText(message)).toBe('request refused');
	});

	it.each([
		'Document update conflict.',
		'Invalid rev format',
		'missing',
		'_local/x is not allowed'
	])('keeps %j', (message) => expect(publicText(message)).toBe(message));

	it('keeps one short line: a stack never follows', () => {
		expect(publicText(`${'a'.repeat(300)}\nsecond`)).toBe('a'.repeat(200));
		expect(
			publicText(
				'x is undefined\n    at writeDoc (/work/node_modules/pouchdb-node/lib/index.js:5:1)'
			)
		).toBe('x is undefined');
	});
});

describe('TRUST_PROXY', () => {
	it.each([
		[undefined, false],
		['', false],
		['false', false],
		['0', false],
		['1', 1],
		['2', 2],
		['true', true],
		['loopback', ['loopback']],
		['10.0.0.1, 192.168.0.0/16', ['10.0.0.1', '192.168.0.0/16']]
	])('%j → %j', (value, expected) => expect(parseTrustProxy(value)).toEqual(expected));
});

describe('the built app', () => {
	it('hashes inline scripts of every page but not script files or the assets folder', () => {
		const dir = mkdtempSync(join(tmpdir(), 'tramso-html-'));
		writeFileSync(
			join(dir, 'index.html'),
			'<script src="/a.js"></script><script>boot()</script><SCRIPT type="module">m()</SCRIPT>'
		);
		writeFileSync(join(dir, '200.html'), '<script>boot()</script>');
		const { scripts } = inlineHashes(dir);
		// echo -n 'boot()' (then 'm()') | openssl dgst -sha256 -binary | base64
		expect(scripts).toEqual([
			'MeZS89WlF0u+o0hCvHTBt4q1WHU+U+sJKgbdRUc36mY=',
			'ZRcerlEd5oXh7oyPxtNBWYVOIBP573H/0mkZtACTtRY='
		]);
		expect(inlineHashes(join(dir, 'absent')).scripts).toEqual([]);
		expect(contentSecurityPolicy({ scripts })).toContain(
			"script-src 'self' 'sha256-MeZS89WlF0u+o0hCvHTBt4q1WHU+U+sJKgbdRUc36mY=' 'sha256-ZRce"
		);
	});

	it.each([
		['/residents', true],
		['/review/r.1', true],
		['/', true],
		['/_app/immutable/x.js', false],
		['/_app', false],
		['/registerSW.js', false],
		['/manifest.webmanifest', false],
		['/icons/a.PNG', false],
		['/api/x', false],
		['/db', false]
	])('%s is a navigation route: %s', (path, spa) => expect(isSpaRoute(path)).toBe(spa));
});
