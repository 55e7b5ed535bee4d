'use client';
// Upload by file picker or by dropping files on the box, one request per file with its progress (XMLHttpRequest:
// fetch reports no upload progress), to the web's /documents/upload, which streams it to the API. Each refusal is
// said plainly, in the API's own words (too large, over the quota, a type that is not taken). A file larger than one
// document may be, or than the room left, is refused here before a byte is sent, in the same words; the API still
// decides (the room may have changed since the page loaded).
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import {
  DOCUMENT_NAME_PARAM,
  DOCUMENT_UPLOAD_HEADER,
  DOCUMENT_PICKER_ACCEPT,
  DOCUMENT_TYPES_SENTENCE,
  type DocumentLinkField,
  type DocumentUsage,
  documentQuotaMessage,
  documentTooLargeMessage,
  formatBytes,
} from '@monitrax/contract/documents';

export const UPLOAD_PATH = '/documents/upload';

interface Progress {
  name: string;
  sent: number;
  total: number;
  state: 'sending' | 'done' | 'refused';
  message?: string;
}

function send(
  file: File,
  link: { field: DocumentLinkField; id: string } | undefined,
  onProgress: (sent: number) => void,
): Promise<{ ok: boolean; message: string }> {
  const query = new URLSearchParams({ [DOCUMENT_NAME_PARAM]: file.name, ...(link ? { [link.field]: link.id } : {}) });
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${UPLOAD_PATH}?${query}`);
    xhr.setRequestHeader(DOCUMENT_UPLOAD_HEADER, '1');
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      let message = `Uploaded ${file.name}`;
      let ok = xhr.status === 201;
      try {
        const envelope = JSON.parse(xhr.responseText) as { error?: { message?: string } | null };
        if (!ok) message = envelope.error?.message ?? `The upload failed (${xhr.status})`;
      } catch {
        ok = false;
        message = `The upload failed (${xhr.status})`;
      }
      resolve({ ok, message });
    };
    xhr.onerror = () => resolve({ ok: false, message: 'The upload was cut off: check your connection and try again' });
    xhr.send(file);
  });
}

/** Why `file` cannot be taken, before sending it, or undefined when only the API can tell. */
function refusalBeforeSending(file: File, usage: DocumentUsage, usedBytes: number): string | undefined {
  if (file.size > usage.maxBytes) return documentTooLargeMessage(usage.maxBytes);
  if (usedBytes + file.size > usage.quotaBytes) return documentQuotaMessage(file.size, usedBytes, usage.quotaBytes);
  return undefined;
}

export function DocumentUploader({ link, label, usage }: { link?: { field: DocumentLinkField; id: string }; label: string; usage?: DocumentUsage }) {
  const router = useRouter();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [uploads, setUploads] = useState<Progress[]>([]);
  const nextIndex = useRef(0);
  // What this page has added since `usage` was read, so a second file is checked against the room the first one left
  // (a refresh brings a new reading, which counts them itself).
  const added = useRef({ since: usage?.usedBytes, bytes: 0 });
  // Until this component has hydrated, a file chosen would go nowhere: the picker stays off until then.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  async function upload(files: FileList | File[]) {
    if (added.current.since !== usage?.usedBytes) added.current = { since: usage?.usedBytes, bytes: 0 };
    for (const file of Array.from(files)) {
      const index = nextIndex.current;
      nextIndex.current += 1;
      setUploads((all) => [...all, { name: file.name, sent: 0, total: file.size, state: 'sending' }]);
      const update = (change: Partial<Progress>) => setUploads((all) => all.map((item, at) => (at === index ? { ...item, ...change } : item)));
      const refusal = usage ? refusalBeforeSending(file, usage, usage.usedBytes + added.current.bytes) : undefined;
      if (refusal) {
        update({ state: 'refused', message: refusal });
        continue;
      }
      const result = await send(file, link, (sent) => update({ sent }));
      if (result.ok) added.current.bytes += file.size;
      update({ state: result.ok ? 'done' : 'refused', sent: result.ok ? file.size : 0, message: result.message });
    }
    router.refresh();
  }

  return (
    <section className="uploader" aria-label={label}>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping files is a pointer shortcut; the file input inside is the way for everyone */}
      <div
        className={`dropzone${dragging ? ' dropzone--active' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          if (event.dataTransfer.files.length > 0) void upload(event.dataTransfer.files);
        }}
      >
        <label htmlFor={inputId}>Add documents</label>
        <input
          ref={inputRef}
          id={inputId}
          type="file"
          multiple
          accept={DOCUMENT_PICKER_ACCEPT}
          disabled={!ready}
          onChange={(event) => {
            if (event.target.files && event.target.files.length > 0) void upload(event.target.files);
            event.target.value = '';
          }}
        />
        <p className="field__hint">Choose files or drop them here: {DOCUMENT_TYPES_SENTENCE}.</p>
      </div>
      {uploads.length > 0 ? (
        <ul className="uploads">
          {uploads.map((item, index) => (
            <li key={index}>
              <span>{item.name}</span>{' '}
              {item.state === 'sending' ? (
                <progress max={item.total || 1} value={item.sent} aria-label={`Uploading ${item.name}`}>
                  {formatBytes(item.sent)} of {formatBytes(item.total)}
                </progress>
              ) : item.state === 'done' ? (
                <span role="status">{item.message}</span>
              ) : (
                <span role="alert" className="notice notice--error">
                  {item.message}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
