import { createContext, useContext } from 'react';
import type { Me, OrganisationAccess } from './access';

export interface OrgWorkspace {
  me: Me;
  access: OrganisationAccess;
  code: string;
}

export const OrgContext = createContext<OrgWorkspace | null>(null);

/** The organisation being viewed (inside /o/<code>/ only). */
export function useOrg(): OrgWorkspace {
  const value = useContext(OrgContext);
  if (!value) throw new Error('useOrg() outside an organisation workspace');
  return value;
}
