import { HttpException } from '@nestjs/common';
import { type FieldError, problemKind, problemType } from './problem';

export interface ProblemInit {
  status: number;
  detail: string;
  /** Overrides the generic type for this status, e.g. `validation-failed`. */
  slug?: string;
  title?: string;
  errors?: FieldError[];
  /** Response headers that belong to the problem, such as Allow or Retry-After. */
  headers?: Record<string, string>;
  /** Extension members added to the body. */
  extensions?: Record<string, unknown>;
}

/**
 * Throw this from anywhere to answer with a precise problem document. Plain
 * Nest HttpExceptions work too; this one lets the thrower choose the type,
 * field errors, extensions and headers.
 */
export class ProblemException extends HttpException {
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors?: FieldError[];
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(init: ProblemInit) {
    super(init.detail, init.status);
    const kind = problemKind(init.status);
    this.type = problemType(init.slug ?? kind.slug);
    this.title = init.title ?? kind.title;
    this.detail = init.detail;
    this.errors = init.errors;
    this.headers = init.headers ?? {};
    this.extensions = init.extensions ?? {};
  }
}
