export type { ReplicationContext, Target } from './context.ts';
export { changes, type ChangesParams } from './changes.ts';
export { allDocs, bulkGet, getDoc, revsDiff } from './reads.ts';
export { prepareWrite, writeDocs } from './writes.ts';
export { deleteLocal, getLocal, putLocal } from './checkpoints.ts';
export { deleteAttachment, getAttachment, putAttachment } from './attachments.ts';
