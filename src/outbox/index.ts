/** The public surface of the outbox; see README.md. */
export { createDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.ts';
export { DuckDbOutboxStore } from './duckdb-outbox-store.ts';
export { enqueueDeliveries, newDeliveryId } from './enqueue-deliveries.ts';
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
