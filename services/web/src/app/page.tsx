import { redirect } from 'next/navigation';
import { readSessionToken } from '@/lib/session';
import { HOME_PATH, SIGN_IN_PATH } from '@/lib/session-rules';

export default async function Home() {
  redirect((await readSessionToken()) ? HOME_PATH : SIGN_IN_PATH);
}
