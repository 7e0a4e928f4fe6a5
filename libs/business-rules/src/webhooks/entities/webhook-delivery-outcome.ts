/** How one attempt ended: delivered (2xx), to be retried (network error, timeout, 5xx, 429), or given up. */
export const WEBHOOK_DELIVERY_OUTCOMES = ['succeeded', 'retrying', 'failed'] as const;
export type WebhookDeliveryOutcome = (typeof WEBHOOK_DELIVERY_OUTCOMES)[number];
