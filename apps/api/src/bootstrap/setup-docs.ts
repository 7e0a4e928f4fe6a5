import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { type AppConfig, PUBLIC_EXTENSION } from '@quorum/platform';

export const BEARER_AUTH = 'bearer';

export function buildOpenApiDocument(app: NestExpressApplication, config: AppConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Quorum API')
    .setDescription(
      'Meeting intelligence for teams. Every error is an RFC 9457 `application/problem+json` document; see docs/errors.md. ' +
        'Authenticate with `Authorization: Bearer <access token>`.',
    )
    .setVersion(config.version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_AUTH)
    .addTag('health', 'Liveness, readiness and a detailed report')
    .addTag('service', 'What this service is')
    .addTag('auth', 'Accounts, tokens and sessions')
    .addTag('tenants', 'The current tenant, its members, invitations and IP allowlist')
    .addTag('audit', 'Who did what, for admins')
    .addTag('action-items', 'Action items from meetings: assignees, due dates, priority and status')
    .addTag('meetings', 'Meetings, their transcripts and search')
    .addTag('analytics', 'Dashboards over meetings and action items')
    .addTag('ai', 'AI providers per task, their health, and usage and cost')
    .addTag('notifications', 'Your notifications, live over Socket.IO, and how you receive them')
    .addTag('webhooks', 'Signed HTTP callbacks to your systems when things happen (admins)');
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  return documentSecurity(document);
}

/**
 * Routes are secured unless @Public(), so the document says the same without
 * every controller having to remember @ApiBearerAuth: each operation needs the
 * bearer token, except those @Public() marked.
 */
function documentSecurity(document: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(document.paths)) {
    // A path item also holds non-operation members (parameters, summary); only operations have responses.
    for (const operation of Object.values(item) as unknown[]) {
      if (!isOperation(operation)) continue;
      const isPublic = operation[PUBLIC_EXTENSION] === true;
      delete operation[PUBLIC_EXTENSION];
      operation.security = isPublic ? [] : [{ [BEARER_AUTH]: [] }];
    }
  }
  return document;
}

/**
 * Swagger UI at /api/docs, the JSON at /api/docs-json. The document is built on its first request (and kept):
 * walking every controller and DTO takes a few hundred milliseconds of start-up that most processes never need.
 */
export function setupDocs(app: NestExpressApplication, config: AppConfig): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app, config), {
    jsonDocumentUrl: 'api/docs-json',
    swaggerOptions: { persistAuthorization: true },
    customSiteTitle: 'Quorum API',
  });
}

function isOperation(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && 'responses' in value;
}
