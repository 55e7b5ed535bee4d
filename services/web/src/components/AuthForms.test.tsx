// @vitest-environment happy-dom
// The password form, in a DOM: its three labelled fields, the API's message next to the current password with focus
// on it, and the notice once the password changed (the server action is replaced: what is tested is the form).
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PASSWORD_MIN_LENGTH } from '@monitrax/contract/auth';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FormState } from '@/lib/form-state';
import { ChangePasswordForm } from './AuthForms';

const { changePassword } = vi.hoisted(() => ({ changePassword: vi.fn<(previous: FormState, data: FormData) => Promise<FormState>>() }));
vi.mock('@/app/actions/auth', () => ({
  changePasswordAction: (previous: FormState, data: FormData) => changePassword(previous, data),
  signIn: vi.fn(),
  signUp: vi.fn(),
  confirmEmail: vi.fn(),
}));

const answer = (previous: FormState, change: Partial<FormState>): FormState => ({ ...previous, attempt: previous.attempt + 1, ...change });

beforeEach(() => {
  changePassword.mockReset();
});
afterEach(cleanup);

describe('the password form', () => {
  it('asks for the current password and the new one twice, stating the real minimum', () => {
    render(<ChangePasswordForm />);
    for (const label of ['Current password', 'New password', 'New password again']) {
      expect((screen.getByLabelText(label) as HTMLInputElement).type).toBe('password');
    }
    expect(screen.getByText(`At least ${PASSWORD_MIN_LENGTH} characters`)).toBeTruthy();
  });

  it('shows a wrong current password next to that field, focuses it, and sends nothing back into the fields', async () => {
    changePassword.mockImplementation(async (previous) =>
      answer(previous, { ok: false, fieldErrors: { currentPassword: 'is not your current password' }, formError: 'The current password is incorrect' }),
    );
    render(<ChangePasswordForm />);
    await userEvent.type(screen.getByLabelText('Current password'), 'not-my-password');
    await userEvent.type(screen.getByLabelText('New password'), 'a long new passphrase');
    await userEvent.type(screen.getByLabelText('New password again'), 'a long new passphrase');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));

    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('The current password is incorrect'));
    const current = screen.getByLabelText('Current password') as HTMLInputElement;
    expect(current.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('is not your current password')).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(current));
    expect(current.value).toBe('');
    const sent = changePassword.mock.calls[0]![1];
    expect([sent.get('currentPassword'), sent.get('newPassword'), sent.get('confirmPassword')]).toEqual([
      'not-my-password',
      'a long new passphrase',
      'a long new passphrase',
    ]);
  });

  it('says when the password has changed', async () => {
    changePassword.mockImplementation(async (previous) => answer(previous, { ok: true, notice: 'Password changed. Every other browser has been signed out.' }));
    render(<ChangePasswordForm />);
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Password changed. Every other browser has been signed out.'));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
