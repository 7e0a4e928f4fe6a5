import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type as ToNumber } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** How many items a page of a list has when the client does not say, and at most. */
export interface PageLimits {
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

/**
 * Every paged list's limits, in one place. Most lists give 20 items by
 * default; a transcript is read in larger pages. The query DTOs (and so the
 * OpenAPI document) and the keyset helper both read them from here.
 */
export const PAGE_LIMITS = {
  standard: { defaultLimit: 20, maxLimit: 100 },
  transcript: { defaultLimit: 100, maxLimit: 100 },
} as const satisfies Record<string, PageLimits>;

/** What every paged route takes: `limit` and the `cursor` of the previous page. */
export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export type PageQueryClass = new () => PageRequest;

/**
 * The query DTO of a paged list with the given limits, so the OpenAPI
 * document states the default and maximum the list really applies. Extend it
 * for a list's filters: `class ListThingsQuery extends pageQuery(PAGE_LIMITS.standard) {}`.
 */
export function pageQuery(limits: PageLimits): PageQueryClass {
  class PageQuery implements PageRequest {
    @ApiPropertyOptional({ minimum: 1, maximum: limits.maxLimit, default: limits.defaultLimit })
    @IsOptional()
    @ToNumber(() => Number)
    @IsInt()
    @Min(1)
    @Max(limits.maxLimit)
    limit?: number;

    @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
    @IsOptional()
    @IsString()
    @MaxLength(512)
    cursor?: string;
  }
  return PageQuery;
}

/** `limit` and `cursor` with the standard limits (20 by default, at most 100). */
export class PageQueryDto extends pageQuery(PAGE_LIMITS.standard) {}

/** The page size a request asks for, or the list's default; the DTO has already refused one above the maximum. */
export function pageLimit(request: PageRequest, limits: PageLimits): number {
  return Math.min(request.limit ?? limits.defaultLimit, limits.maxLimit);
}
