// @vitest-environment happy-dom
// The add/edit form of every resource, in a DOM: its fields come from the contract (labels from the web), the API's
// field messages land next to their fields with focus on the first one, and a saved row takes the person to the
// list with "<Singular> saved". The server action and Next's router are replaced: what is tested is the form.
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fieldsOf } from '@monitrax/contract/resource-fields';
import type { ActionResult } from '@/lib/form-state';
import { RESOURCES } from '@/lib/resources';
import { FlashProvider, FlashRegion } from './Flash';
import { ResourceForm } from './ResourceForm';

const { router, saveResource } = vi.hoisted(() => ({
  router: { push: vi.fn(), refresh: vi.fn() },
  saveResource: vi.fn<(key: string, id: string | null, data: FormData) => Promise<ActionResult>>(),
}));
vi.mock('next/navigation', () => ({ useRouter: () => router, usePathname: () => '/loans/new' }));
vi.mock('next/link', () => ({
  default: ({ href, children, ...rest }: { href: string; children: ReactNode }) => (
    <a href={href} {...rest}>
      {children}
    </a>
  ),
}));
vi.mock('@/app/actions/resources', () => ({ saveResource, deleteResource: vi.fn() }));

const loans = RESOURCES.loans;
const properties = [
  { value: '11111111-1111-4111-8111-111111111111', label: 'Family home' },
  { value: '22222222-2222-4222-8222-222222222222', label: 'Unit 4' },
];

function renderForm() {
  return render(
    <FlashProvider>
      <FlashRegion />
      <ResourceForm resourceKey="loans" itemId={null} initialValues={{}} linkOptions={{ propertyId: properties }} />
    </FlashProvider>,
  );
}

beforeEach(() => {
  saveResource.mockReset();
  router.push.mockReset();
});
afterEach(cleanup);

describe('the resource form', () => {
  it("shows one labelled control per field the API accepts, in the contract's order; choices and links as selects", () => {
    renderForm();
    const labels = fieldsOf('loans').map(([name]) => loans.fields.find((field) => field.name === name)!.label);
    for (const label of labels) expect(screen.getByLabelText(label)).toBeTruthy();
    const frequency = screen.getByLabelText('Repayment frequency') as HTMLSelectElement;
    expect([...frequency.options].map((option) => option.value)).toEqual(['WEEKLY', 'FORTNIGHTLY', 'MONTHLY']);
    const property = screen.getByLabelText('Property') as HTMLSelectElement;
    expect([...property.options].map((option) => option.text)).toEqual(['None', 'Family home', 'Unit 4']);
    expect(property.getAttribute('aria-required')).toBeNull(); // a link may stay empty
    expect(screen.getByLabelText('Lender').getAttribute('aria-required')).toBe('true');
    expect(screen.getByText('Per year, e.g. 6.14')).toBeTruthy();
  });

  it("puts the API's messages next to their fields, says how many, and moves focus to the first one", async () => {
    saveResource.mockResolvedValue({
      ok: false,
      values: { lender: '', interestRate: '120' },
      fieldErrors: { lender: 'is required', interestRate: 'must be at most 100' },
      formError: null,
      requestId: null,
    });
    renderForm();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Please correct the 2 highlighted fields.'));
    const lender = screen.getByLabelText('Lender');
    expect(lender.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(lender.getAttribute('aria-describedby')!)?.textContent).toBe('is required');
    expect((screen.getByLabelText('Interest rate (%)') as HTMLInputElement).value).toBe('120');
    await waitFor(() => expect(document.activeElement).toBe(lender));
    expect(router.push).not.toHaveBeenCalled();
  });

  it('sends what the person typed, and once saved opens the list with "Loan saved"', async () => {
    saveResource.mockResolvedValue({ ok: true, values: {}, fieldErrors: {}, formError: null, requestId: null });
    renderForm();
    await userEvent.type(screen.getByLabelText('Lender'), 'Bank of Melbourne');
    await userEvent.selectOptions(screen.getByLabelText('Property'), 'Unit 4');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(router.push).toHaveBeenCalledWith('/loans'));
    const [key, id, data] = saveResource.mock.calls[0]!;
    expect([key, id]).toEqual(['loans', null]);
    expect(data.get('lender')).toBe('Bank of Melbourne');
    expect(data.get('propertyId')).toBe(properties[1]!.value);
    expect(screen.getByRole('status').textContent).toBe('Loan saved');
  });

  it("shows a problem that is not one field's as the form's alert, with the request's reference", async () => {
    saveResource.mockResolvedValue({ ok: false, values: {}, fieldErrors: {}, formError: 'The service is unavailable', requestId: 'req-42' });
    renderForm();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The service is unavailable'));
    expect(screen.getByText('Reference: req-42')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('alert')));
  });
});
