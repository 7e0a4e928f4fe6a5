import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ProblemException } from '../errors/problem.exception';

/** Keyset position: the sort value and id of the last item of the previous page. */
export interface CursorPosition {
  value: string | number | null;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
}

/** Cursors are opaque to clients; a tampered or truncated one is a 400, never a 500. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const [value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id) || !(value === null || typeof value === 'string' || typeof value === 'number')) throw new Error('shape');
    return { value, id };
  } catch {
    throw new ProblemException({ status: 400, slug: 'validation-failed', title: 'Validation failed', detail: 'The cursor is not valid; pass back the nextCursor of a previous page unchanged.', errors: [{ field: 'cursor', message: 'cursor is malformed' }] });
  }
}

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Builds a page from `limit + 1` fetched rows: the extra row only says whether there is a next page. */
export function toPage<T, R>(rows: T[], limit: number, position: (row: T) => CursorPosition, map: (row: T) => R): Page<R> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(map), nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null };
}
