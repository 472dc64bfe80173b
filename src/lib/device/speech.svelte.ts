/** What this module uses of the Web Speech API (injected, so tests pass a stand-in). */
export interface SpeechHost {
	speechSynthesis?: Pick<
		SpeechSynthesis,
		'getVoices' | 'speak' | 'cancel' | 'addEventListener' | 'removeEventListener'
	>;
	SpeechSynthesisUtterance?: typeof SpeechSynthesisUtterance;
}

const isVietnamese = (v: Pick<SpeechSynthesisVoice, 'lang'>) => /^vi([-_]|$)/i.test(v.lang.trim());

/**
 * Reads Vietnamese text aloud with the phone's own Vietnamese voice, for
 * residents who read with difficulty. The one place for `speechSynthesis`:
 * without a Vietnamese voice nothing is offered, since another language's
 * voice mangles Vietnamese.
 */
export class ReadAloud {
	/** A Vietnamese voice exists; the list fills in late on Chrome, hence `voiceschanged`. */
	available = $state(false);
	/** The key of the text being read, or null. */
	reading = $state<string | null>(null);
	#voice: SpeechSynthesisVoice | null = null;
	#host: SpeechHost | null = null;
	#watchers = 0;
	#stop: (() => void) | null = null;

	/** Starts following the voice list; returns the function that stops it. */
	watch(host: SpeechHost): () => void {
		const synth = host.speechSynthesis;
		if (!synth || !host.SpeechSynthesisUtterance) return () => {};
		this.#host = host;
		if (this.#watchers++ === 0) {
			const pick = () => {
				this.#voice = synth.getVoices().find(isVietnamese) ?? null;
				this.available = this.#voice !== null;
			};
			pick();
			synth.addEventListener('voiceschanged', pick);
			this.#stop = () => synth.removeEventListener('voiceschanged', pick);
		}
		return () => {
			if (--this.#watchers > 0) return;
			this.#stop?.();
			this.stop();
		};
	}

	/** Reads `text` (under `key`); pressing again for the same key stops, another key takes over. */
	toggle(key: string, text: string): void {
		const synth = this.#host?.speechSynthesis;
		const Utterance = this.#host?.SpeechSynthesisUtterance;
		if (!synth || !Utterance || !this.#voice) return;
		const again = this.reading === key;
		synth.cancel();
		this.reading = null;
		if (again) return;
		const u = new Utterance(text);
		u.voice = this.#voice;
		u.lang = this.#voice.lang;
		u.rate = 0.9;
		const done = () => {
			if (this.reading === key) this.reading = null;
		};
		u.onend = done;
		u.onerror = done;
		this.reading = key;
		synth.speak(u);
	}

	stop(): void {
		if (this.reading === null) return;
		this.#host?.speechSynthesis?.cancel();
		this.reading = null;
	}
}

export const readAloud = new ReadAloud();
