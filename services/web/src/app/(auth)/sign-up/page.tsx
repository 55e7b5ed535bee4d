import type { Metadata } from 'next';
import Link from 'next/link';
import { SignUpForm } from '@/components/AuthForms';

export const metadata: Metadata = { title: 'Create your account' };

export default function SignUpPage() {
  return (
    <>
      <h1>Create your account</h1>
      <SignUpForm />
      <p className="card__footer">
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </>
  );
}
