/**
 * Explanations ("why" receipts): `explainEntity` computes a structured receipt from the reference
 * evaluator; `renderReceipt` words it. Imports only the reference evaluator, the IR and the model.
 */
export type { EvidenceSource, Matches } from './evidence.ts';
export { type Explained, explainEntity, receiptOf } from './explain-entity.ts';
export type * from './receipt.ts';
export { renderReceipt } from './render-receipt.ts';
export { type Why, type WhyKind, type WhyLine, whyOf } from './why-lines.ts';
