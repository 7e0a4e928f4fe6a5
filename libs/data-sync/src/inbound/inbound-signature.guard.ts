import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { notFound, ProblemException, validationFailed } from '@quorum/platform';
import { isUUID } from 'class-validator';
import type { Request } from 'express';
import { SecretBox } from '../secrets/secret-box';
import { InboundMessagesRepository, type InboundSource } from './inbound-messages.repository';
import { type InboundHeaders, signatureInvalid, verifyInbound } from './inbound-signature';

/** What the guard leaves on the request for the handler: the verified source and message id. */
export interface VerifiedInbound {
  source: InboundSource;
  messageId: string;
}

export type InboundRequest = Request & { inbound?: VerifiedInbound };

/**
 * The authentication of `POST /sync/inbound/{sourceId}` (a public route: no token, the signature is the proof).
 * Finds the source in any tenant (404 when it is unknown, disabled or not a webhook source), verifies the Standard
 * Webhooks signature over the raw body (kept as a Buffer by the route's own body parser), and only then parses the
 * JSON into `req.body`, so the validation pipe sees it as on any route. A guard runs before pipes: nothing of an
 * unauthenticated body is validated or echoed.
 */
@Injectable()
export class InboundSignatureGuard implements CanActivate {
  private readonly logger = new Logger('DataSync');

  constructor(
    private readonly messages: InboundMessagesRepository,
    private readonly secrets: SecretBox,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<InboundRequest>();
    const param: unknown = req.params.sourceId;
    const id = typeof param === 'string' ? param : '';
    if (!isUUID(id))
      throw validationFailed([{ field: 'sourceId', message: 'sourceId must be a UUID' }], 'Path parameter "sourceId" must be a UUID.');
    const source = await this.messages.findSource(id);
    if (!source || !source.enabled || source.kind !== 'webhook') throw notFound(`Sync source ${id} was not found.`);
    const secret = this.secretOf(source);
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const messageId = verifyInbound(secret, req.headers as InboundHeaders, raw);
    req.body = parseJson(raw);
    req.inbound = { source, messageId };
    return true;
  }

  private secretOf(source: InboundSource): string {
    try {
      const secret = this.secrets.openCredentials(source)?.secret;
      if (typeof secret === 'string' && secret) return secret;
    } catch (error) {
      this.logger.warn(
        { sourceId: source.id, reason: (error as Error).message },
        'an inbound webhook source has unreadable credentials: save its secret again',
      );
    }
    // Nothing to verify against, so nothing verifies; the sender is told no more than for a wrong signature.
    throw signatureInvalid('The signature cannot be verified for this source.');
  }
}

/** The verified body as JSON: a JSON object, else 400 as the app's JSON parser answers. */
function parseJson(raw: Buffer): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ProblemException({ status: 400, slug: 'malformed-json', detail: 'The request body is not valid JSON.' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw validationFailed([{ field: '', message: 'the body must be a JSON object with type and data' }]);
  return parsed;
}
