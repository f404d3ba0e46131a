// The termbase's, the QA check's and the team's words shown in the interface language: term statuses and concept categories
// are stored in English (TBX's own values), and shown as "已弃用" or "组织机构" in Chinese.
import type { MessageKey } from "../locales/en";
import { t } from "./i18n";

export const TERM_STATUSES = ["preferred", "admitted", "deprecated", "forbidden"] as const;
export const CATEGORIES = ["person", "title", "organisation", "publication", "event", "place", "policy", "other"] as const;

const KNOWN_STATUSES: readonly string[] = TERM_STATUSES;
const KNOWN_CATEGORIES: readonly string[] = CATEGORIES;

/** "deprecated" → "deprecated" / "已弃用"; a value the interface does not know is shown as stored. */
export function termStatusName(status: string): string {
  return KNOWN_STATUSES.includes(status) ? t(`termStatus.${status}` as MessageKey) : status;
}

/** "organisation" → "organisation" / "组织机构"; an unknown category is shown as stored. */
export function categoryName(category: string): string {
  return KNOWN_CATEGORIES.includes(category) ? t(`category.${category}` as MessageKey) : category;
}

/** Every kind of QA finding, in report order. */
export const QA_KINDS: readonly string[] = ["deprecated", "forbidden", "near-miss", "missing", "number", "untranslated", "inconsistent"];
const KNOWN_REVIEWS: readonly string[] = ["candidate", "approved", "rejected"];
const KNOWN_ROLES: readonly string[] = ["translator", "reviewer", "admin"];

/** A QA finding's kind ("near-miss" → "near miss" / "近似错误"). */
export function qaKindName(kind: string): string {
  return QA_KINDS.includes(kind) ? t(`qaKind.${kind}` as MessageKey) : kind;
}

/** A concept's review status ("candidate" → "候选"). */
export function reviewName(status: string): string {
  return KNOWN_REVIEWS.includes(status) ? t(`review.${status}` as MessageKey) : status;
}

/** A team member's role ("reviewer" → "审校"). */
export function roleName(role: string): string {
  return KNOWN_ROLES.includes(role) ? t(`role.${role}` as MessageKey) : role;
}
