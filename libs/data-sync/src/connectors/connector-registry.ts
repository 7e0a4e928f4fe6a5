import { Injectable } from '@nestjs/common';
import { type Connector } from './connector';
import { ICalConnector } from './ical/ical.connector';
import { WebhookConnector } from './webhook/webhook.connector';

/** The connector kinds this build knows. A new connector is a provider of DataSyncModule listed here. */
@Injectable()
export class ConnectorRegistry {
  private readonly byKind: Map<string, Connector>;

  constructor(ical: ICalConnector, webhook: WebhookConnector) {
    this.byKind = new Map<string, Connector>([
      [ical.kind, ical],
      [webhook.kind, webhook],
    ]);
  }

  get kinds(): string[] {
    return [...this.byKind.keys()];
  }

  find(kind: string): Connector | undefined {
    return this.byKind.get(kind);
  }

  get(kind: string): Connector {
    const connector = this.byKind.get(kind);
    if (!connector) throw new Error(`no connector of kind ${kind}`);
    return connector;
  }
}

/** The connector kinds, for DTO validation and the OpenAPI document. */
export const CONNECTOR_KINDS = ['ical', 'webhook'] as const;
