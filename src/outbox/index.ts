/** The public surface of the outbox; see README.md. */
export { createDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.ts';
export {
  type DeliveryClaim,
  enqueueClaimedDeliveries,
  enqueueDeliveries,
  newDeliveryId,
} from './enqueue-deliveries.ts';
export { PROCESS_NODE_ID } from './node-id.ts';
export {
  type AttemptResult,
  DELIVERY_STATUSES,
  type DeliveryRecord,
  type DeliveryStatus,
  type DestinationHealth,
  type ListOptions,
  type OutboxStore,
  type ReplayError,
} from './outbox-store.ts';
export { SqlOutboxStore } from './sql-outbox-store.ts';
