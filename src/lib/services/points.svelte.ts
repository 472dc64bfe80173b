import type { AddressPoint } from '$domain/address';
import { watchRecords, type AppDatabase } from '$lib/db';
import { byId } from './lookup';

/** The digital-address points on the device, kept current from the RxDB change stream. */
export class LivePoints {
	points = $state.raw<AddressPoint[]>([]);
	loaded = $state(false);
	byId = $derived(byId(this.points));
	#stop: () => void;

	constructor(db: AppDatabase) {
		this.#stop = watchRecords(db, 'addresses', (list) => {
			this.points = list;
			this.loaded = true;
		});
	}

	destroy(): void {
		this.#stop();
	}
}
