import { Injectable, Logger } from '@nestjs/common';

type ShutdownListener = () => void | Promise<void>;

/**
 * Flipped once when the process is asked to stop, so readiness fails before
 * anything closes. Modules that hold long-lived connections (Socket.IO)
 * register here to end them as the drain starts: Node's server.close() waits
 * for every connection, and would otherwise wait out SHUTDOWN_TIMEOUT_MS.
 */
@Injectable()
export class ShutdownState {
  private readonly logger = new Logger('Shutdown');
  private readonly listeners: ShutdownListener[] = [];
  private startedAt?: Date;

  get shuttingDown(): boolean {
    return this.startedAt !== undefined;
  }

  onBegin(listener: ShutdownListener): void {
    this.listeners.push(listener);
  }

  async begin(): Promise<void> {
    if (this.startedAt) return;
    this.startedAt = new Date();
    for (const listener of this.listeners) {
      try {
        await listener();
      } catch (error) {
        this.logger.error(`a shutdown listener failed: ${(error as Error).message}`);
      }
    }
  }
}
