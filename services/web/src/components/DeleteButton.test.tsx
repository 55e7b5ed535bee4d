// @vitest-environment happy-dom
// "Delete <item>" with its confirmation, in a DOM: a modal dialog that starts on the safe choice, gives focus back
// when cancelled, and deletes only when confirmed (the server action is replaced: what is tested is the dialog).
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeleteResult } from '@/lib/form-state';
import { DeleteButton } from './DeleteButton';
import { FlashProvider, FlashRegion } from './Flash';

const { router, deleteResource } = vi.hoisted(() => ({
  router: { push: vi.fn(), refresh: vi.fn() },
  deleteResource: vi.fn<(key: string, id: string) => Promise<DeleteResult>>(),
}));
vi.mock('next/navigation', () => ({ useRouter: () => router, usePathname: () => '/properties' }));
vi.mock('@/app/actions/resources', () => ({ deleteResource, saveResource: vi.fn() }));

const ID = '11111111-1111-4111-8111-111111111111';

function renderButton() {
  return render(
    <FlashProvider>
      <FlashRegion />
      <h1 id="page-title" tabIndex={-1}>
        Properties
      </h1>
      <DeleteButton resourceKey="properties" id={ID} label="Family home" />
    </FlashProvider>,
  );
}

beforeEach(() => {
  deleteResource.mockReset();
  router.refresh.mockReset();
});
afterEach(cleanup);

describe('the delete confirmation', () => {
  it('opens a modal dialog named for the item, on Cancel; Cancel closes it and returns focus to the button', async () => {
    renderButton();
    const opener = screen.getByRole('button', { name: 'Delete Family home' });
    await userEvent.click(opener);

    const dialog = screen.getByRole('dialog', { name: 'Delete Family home?' }) as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(dialog.textContent).toContain('This property will be removed from Monitrax. This cannot be undone.');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));

    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(opener);
    expect(deleteResource).not.toHaveBeenCalled();
  });

  it('deletes when confirmed: the list refreshes, "Property deleted" is said, focus goes to the page title', async () => {
    deleteResource.mockResolvedValue({ ok: true, message: null, requestId: null });
    renderButton();
    await userEvent.click(screen.getByRole('button', { name: 'Delete Family home' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(deleteResource).toHaveBeenCalledWith('properties', ID);
    expect(router.refresh).toHaveBeenCalled();
    expect(screen.getByRole('status').textContent).toBe('Property deleted');
    expect(document.activeElement).toBe(document.getElementById('page-title'));
  });

  it("keeps the dialog open with the API's message when the delete is refused", async () => {
    deleteResource.mockResolvedValue({ ok: false, message: 'The service is unavailable', requestId: 'req-7' });
    renderButton();
    await userEvent.click(screen.getByRole('button', { name: 'Delete Family home' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));

    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The service is unavailable'));
    expect((screen.getByRole('dialog') as HTMLDialogElement).open).toBe(true);
    expect(router.refresh).not.toHaveBeenCalled();
  });
});
