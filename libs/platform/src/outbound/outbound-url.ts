import { OutboundRefusedError } from './outbound-refused.error';

/** Longest URL an outbound call accepts. */
export const OUTBOUND_URL_MAX_LENGTH = 2048;

/**
 * Parses a URL the server is asked to call, by the WHATWG rules a client would use: they also turn
 * the numeric host tricks (`2130706433`, `0x7f.1`, `0177.0.0.1`) into the dotted address they mean,
 * which the address policy then judges. Only http and https, without credentials in the URL.
 */
export function parseOutboundUrl(raw: string): URL {
  if (raw.length > OUTBOUND_URL_MAX_LENGTH)
    throw new OutboundRefusedError(raw.slice(0, 100) + '…', `longer than ${OUTBOUND_URL_MAX_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefusedError(raw, 'not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefusedError(raw, 'only http and https URLs are called');
  if (url.username || url.password) throw new OutboundRefusedError(raw, 'credentials in the URL are not accepted');
  if (!url.hostname) throw new OutboundRefusedError(raw, 'no host');
  return url;
}
