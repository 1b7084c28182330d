import { z } from 'zod';
import { Bilingual, Instant } from '../../platform/schema.js';

export const DOCUMENT_KINDS = ['blue_book', 'outcome', 'case_collection', 'report', 'other'] as const;
export const DocumentKind = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof DocumentKind>;

/**
 * Who may see a document: everyone, the event's guests, only organisers, or the guests of one category
 * (`category:vip`; the prefix keeps a category named "guests" apart from the keyword). Organisers see all.
 */
export const Audience = z.union([z.enum(['public', 'guests', 'organisers']), z.string().regex(/^category:[a-z0-9][a-z0-9_-]{0,39}$/)]);
export type Audience = z.infer<typeof Audience>;

const Title = z.string().trim().min(1).max(300);
const Description = z.string().max(5000);

/** The text fields of an upload (multipart/form-data); the PDF itself travels as the part named `file`. */
export const UploadFields = z
  .object({
    title_zh: Title,
    title_en: Title,
    description_zh: Description.default(''),
    description_en: Description.default(''),
    kind: DocumentKind,
    audience: Audience,
    // an HTML form sends an empty field for "no embargo"
    embargoUntil: z.union([z.literal('').transform(() => undefined), Instant]).optional(),
  })
  .strict();
export type UploadFields = z.infer<typeof UploadFields>;

/** The whole form as the OpenAPI document shows it; the route reads and checks the parts itself, as they stream. */
export const UploadForm = UploadFields.extend({ file: z.any().meta({ type: 'string', format: 'binary', description: 'the PDF' }) });

export const DocumentPatch = z
  .object({
    title: z.object({ zh: Title, en: Title }).strict(),
    description: Bilingual(5000).strict(),
    kind: DocumentKind,
    audience: Audience,
    embargoUntil: Instant.nullable(),
    fileName: z.string().trim().min(1).max(200),
  })
  .partial()
  .strict();
export type DocumentPatch = z.infer<typeof DocumentPatch>;

export const DocumentView = z.object({
  id: z.number().int(),
  kind: DocumentKind,
  title: Bilingual(),
  description: Bilingual(5000),
  audience: z.string(),
  embargoUntil: z.string().nullable(),
  file: z.object({ name: z.string(), size: z.number().int(), sha256: z.string(), mediaType: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** only organisers see how often a document was downloaded */
  downloadCount: z.number().int().optional(),
});
export type DocumentView = z.infer<typeof DocumentView>;
