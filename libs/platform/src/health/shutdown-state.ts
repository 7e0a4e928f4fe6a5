import { Injectable } from '@nestjs/common';

/** Flipped once when the process is asked to stop, so readiness fails before anything closes. */
@Injectable()
export class ShutdownState {
  private startedAt?: Date;

  get shuttingDown(): boolean {
    return this.startedAt !== undefined;
  }

  begin(): void {
    this.startedAt ??= new Date();
  }
}
