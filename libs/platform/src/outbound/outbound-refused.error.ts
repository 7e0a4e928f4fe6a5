/**
 * An outbound call the server refused to make: the URL is malformed, uses another scheme than
 * http(s), or names (or resolves to, or redirects to) an address that is not public. Never worth
 * retrying: the same URL gets the same answer until its DNS or the configuration changes.
 */
export class OutboundRefusedError extends Error {
  override readonly name = 'OutboundRefusedError';

  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`refused to call ${url}: ${reason}`);
  }
}
