// Facts about the request being served that belong on its server span (the one the http instrumentation opened for
// it, whichever middleware's span is active), such as the request id an operator finds in the logs and answers.
import { context } from '@opentelemetry/api';
import { getRPCMetadata } from '@opentelemetry/core';

export function recordOnRequestSpan(attributes: Record<string, string>): void {
  getRPCMetadata(context.active())?.span?.setAttributes(attributes);
}
