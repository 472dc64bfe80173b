import type { AddressPoint } from '$domain/address';
import type { AppDatabase } from '$lib/db';
import { byId } from './lookup';

/** The digital-address points on the device, kept current from the RxDB change stream. */
export class LivePoints {
	points = $state.raw<AddressPoint[]>([]);
	loaded = $state(false);
	byId = $derived(byId(this.points));
	#stop: () => void;

	constructor(db: AppDatabase) {
		const sub = db.collections.addresses.find().$.subscribe((docs) => {
			this.points = docs.map((d) => d.toJSON() as AddressPoint);
			this.loaded = true;
		});
		this.#stop = () => sub.unsubscribe();
	}

	destroy(): void {
		this.#stop();
	}
}
