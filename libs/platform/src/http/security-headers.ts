import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';
import { headersOnce } from './headers-once';

/** helmet's defaults, with a Content-Security-Policy that lets Swagger UI work. */
export const SECURITY_HEADER_OPTIONS: HelmetOptions = {
  // Swagger UI loads its own scripts and styles from /api/docs.
  // TLS is terminated in front of us; upgrade-insecure-requests would break Swagger UI served over plain HTTP in development.
  contentSecurityPolicy: {
    directives: {
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'upgrade-insecure-requests': null,
    },
  },
};

/** Every response's security headers: helmet's, worked out once at start-up since none depends on the request. */
export function securityHeaders(): RequestHandler {
  return headersOnce(helmet(SECURITY_HEADER_OPTIONS));
}
