import type { Response } from 'express';

/** Responses the request deadline answered (504): whatever their handler still returns or throws has nowhere to go. */
const answered = new WeakSet<Response>();

export function markAnsweredByDeadline(res: Response): void {
  answered.add(res);
}

export function isAnsweredByDeadline(res: Response): boolean {
  return answered.has(res);
}
