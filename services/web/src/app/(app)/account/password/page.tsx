import type { Metadata } from 'next';
import { ChangePasswordForm } from '@/components/AuthForms';

export const metadata: Metadata = { title: 'Change password' };

export default function ChangePasswordPage() {
  return (
    <>
      <h1>Change password</h1>
      <p>Changing your password signs out every other browser and device; this one stays signed in.</p>
      <ChangePasswordForm />
    </>
  );
}
