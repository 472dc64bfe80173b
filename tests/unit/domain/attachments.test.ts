import { describe, expect, it } from 'vitest';
import {
	attachmentRefusal,
	base64Bytes,
	collections,
	inlineAttachmentsRefusal,
	type CollectionSpec
} from '../../../src/lib/domain/index.ts';

/** A collection that opts in, as dossier photos will. */
const photos: CollectionSpec = {
	...collections.households,
	name: 'photos',
	attachments: { contentTypes: ['image/jpeg', 'image/webp'], maxBytes: 1000 }
};

describe('attachments', () => {
	it('no collection takes attachments yet', () => {
		for (const spec of Object.values(collections)) {
			expect(
				attachmentRefusal(spec, { name: 'a.jpg', contentType: 'image/jpeg', bytes: 1 })
			).toEqual({
				path: '_attachments',
				rule: 'attachments.notAllowed'
			});
		}
	});

	it('an opted-in collection takes its types and sizes only, under plain names', () => {
		const up = (name: string, contentType: string, bytes: number) =>
			attachmentRefusal(photos, { name, contentType, bytes })?.rule ?? 'ok';
		expect(up('nha-1.jpg', 'image/jpeg', 1000)).toBe('ok');
		expect(up('nha-1.jpg', 'IMAGE/JPEG; charset=binary', 10)).toBe('ok');
		expect(up('nha-1.jpg', 'image/jpeg', 1001)).toBe('attachments.size');
		expect(up('nha-1.svg', 'image/svg+xml', 10)).toBe('attachments.type');
		expect(up('../nha.jpg', 'image/jpeg', 10)).toBe('attachments.format');
		expect(up('', 'image/jpeg', 10)).toBe('attachments.format');
	});

	it('checks inline base64 attachments and stubs of stored ones', () => {
		const data = Buffer.alloc(900).toString('base64');
		const inline = (value: unknown) => inlineAttachmentsRefusal(photos, value)?.rule ?? 'ok';
		expect(inline({ 'a.jpg': { content_type: 'image/jpeg', data } })).toBe('ok');
		expect(inline({ 'a.jpg': { stub: true, digest: 'md5-x', length: 3, revpos: 1 } })).toBe('ok');
		expect(
			inline({
				'a.jpg': { content_type: 'image/jpeg', data: Buffer.alloc(1001).toString('base64') }
			})
		).toBe('attachments.size');
		expect(inline({ 'a.jpg': { content_type: 'image/jpeg', data: 'not base64!' } })).toBe(
			'attachments.format'
		);
		expect(inline({ 'a.jpg': { content_type: 'image/jpeg', data, follows: true } })).toBe(
			'attachments.format'
		);
		expect(inline([])).toBe('attachments.format');
		expect(inlineAttachmentsRefusal(collections.residents, {})?.rule).toBe(
			'attachments.notAllowed'
		);
		expect(base64Bytes(Buffer.from('abcd').toString('base64'))).toBe(4);
	});
});
