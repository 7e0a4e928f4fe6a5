import type { IncomingMessage } from 'node:http';

/** Express's compiled `trust proxy` setting (`app.get('trust proxy fn')`). */
export type TrustFn = (address: string, hop: number) => boolean;

/**
 * The client's address as Express's `req.ip` would give it for the same
 * request, so the IP allowlist judges a socket exactly as it judges REST:
 * walk X-Forwarded-For from the nearest hop while each hop is trusted.
 */
export function clientAddress(request: Pick<IncomingMessage, 'headers' | 'socket'>, trust: TrustFn | undefined): string | undefined {
  const socketAddress = request.socket.remoteAddress;
  if (!trust || socketAddress === undefined) return socketAddress;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .reverse();
  const chain = [socketAddress, ...forwarded];
  let hop = 0;
  while (hop < chain.length - 1 && trust(chain[hop], hop)) hop++;
  return chain[hop];
}
