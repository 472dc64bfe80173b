import { describe, expect, it } from 'vitest';
import { ReadAloud, type SpeechHost } from '$lib/device/speech.svelte';

class FakeUtterance {
	voice: unknown = null;
	lang = '';
	rate = 1;
	onend: (() => void) | null = null;
	onerror: (() => void) | null = null;
	constructor(readonly text: string) {}
}

function host(voices: { lang: string; name: string }[]) {
	const listeners = new Set<() => void>();
	const spoken: FakeUtterance[] = [];
	let cancels = 0;
	const h = {
		speechSynthesis: {
			getVoices: () => voices,
			speak: (u: FakeUtterance) => void spoken.push(u),
			cancel: () => void cancels++,
			addEventListener: (_: string, f: () => void) => void listeners.add(f),
			removeEventListener: (_: string, f: () => void) => void listeners.delete(f)
		},
		SpeechSynthesisUtterance: FakeUtterance
	} as unknown as SpeechHost;
	return {
		h,
		spoken,
		listeners,
		cancels: () => cancels,
		voicesChanged: (next: typeof voices) => {
			voices.splice(0, voices.length, ...next);
			for (const f of listeners) f();
		}
	};
}

describe('read aloud', () => {
	it('offers nothing until a Vietnamese voice arrives, then reads with it', () => {
		const t = host([{ lang: 'en-US', name: 'English' }]);
		const r = new ReadAloud();
		const stop = r.watch(t.h);
		expect(r.available).toBe(false);
		r.toggle('notice', 'Xin chào');
		expect(t.spoken).toHaveLength(0);

		t.voicesChanged([
			{ lang: 'en-US', name: 'English' },
			{ lang: 'vi_VN', name: 'Tiếng Việt' }
		]);
		expect(r.available).toBe(true);
		r.toggle('notice', 'Xin chào');
		expect(t.spoken.map((u) => [u.text, u.lang])).toEqual([['Xin chào', 'vi_VN']]);
		expect(t.spoken[0].voice).toMatchObject({ name: 'Tiếng Việt' });
		expect(r.reading).toBe('notice');

		stop();
		expect(t.listeners.size).toBe(0);
		expect(r.reading).toBeNull();
	});

	it('a second press stops; another text takes over; the end of speech clears the state', () => {
		const t = host([{ lang: 'vi-VN', name: 'Linh' }]);
		const r = new ReadAloud();
		r.watch(t.h);
		r.toggle('a', 'Một');
		r.toggle('a', 'Một');
		expect(t.spoken).toHaveLength(1);
		expect(r.reading).toBeNull();
		expect(t.cancels()).toBeGreaterThanOrEqual(2);

		r.toggle('a', 'Một');
		r.toggle('b', 'Hai');
		expect(t.spoken.map((u) => u.text)).toEqual(['Một', 'Một', 'Hai']);
		expect(r.reading).toBe('b');
		t.spoken[1].onend?.();
		expect(r.reading).toBe('b');
		t.spoken[2].onend?.();
		expect(r.reading).toBeNull();
	});

	it('does nothing where the browser has no speech synthesis', () => {
		const r = new ReadAloud();
		r.watch({});
		expect(r.available).toBe(false);
		expect(() => r.toggle('a', 'Một')).not.toThrow();
	});
});
