/** Words of an alert: the outreach draft and the reasons. */
export { composeDraft, type Draft, type DraftInput } from './compose-draft.ts';
export {
  DEFAULT_TEMPLATES,
  type DraftTemplate,
  type DraftTemplates,
  draftTemplateSchema,
  draftTemplatesSchema,
  PLACEHOLDERS,
  signalKind,
} from './draft-templates.ts';
export { type EscalationFacts, escalationAlert } from './escalation-alert.ts';
export { type AlertWhy, reasonsFromReceipt, whyFromReceipt } from './reasons-from-receipt.ts';
