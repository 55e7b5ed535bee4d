// The browser's upload (the Documents screen's XMLHttpRequest, for its progress) streamed on to the API as it
// arrives: the web holds no file. The API's answer (its envelope) comes back as it is, so the page shows the API's
// own message for a refusal.
import { DOCUMENTS_PATH } from '@monitrax/contract/documents';
import { apiStream } from '@/lib/api/client';
import { readSessionToken } from '@/lib/session';

export async function POST(request: Request): Promise<Response> {
  const token = await readSessionToken();
  if (!token) {
    return Response.json(
      { success: false, data: null, error: { code: 'UNAUTHORIZED', message: 'Your session has ended: sign in again', details: null } },
      { status: 401 },
    );
  }
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const length = request.headers.get('content-length');
  try {
    const answer = await apiStream(DOCUMENTS_PATH, {
      method: 'POST',
      token,
      query,
      body: request.body,
      // The proxy does not run here (proxy.ts says why), so the client-address header is not settled: none is sent.
      clientAddress: false,
      headers: { 'content-type': 'application/octet-stream', ...(length ? { 'content-length': length } : {}) },
    });
    return new Response(answer.body, { status: answer.status, headers: { 'content-type': answer.headers.get('content-type') ?? 'application/json' } });
  } catch {
    return Response.json(
      { success: false, data: null, error: { code: 'UNAVAILABLE', message: 'The service could not be reached: try again shortly', details: null } },
      { status: 503 },
    );
  }
}
