// Documents a user keeps (contracts, statements, receipts): where the endpoints live, what may be uploaded, how big,
// and what the API answers with. No zod here: the web's client code (the upload form) imports this; the input
// schemas are in document-inputs.ts.
import type { ResourceKey } from './resource-fields.ts';

export const DOCUMENTS_PATH = '/api/documents';
export const documentPath = (id: string) => `${DOCUMENTS_PATH}/${id}`;
export const documentContentPath = (id: string) => `${DOCUMENTS_PATH}/${id}/content`;

/** The records a document may be attached to (at most one), by the field that names it. */
export const DOCUMENT_LINKS = { propertyId: 'properties', loanId: 'loans', accountId: 'accounts', expenseId: 'expenses' } as const satisfies Record<
  string,
  ResourceKey
>;
export type DocumentLinkField = keyof typeof DOCUMENT_LINKS;
export const DOCUMENT_LINK_FIELDS = Object.keys(DOCUMENT_LINKS) as DocumentLinkField[];

/**
 * What may be uploaded, by the type the bytes themselves show (sniffed by the API, whatever the browser claims), and
 * how each is named to a person. Text formats (CSV, plain text) have no signature to sniff and are not taken.
 */
export const DOCUMENT_TYPES = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'image/webp': 'WebP image',
  'image/gif': 'GIF image',
  'image/heic': 'HEIC image',
  'image/heif': 'HEIF image',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel workbook',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint presentation',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
} as const;
export type DocumentType = keyof typeof DOCUMENT_TYPES;
export const isDocumentType = (type: string): type is DocumentType => Object.hasOwn(DOCUMENT_TYPES, type);

/** What the file picker offers (the API decides from the bytes). */
export const DOCUMENT_PICKER_ACCEPT = '.pdf,.png,.jpg,.jpeg,.webp,.gif,.heic,.heif,.docx,.xlsx,.pptx,.odt,.ods';
export const DOCUMENT_TYPES_SENTENCE = 'PDF, PNG, JPEG, WebP, GIF, HEIC or HEIF images, Word, Excel or PowerPoint files, or OpenDocument text and spreadsheets';

export const DOCUMENT_NAME_MAX = 200;
/** Defaults of the API's DOCUMENT_MAX_BYTES and DOCUMENT_QUOTA_BYTES. */
export const DEFAULT_DOCUMENT_MAX_BYTES = 25 * 1024 * 1024;
export const DEFAULT_DOCUMENT_QUOTA_BYTES = 500 * 1024 * 1024;

/** What the web's upload route requires of a request (its own Documents screen's script sends it; a form on another
 * site cannot, nor a no-cors fetch). */
export const DOCUMENT_UPLOAD_HEADER = 'x-monitrax-upload';

/** The ?name= of an upload, and the link fields beside it. */
export const DOCUMENT_NAME_PARAM = 'name';

export interface DocumentSummary {
  id: string;
  name: string;
  contentType: DocumentType;
  size: number;
  sha256: string;
  propertyId: string | null;
  loanId: string | null;
  accountId: string | null;
  expenseId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** How much room a user's documents have: the list of documents carries it (meta.documentUsage), so the web can
 * refuse a file before sending it, in the words the API would use. */
export interface DocumentUsage {
  usedBytes: number;
  quotaBytes: number;
  /** The most one document may be (DOCUMENT_MAX_BYTES). */
  maxBytes: number;
}

/** What the API says, and the web says first, when a file is larger than one document may be. */
export const documentTooLargeMessage = (maxBytes: number) => `The file is larger than ${formatBytes(maxBytes)}, the most one document may be`;

/** ... when a file would take a user's documents past their quota. */
export const documentQuotaMessage = (adding: number, usedBytes: number, quotaBytes: number) =>
  `This file (${formatBytes(adding)}) would take your documents past your ${formatBytes(quotaBytes)}: ${formatBytes(usedBytes)} is in use. Delete some first.`;

/** "1.2 MB": sizes as people read them (decimal units, as file managers and browsers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
