import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { type AppConfig, BODY_BY_MEDIA_TYPE_EXTENSION, PUBLIC_EXTENSION } from '@quorum/platform';

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
  return documentProblems(documentSecurity(documentBodiesByMediaType(document)));
}

/** The problems the global pipeline (guards, pipes, filters) may answer on a route, described once for all of them. */
const COMMON_PROBLEMS = {
  ValidationFailed: 'A parameter or the body is invalid (`validation-failed`, with `errors` naming each field), or malformed.',
  Unauthorized: 'No access token, or one that is invalid, expired or of a session that ended (`code` says which).',
  Forbidden: "Your role does not allow this, or the tenant's IP allowlist does not include your address.",
  TooManyRequests: 'Over the rate limit (`THROTTLE_LIMIT` per `THROTTLE_TTL_MS`); try again after `Retry-After` seconds.',
  UnexpectedProblem:
    'Anything else: 503 when the server is overloaded or a dependency is down (with `Retry-After`), 500 for a fault of ours.',
} as const;

/**
 * Every error is `application/problem+json` (docs/errors.md): the problems a route declares itself (a 404, a 409) are
 * moved to that media type, and the ones the global pipeline may answer anywhere are added where they apply, from
 * shared `components.responses`: 400 where the route takes parameters or a body, 401 and 403 unless it is public, 429
 * under /api (the rest is not rate-limited), and `default` for the 5xx.
 */
function documentProblems(document: OpenAPIObject): OpenAPIObject {
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  document.components ??= {};
  document.components.responses = {
    ...document.components.responses,
    ...Object.fromEntries(Object.entries(COMMON_PROBLEMS).map(([name, description]) => [name, { description, content: problem }])),
  };
  const retryAfter = { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } };
  Object.assign(document.components.responses.TooManyRequests, { headers: retryAfter });
  const ref = (name: keyof typeof COMMON_PROBLEMS) => ({ $ref: `#/components/responses/${name}` });
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as unknown[]) {
      if (!isOperation(operation)) continue;
      const responses = operation.responses as Record<string, { content?: Record<string, unknown>; $ref?: string } | undefined>;
      for (const [status, response] of Object.entries(responses)) {
        const json = response?.content?.['application/json'];
        if (Number(status) >= 400 && json) response.content = { 'application/problem+json': json };
      }
      const takesInput = (operation.parameters as unknown[] | undefined)?.length || operation.requestBody;
      const secured = (operation.security as unknown[]).length > 0;
      if (takesInput) responses['400'] ??= ref('ValidationFailed');
      if (secured) {
        responses['401'] ??= ref('Unauthorized');
        responses['403'] ??= ref('Forbidden');
      }
      if (path.startsWith('/api/')) responses['429'] ??= ref('TooManyRequests');
      responses.default ??= ref('UnexpectedProblem');
    }
  }
  return document;
}

/**
 * A body whose schema depends on its media type (@ApiBodyByMediaType): each consumed type gets its own schema. A
 * schema for a type the route does not consume is a mistake in the decorators, and fails the document.
 */
function documentBodiesByMediaType(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as unknown[]) {
      if (!isOperation(operation) || !(BODY_BY_MEDIA_TYPE_EXTENSION in operation)) continue;
      const schemas = operation[BODY_BY_MEDIA_TYPE_EXTENSION] as Record<string, unknown>;
      delete operation[BODY_BY_MEDIA_TYPE_EXTENSION];
      const content = (operation.requestBody as { content: Record<string, { schema?: unknown } | undefined> }).content;
      for (const [mediaType, schema] of Object.entries(schemas)) {
        if (!content[mediaType]) throw new Error(`${path}: a body schema for ${mediaType}, which the route does not consume`);
        content[mediaType] = { schema };
      }
    }
  }
  return document;
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
