import { timingSafeEqual } from 'node:crypto';
import { ProblemException, validationFailed } from '@quorum/platform';
import { Webhook } from 'standardwebhooks';

/** How far a `webhook-timestamp` may be from our clock, either way (the Standard Webhooks default). */
export const INBOUND_TOLERANCE_SECONDS = 5 * 60;
/** The message ids we keep: what a sender's `msg_…` or UUID ids need, printable ASCII without spaces. */
const MESSAGE_ID = /^[\x21-\x7e]{1,256}$/;
const TIMESTAMP = /^\d{1,12}$/;

export interface InboundHeaders {
  'webhook-id'?: string | string[];
  'webhook-timestamp'?: string | string[];
  'webhook-signature'?: string | string[];
}

/**
 * Verifies a delivery per Standard Webhooks, signing with the `standardwebhooks` package (as the outbound webhooks
 * do): `v1,` HMAC-SHA256 of `id.timestamp.body` under the base64 key after `whsec_`, any of the space-separated
 * signatures (a sender rotating its secret signs with both), compared in constant time, the timestamp within
 * 5 minutes. Answers the message id; throws 401 problems that say what to fix, never with the secret or the expected
 * signature.
 */
export function verifyInbound(secret: string, headers: InboundHeaders, rawBody: Buffer, now = Date.now()): string {
  const id = single(headers['webhook-id']);
  const timestamp = single(headers['webhook-timestamp']);
  const signature = single(headers['webhook-signature']);
  if (!id || !timestamp || !signature)
    throw signatureInvalid('A delivery needs the webhook-id, webhook-timestamp and webhook-signature headers (Standard Webhooks).');
  if (!MESSAGE_ID.test(id))
    throw validationFailed([{ field: 'webhook-id', message: 'webhook-id must be 1-256 printable ASCII characters without spaces' }]);
  if (!TIMESTAMP.test(timestamp)) throw signatureInvalid('webhook-timestamp must be the time of sending in whole seconds since the epoch.');
  const skew = Number(timestamp) - Math.floor(now / 1000);
  if (Math.abs(skew) > INBOUND_TOLERANCE_SECONDS)
    throw new ProblemException({
      status: 401,
      slug: 'webhook-timestamp-out-of-tolerance',
      title: 'Webhook timestamp out of tolerance',
      detail: `webhook-timestamp is ${Math.abs(skew)} s ${skew < 0 ? 'in the past' : 'in the future'}; it must be within ${INBOUND_TOLERANCE_SECONDS} s of the receiver's clock (sign each attempt with its own time, and check the sender's clock).`,
    });
  // The package's own sign (as the outbound webhooks use it) makes the expected value; each given one is compared in
  // constant time. Its verify() is not used: it reads the clock itself, and the tolerance above is ours to report.
  const expected = Buffer.from(new Webhook(secret).sign(id, new Date(Number(timestamp) * 1000), rawBody).slice('v1,'.length));
  const matches = signature.split(' ').some((entry) => {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') return false;
    const given = Buffer.from(entry.slice(comma + 1));
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches)
    throw signatureInvalid(
      "No signature in webhook-signature matches: each is `v1,` and the base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}` keyed with the base64-decoded part of the source's secret after `whsec_`, over the exact bytes sent.",
    );
  return id;
}

export function signatureInvalid(detail: string): ProblemException {
  return new ProblemException({ status: 401, slug: 'webhook-signature-invalid', title: 'Webhook signature invalid', detail });
}

function single(value: string | string[] | undefined): string | undefined {
  // Node joins repeated custom headers with ", "; an array only comes from a few known ones. Either way: not ours.
  return typeof value === 'string' ? value.trim() : undefined;
}
