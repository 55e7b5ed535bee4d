'use client';
// "Delete <item>" with a confirmation dialog (native <dialog>: modal, Esc closes, focus stays inside).
import { useEffect, useRef, useState, useTransition } from 'react';
import { createPortal } from 'react-dom';
import { usePathname, useRouter } from 'next/navigation';
import { deleteResource } from '@/app/actions/resources';
import type { DeleteResult } from '@/lib/form-state';
import { RESOURCES, capitalise, type ResourceKey } from '@/lib/resources';
import { useFlash } from './Flash';

interface Props {
  resourceKey: ResourceKey;
  id: string;
  label: string;
}

export function DeleteButton({ resourceKey, id, label }: Props) {
  const def = RESOURCES[resourceKey];
  const router = useRouter();
  const pathname = usePathname();
  const { show } = useFlash();
  const [open, setOpen] = useState(false);
  const [problem, setProblem] = useState<DeleteResult | null>(null);
  const [pending, startTransition] = useTransition();
  const openerRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const deletedRef = useRef(false);
  const titleId = `delete-${id}-title`;
  const descriptionId = `delete-${id}-description`;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (open && dialog && !dialog.open) {
      dialog.showModal();
      cancelRef.current?.focus(); // the safe choice first
    }
  }, [open]);

  function onClosed() {
    setOpen(false);
    setProblem(null);
    if (deletedRef.current) document.getElementById('page-title')?.focus();
    else openerRef.current?.focus();
  }

  function confirm() {
    startTransition(async () => {
      const result = await deleteResource(resourceKey, id);
      if (!result.ok) {
        setProblem(result);
        return;
      }
      deletedRef.current = true;
      show(`${capitalise(def.singular)} deleted`, pathname);
      dialogRef.current?.close();
      router.refresh();
    });
  }

  return (
    <>
      <button ref={openerRef} type="button" className="button button--small button--danger-quiet" onClick={() => setOpen(true)}>
        Delete<span className="sr-only"> {label}</span>
      </button>
      {open
        ? createPortal(
            <dialog
              ref={dialogRef}
              className="dialog"
              aria-labelledby={titleId}
              aria-describedby={descriptionId}
              onClose={onClosed}
              onCancel={(event) => {
                if (pending) event.preventDefault();
              }}
            >
              <h2 id={titleId} className="dialog__title">
                Delete {label}?
              </h2>
              <p id={descriptionId}>This {def.singular} will be removed from Monitrax. This cannot be undone.</p>
              {problem?.message ? (
                <p role="alert" className="notice notice--error">
                  {problem.message}
                </p>
              ) : null}
              <div className="dialog__actions">
                <button type="button" className="button button--danger" onClick={confirm} disabled={pending} aria-busy={pending || undefined}>
                  Delete
                </button>
                <button ref={cancelRef} type="button" className="button button--secondary" onClick={() => dialogRef.current?.close()} disabled={pending}>
                  Cancel
                </button>
              </div>
            </dialog>,
            document.body,
          )
        : null}
    </>
  );
}
