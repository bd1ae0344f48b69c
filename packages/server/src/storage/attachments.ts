import { randomUUID } from 'node:crypto';
import type { AttachmentType } from '@topay-support/protocol';
import type { Kysely } from 'kysely';
import { nowText, readInt } from './columns.js';
import type { AttachmentTable, Database } from './schema.js';

export interface AttachmentRecord {
  id: string;
  merchantId: string;
  uploaderType: 'visitor' | 'agent';
  uploaderId: string;
  messageId: string | null;
  name: string;
  contentType: AttachmentType;
  size: number;
  createdAt: string;
}

export interface AttachmentRepository {
  create(input: Omit<AttachmentRecord, 'id' | 'createdAt' | 'messageId'>): Promise<AttachmentRecord>;
  findById(id: string): Promise<AttachmentRecord | undefined>;
}

export function toAttachment(row: AttachmentTable): AttachmentRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    uploaderType: row.uploader_type as AttachmentRecord['uploaderType'],
    uploaderId: row.uploader_id,
    messageId: row.message_id,
    name: row.name,
    contentType: row.content_type as AttachmentRecord['contentType'],
    size: readInt(row.size),
    createdAt: row.created_at,
  };
}

export function createAttachmentRepository(db: Kysely<Database>): AttachmentRepository {
  return {
    async create(input) {
      const row: AttachmentTable = {
        id: randomUUID(),
        merchant_id: input.merchantId,
        uploader_type: input.uploaderType,
        uploader_id: input.uploaderId,
        message_id: null,
        name: input.name,
        content_type: input.contentType,
        size: input.size,
        created_at: nowText(),
      };
      await db.insertInto('attachments').values(row).execute();
      return toAttachment(row);
    },
    async findById(id) {
      const row = await db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toAttachment(row);
    },
  };
}
