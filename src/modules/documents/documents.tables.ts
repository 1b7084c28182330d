import type { Generated } from 'kysely';

/** The documents module's tables (Kysely types); its migrations are in migrations/. */
export interface DocumentsTables {
  documents: DocumentsTable;
}

export interface DocumentsTable {
  id: Generated<number>;
  event_id: number;
  /** blue_book | outcome | case_collection | report | other */
  kind: string;
  title_zh: string;
  title_en: string;
  description_zh: string;
  description_en: string;
  /** public | guests | organisers | category:<guest category> */
  audience: string;
  /** ISO-8601 UTC; before it only organisers see the document */
  embargo_until: string | null;
  /** name of the stored file in HUIWU_FILES_DIR */
  file_key: string;
  file_name: string;
  file_size: number;
  file_sha256: string;
  media_type: string;
  download_count: number;
  uploaded_by: number | null;
  created_at: string;
  updated_at: string;
}

