import { useI18n } from './i18n';

/** A warning of a draw's preview or a plan's simulation, as the API gives it. */
export interface NoticeLike {
  code: string;
  message: string;
  params: unknown;
}

type Params = Record<string, string | number>;

const DEPARTMENTS_EN: Record<string, string> = {
  housing: 'housing',
  market_supervision: 'market supervision',
  fire: 'fire',
  natural_resources: 'natural resources',
  emergency_management: 'emergency management',
};

/**
 * The warnings in English, by code (`tenants/suiji_tenants/draws/notices.py`: the server's
 * text is the Chinese source); a code not listed here is shown in the server's words.
 */
export const NOTICES_EN: Record<string, (p: Params) => string> = {
  strata_too_small: (p) =>
    `Strata too small: in ${p.rounded} of ${p.strata} strata (${p.tiny} of them between 0 and 1) the number drawn is decided by the random rounding, more than the ${p.fixed} fixed by the ratios. Every entity is still drawn with its stratum's ratio, but how many each stratum gets depends mostly on the seed; for steadier results, merge strata or set a minimum per stratum.`,
  pool_empty: () => 'No active market entity is in scope: check the targeting conditions.',
  no_targets: () => 'At this ratio the round draws nothing: raise the ratio or draw a number instead.',
  count_over_pool: (p) => `${p.count} entities are to be drawn, but only ${p.pool} are in scope.`,
  officers_short: (p) =>
    `${p.teams} teams need ${p.needed} officers in all; only ${p.eligible} qualify (in the registry, certificate valid for the whole window, matching speciality).`,
  officers_for_one_team: (p) => `Fewer than ${p.per_team} officers qualify: no team can be formed.`,
  experts_short: (p) => `The items need experts: ${p.needed} are needed, only ${p.eligible} qualify.`,
  department_officers_short: (p) =>
    `Only ${p.eligible} officers of ${DEPARTMENTS_EN[String(p.department)] ?? p.department} qualify; the ${p.teams} joint teams need one each.`,
  stratum_short: (p) => `Stratum ${p.stratum} needs ${p.quota} targets but only ${p.available} can be drawn.`,
};

/** The texts of the warnings in the language of the app (`notices` when the API gives them). */
export function useNoticeTexts(notices: readonly NoticeLike[] | null | undefined, warnings: readonly string[]): string[] {
  const { lang } = useI18n();
  if (!notices || notices.length !== warnings.length) return [...warnings];
  if (lang === 'zh-CN') return notices.map((n) => n.message);
  return notices.map((n) => {
    const say = NOTICES_EN[n.code];
    const params = n.params && typeof n.params === 'object' ? (n.params as Params) : {};
    return say ? say(params) : n.message;
  });
}
