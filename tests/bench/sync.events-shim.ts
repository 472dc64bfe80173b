// Just enough of Node's EventEmitter for PouchDB in the browser harness (the real `events`
// package is not installed, and PouchDB's browser build imports it).
type Listener = ((...args: unknown[]) => void) & { listener?: Listener };

export class EventEmitter {
	// A plain property, created lazily: PouchDB calls these methods on objects whose constructor
	// never ran (it mixes the prototype in), where private fields would throw.
	_events?: Map<string, Listener[]>;

	_list(name: string): Listener[] {
		this._events ??= new Map();
		let l = this._events.get(name);
		if (!l) this._events.set(name, (l = []));
		return l;
	}
	on(name: string, fn: Listener): this {
		this._list(name).push(fn);
		return this;
	}
	addListener(name: string, fn: Listener): this {
		return this.on(name, fn);
	}
	once(name: string, fn: Listener): this {
		const wrapped: Listener = (...args) => {
			this.removeListener(name, wrapped);
			fn.apply(this, args);
		};
		wrapped.listener = fn;
		return this.on(name, wrapped);
	}
	removeListener(name: string, fn: Listener): this {
		const l = this._list(name);
		const i = l.findIndex((x) => x === fn || x.listener === fn);
		if (i >= 0) l.splice(i, 1);
		return this;
	}
	off(name: string, fn: Listener): this {
		return this.removeListener(name, fn);
	}
	removeAllListeners(name?: string): this {
		if (name === undefined) this._events?.clear();
		else this._events?.delete(name);
		return this;
	}
	emit(name: string, ...args: unknown[]): boolean {
		const l = [...this._list(name)];
		for (const fn of l) fn.apply(this, args);
		return l.length > 0;
	}
	listeners(name: string): Listener[] {
		return this._list(name).map((f) => f.listener ?? f);
	}
	listenerCount(name: string): number {
		return this._list(name).length;
	}
	setMaxListeners(): this {
		return this;
	}
}

// PouchDB copies the methods with Object.keys(EE.prototype), which skips class methods.
for (const key of Object.getOwnPropertyNames(EventEmitter.prototype)) {
	if (key !== 'constructor')
		Object.defineProperty(EventEmitter.prototype, key, { enumerable: true });
}

export default EventEmitter;
