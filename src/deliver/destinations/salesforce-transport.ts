/**
 * jsforce's transport, remembering the last raw response, since jsforce's errors carry no status or
 * headers. Its own module so jsforce is imported at the first Salesforce send, not at start-up.
 */
import { Transport } from 'jsforce/lib/transport.js';
import type { HttpRequest, HttpRequestOptions, HttpResponse } from 'jsforce/lib/types/index.js';

export class RecordingTransport extends Transport {
  last: HttpResponse | null = null;
  override httpRequest(request: HttpRequest, options?: HttpRequestOptions) {
    const pending = super.httpRequest(request, options);
    pending.then(
      (response) => {
        this.last = response;
      },
      () => {},
    );
    return pending;
  }
}
