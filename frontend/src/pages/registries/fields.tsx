import type { MessageKey } from '../../i18n';
import {
  CONSTRUCTION_STATUSES,
  CREDIT_CLASSES,
  DEPARTMENTS,
  ENTITY_STATUSES,
  INSPECTOR_KINDS,
  type RegistryKindKey,
} from './common';

export type FieldType = 'text' | 'textarea' | 'select' | 'date' | 'bool' | 'number';

/** One input field of a registry's create/edit form (names are the GraphQL input's). */
export interface FieldSpec {
  name: string;
  label: MessageKey;
  type: FieldType;
  /** enum values and the dictionary prefix of their labels */
  options?: { values: readonly string[]; prefix: string };
  required?: boolean;
  /** personal data: the API may return it masked; a masked value is never sent back */
  personal?: boolean;
  /** only when creating (identity fields, or state changed through its own mutation) */
  createOnly?: boolean;
}

export const FORM_FIELDS: Record<RegistryKindKey, readonly FieldSpec[]> = {
  items: [
    { name: 'code', label: 'reg.f.itemCode', type: 'text', required: true, createOnly: true },
    { name: 'name', label: 'reg.f.itemName', type: 'text', required: true },
    { name: 'legalBasis', label: 'reg.f.legalBasis', type: 'textarea', required: true },
    { name: 'responsibleBody', label: 'reg.f.responsibleBody', type: 'text', required: true },
    { name: 'content', label: 'reg.f.content', type: 'textarea', required: true },
    { name: 'method', label: 'reg.f.method', type: 'text', required: true },
    { name: 'department', label: 'reg.f.department', type: 'select', options: { values: DEPARTMENTS, prefix: 'reg.dept' } },
    { name: 'enforcementCategory', label: 'reg.f.enforcementCategory', type: 'text' },
    { name: 'needsExpert', label: 'reg.f.needsExpert', type: 'bool' },
    { name: 'effectiveFrom', label: 'reg.f.effectiveFrom', type: 'date' },
  ],
  entities: [
    { name: 'name', label: 'reg.f.name', type: 'text', required: true },
    { name: 'uscc', label: 'reg.f.uscc', type: 'text', required: true },
    { name: 'address', label: 'reg.f.address', type: 'text' },
    { name: 'legalRepresentative', label: 'reg.f.legalRepresentative', type: 'text' },
    { name: 'contactName', label: 'reg.f.contactName', type: 'text' },
    { name: 'contactPhone', label: 'reg.f.contactPhone', type: 'text', personal: true },
    { name: 'entityType', label: 'reg.f.entityType', type: 'text' },
    { name: 'nature', label: 'reg.f.nature', type: 'text' },
    { name: 'region', label: 'reg.f.region', type: 'text' },
    { name: 'creditClass', label: 'reg.f.creditClass', type: 'select', options: { values: CREDIT_CLASSES, prefix: 'reg.credit' } },
    { name: 'complaintCount', label: 'reg.f.complaintCount', type: 'number' },
    { name: 'violationCount', label: 'reg.f.violationCount', type: 'number' },
    {
      name: 'status',
      label: 'reg.f.status',
      type: 'select',
      options: { values: ENTITY_STATUSES, prefix: 'reg.status' },
      createOnly: true,
    },
    { name: 'establishedOn', label: 'reg.f.establishedOn', type: 'date' },
  ],
  projects: [
    { name: 'code', label: 'reg.f.projectCode', type: 'text', required: true },
    { name: 'name', label: 'reg.f.projectName', type: 'text', required: true },
    { name: 'location', label: 'reg.f.location', type: 'text' },
    { name: 'region', label: 'reg.f.region', type: 'text' },
    { name: 'permits', label: 'reg.f.permits', type: 'text' },
    { name: 'projectLeader', label: 'reg.f.projectLeader', type: 'text' },
    {
      name: 'constructionStatus',
      label: 'reg.f.constructionStatus',
      type: 'select',
      options: { values: CONSTRUCTION_STATUSES, prefix: 'reg.cs' },
    },
    { name: 'contactName', label: 'reg.f.contactName', type: 'text' },
    { name: 'contactPhone', label: 'reg.f.contactPhone', type: 'text', personal: true },
    { name: 'responsibleEntityUscc', label: 'reg.f.responsibleEntityUscc', type: 'text' },
  ],
  inspectors: [
    { name: 'kind', label: 'reg.f.kind', type: 'select', options: { values: INSPECTOR_KINDS, prefix: 'reg.ikind' } },
    { name: 'name', label: 'reg.f.personName', type: 'text', required: true },
    { name: 'idNumber', label: 'reg.f.idNumber', type: 'text', required: true, personal: true },
    { name: 'department', label: 'reg.f.department', type: 'select', options: { values: DEPARTMENTS, prefix: 'reg.dept' } },
    { name: 'categories', label: 'reg.f.categories', type: 'text' },
    { name: 'certificateNo', label: 'reg.f.certificateNo', type: 'text' },
    { name: 'certificateValidUntil', label: 'reg.f.certificateValidUntil', type: 'date' },
    { name: 'unit', label: 'reg.f.unit', type: 'text' },
    { name: 'contactPhone', label: 'reg.f.contactPhone', type: 'text', personal: true },
  ],
};

export function isMasked(value: unknown): boolean {
  return typeof value === 'string' && value.includes('*');
}
