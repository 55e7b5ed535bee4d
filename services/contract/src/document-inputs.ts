// What the document endpoints accept (the API validates with these). Names are cleaned here, once: control and
// bidirectional-override characters, path separators and surrounding space go, so a name can never say
// "invoice\u202Efdp.exe", climb a folder, or break the Content-Disposition header it is sent back in.
import { z } from 'zod';
import { DOCUMENT_LINK_FIELDS, DOCUMENT_NAME_MAX, DOCUMENT_NAME_PARAM, type DocumentLinkField } from './documents.ts';
import { optionalLink } from './fields.ts';
import { listQuery } from './list-query.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff/\\]/g;

/** A file name as kept and shown: unsafe characters replaced, trimmed, at most DOCUMENT_NAME_MAX characters. */
export const documentName = z
  .string({ error: 'must be text' })
  .transform((name) => name.normalize('NFC').replace(UNSAFE_IN_NAMES, '_').replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'is required').max(DOCUMENT_NAME_MAX, `must be at most ${DOCUMENT_NAME_MAX} characters`));

const links = Object.fromEntries(DOCUMENT_LINK_FIELDS.map((field) => [field, optionalLink])) as Record<DocumentLinkField, typeof optionalLink>;
const atMostOneLink = (value: Partial<Record<DocumentLinkField, string | null | undefined>>) =>
  DOCUMENT_LINK_FIELDS.filter((field) => value[field] !== undefined && value[field] !== null).length <= 1;
const ONE_LINK = { message: 'a document is attached to at most one record', path: [DOCUMENT_LINK_FIELDS.join(',')] };

/** POST /api/documents?name=&propertyId=...: the bytes are the body. */
export const uploadQuery = z.strictObject({ [DOCUMENT_NAME_PARAM]: documentName, ...links }).refine(atMostOneLink, ONE_LINK);

/** GET /api/documents: a page, optionally only those attached to one record. */
export const documentListQuery = listQuery.extend(links).refine(atMostOneLink, ONE_LINK);

/** PATCH /api/documents/:id: a new name and/or what it is attached to (null detaches). */
export const documentUpdateInput = z
  .strictObject({ name: documentName.optional(), ...links })
  .refine((value) => Object.values(value).some((field) => field !== undefined), { message: 'nothing to change' })
  .refine(atMostOneLink, ONE_LINK);
