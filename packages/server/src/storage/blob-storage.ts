import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Storage } from './types.js';

export function createBlobStorage(db: Kysely<Database>): Storage['attachmentBlobs'] {
  return {
    async put(id, bytes) {
      await db
        .insertInto('attachment_blobs')
        .values({ id, bytes, created_at: new Date().toISOString() })
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
