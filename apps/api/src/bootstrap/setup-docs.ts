import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '@quorum/platform';

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
    .addTag('audit', 'Who did what, for admins');
  return SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

/** Swagger UI at /api/docs, the JSON at /api/docs-json. */
export function setupDocs(app: NestExpressApplication, config: AppConfig): void {
  const document = buildOpenApiDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    swaggerOptions: { persistAuthorization: true },
    customSiteTitle: 'Quorum API',
  });
}
