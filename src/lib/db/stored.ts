import type { RxDocumentData } from 'rxdb';

/** A stored document as the storages below RxDB see it. */
export type StoredDoc = RxDocumentData<Record<string, unknown>>;
