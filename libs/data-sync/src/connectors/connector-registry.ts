import { Injectable } from '@nestjs/common';
import { CalDavConnector } from './caldav/caldav.connector';
import { type Connector } from './connector';
import { GitHubConnector } from './github/github.connector';
import { GoogleCalendarConnector } from './google/google-calendar.connector';
import { GraphCalendarConnector } from './graph/graph-calendar.connector';
import { ICalConnector } from './ical/ical.connector';
import { JiraConnector } from './jira/jira.connector';
import { WebhookConnector } from './webhook/webhook.connector';

/** The connector kinds this build knows. A new connector is a provider of DataSyncModule listed here. */
@Injectable()
export class ConnectorRegistry {
  private readonly byKind: Map<string, Connector>;

  constructor(
    ical: ICalConnector,
    caldav: CalDavConnector,
    google: GoogleCalendarConnector,
    graph: GraphCalendarConnector,
    github: GitHubConnector,
    jira: JiraConnector,
    webhook: WebhookConnector,
  ) {
    this.byKind = new Map<string, Connector>(
      [ical, caldav, google, graph, github, jira, webhook].map((connector) => [connector.kind, connector]),
    );
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
export const CONNECTOR_KINDS = ['ical', 'caldav', 'google_calendar', 'microsoft_calendar', 'github', 'jira', 'webhook'] as const;
