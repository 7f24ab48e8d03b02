import {
  AimOutlined,
  AuditOutlined,
  BarChartOutlined,
  CarryOutOutlined,
  ClusterOutlined,
  DatabaseOutlined,
  EyeOutlined,
  HomeOutlined,
  NotificationOutlined,
  RetweetOutlined,
  ScheduleOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { PermissionName } from './gql/graphql';
import type { MessageKey } from './i18n';

/** The workspace features still to come (placeholders for now). */
export type PlaceholderSection = 'plans' | 'draws' | 'inspections' | 'publication' | 'oversight';
export type SectionKey = 'registries' | PlaceholderSection | 'targeted' | 'joint' | 'burden' | 'members' | 'audit';

export const PLACEHOLDER_SECTIONS: readonly PlaceholderSection[] = [
  'plans',
  'draws',
  'inspections',
  'publication',
  'oversight',
];

/** The menu: targeted inspections (定向检查, not drawn at random) and joint cross-department
 * inspections (联合抽查) sit right after the draws. */
export const SECTIONS: readonly SectionKey[] = [
  'registries',
  ...PLACEHOLDER_SECTIONS.flatMap((section): SectionKey[] => (section === 'draws' ? [section, 'targeted', 'joint', 'burden'] : [section])),
  'members',
  'audit',
];

/** The permission a section needs beyond reading the organisation (the menu hides it otherwise). */
export const SECTION_PERMISSION: Partial<Record<SectionKey, PermissionName>> = {
  burden: 'READ_BURDEN',
  members: 'MANAGE_MEMBERS',
  audit: 'READ_AUDIT',
};

export const SECTION_ICONS: Record<SectionKey | 'home', ReactNode> = {
  home: <HomeOutlined />,
  registries: <DatabaseOutlined />,
  plans: <ScheduleOutlined />,
  draws: <RetweetOutlined />,
  targeted: <AimOutlined />,
  joint: <ClusterOutlined />,
  burden: <BarChartOutlined />,
  inspections: <CarryOutOutlined />,
  publication: <NotificationOutlined />,
  oversight: <EyeOutlined />,
  members: <TeamOutlined />,
  audit: <AuditOutlined />,
};

export function sectionTitleKey(section: SectionKey | 'home'): MessageKey {
  return `nav.${section}`;
}

export function sectionDescKey(section: PlaceholderSection): MessageKey {
  return `section.${section}.desc`;
}
