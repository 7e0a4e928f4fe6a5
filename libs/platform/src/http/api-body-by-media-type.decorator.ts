import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiExtension, type ReferenceObject, type SchemaObject } from '@nestjs/swagger';

/** Carries a route's schema per media type to buildOpenApiDocument, which moves them into the request body and drops it. */
export const BODY_BY_MEDIA_TYPE_EXTENSION = 'x-quorum-body-by-media-type';

/**
 * The OpenAPI body of a route whose shape depends on its media type (a transcript as WebVTT text or as JSON
 * segments; a document as a multipart file or as JSON). @ApiBody gives every consumed type the same schema, which
 * tells a client generator to send JSON as a string or a file as JSON; this gives each type its own. The types are the
 * route's @Consumes ones.
 */
export const ApiBodyByMediaType = (schemas: Record<string, SchemaObject | ReferenceObject>): MethodDecorator =>
  applyDecorators(ApiBody({ required: true, schema: { type: 'string' } }), ApiExtension(BODY_BY_MEDIA_TYPE_EXTENSION, schemas));
