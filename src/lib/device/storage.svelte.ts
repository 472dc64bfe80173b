/** Share of the quota at which the volunteer is warned to sync and free space. */
export const STORAGE_WARN_RATIO = 0.8;

/** Device storage: persistence request, usage and quota as the browser reports them. */
export class StorageState {
	usage = $state<number | null>(null);
	quota = $state<number | null>(null);
	persisted = $state<boolean | null>(null);
	ratio = $derived(this.usage !== null && this.quota ? this.usage / this.quota : null);
	warn = $derived(this.ratio !== null && this.ratio >= STORAGE_WARN_RATIO);

	constructor(private readonly manager: StorageManager | undefined) {}

	/** Asks the browser not to evict the data under storage pressure. */
	async requestPersistence(): Promise<void> {
		if (!this.manager?.persist) return;
		this.persisted =
			(await this.manager.persisted?.()) || (await this.manager.persist().catch(() => false));
	}

	async refresh(): Promise<{ usage: number; quota: number } | null> {
		const est = await this.manager?.estimate?.().catch(() => undefined);
		if (!est || est.usage === undefined || est.quota === undefined) return null;
		this.usage = est.usage;
		this.quota = est.quota;
		return { usage: est.usage, quota: est.quota };
	}
}

export const deviceStorage = new StorageState(
	typeof navigator === 'undefined' ? undefined : navigator.storage
);
