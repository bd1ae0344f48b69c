import type { Kysely } from 'kysely';
import { nowText } from './columns.js';
import type { Database } from './schema.js';

/** Attachment bytes kept in the database, so every node reaches them (ATTACHMENT_STORE=database). */
export interface AttachmentBlobRepository {
  /** Writing the same id again replaces the bytes. */
  put(id: string, bytes: Buffer): Promise<void>;
  get(id: string): Promise<Buffer | undefined>;
  delete(id: string): Promise<void>;
}

export function createAttachmentBlobRepository(db: Kysely<Database>): AttachmentBlobRepository {
  return {
    async put(id, bytes) {
      await db
        .insertInto('attachment_blobs')
        .values({ id, bytes, created_at: nowText() })
        .onConflict((oc) => oc.column('id').doUpdateSet({ bytes }))
        .execute();
    },
    async get(id) {
      const row = await db
        .selectFrom('attachment_blobs')
        .select('bytes')
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? Buffer.from(row.bytes) : undefined;
    },
    async delete(id) {
      await db.deleteFrom('attachment_blobs').where('id', '=', id).execute();
    },
  };
}
