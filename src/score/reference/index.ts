/**
 * The reference evaluator (PRODUCT.md, "Shape of the system"): plain TypeScript over an in-memory
 * `Dataset`, the oracle every other engine is compared with. It imports only the IR, the data
 * model, the result type and `lib/`; nothing here touches storage or the network.
 */
export { scoreAll, scoreEntity } from './evaluate.ts';
