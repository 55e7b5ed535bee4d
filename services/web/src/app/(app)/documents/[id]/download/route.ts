// A document's bytes streamed from the API to the browser with the API's own headers: an attachment, its sniffed
// type, nosniff and a CSP that allows nothing, so a file can never render as a page of this origin.
import { documentContentPath } from '@monitrax/contract/documents';
import { apiStream } from '@/lib/api/client';
import { isId } from '@/lib/resources';
import { readSessionToken } from '@/lib/session';
import { signInPathFor } from '@/lib/session-rules';

const PASSED_ON = ['content-type', 'content-length', 'content-disposition', 'x-content-type-options', 'content-security-policy', 'cache-control'];

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  const token = await readSessionToken();
  const returnTo = new URL(request.url).pathname;
  if (!token) return Response.redirect(new URL(signInPathFor(returnTo), request.url), 303);
  if (!isId(id)) return new Response('No document with this id', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  let answer: Response;
  try {
    answer = await apiStream(documentContentPath(id), { method: 'GET', token });
  } catch {
    return new Response('The service could not be reached: try again shortly', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  if (answer.status === 401) return Response.redirect(new URL(signInPathFor(returnTo), request.url), 303);
  if (answer.status !== 200) {
    await answer.body?.cancel();
    const message = answer.status === 404 ? 'No document with this id: it may have been deleted' : 'The document could not be fetched whole; it was not sent';
    return new Response(message, { status: answer.status === 404 ? 404 : 502, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const headers = new Headers();
  for (const name of PASSED_ON) {
    const value = answer.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(answer.body, { status: 200, headers });
}
