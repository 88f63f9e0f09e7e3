/** The lifecycle events a webhook endpoint may subscribe to (lifecycle-events.ts queues them). */
export const lifecycleEventTypes = [
  'user.created',
  'user.updated',
  'user.deleted',
  'user.disabled',
  'session.started',
  'session.ended',
  'mfa.enrolled',
  'mfa.removed',
  'password.changed',
] as const
export type LifecycleEventType = (typeof lifecycleEventTypes)[number]
