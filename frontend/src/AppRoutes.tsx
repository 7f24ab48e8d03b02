import { Route, Routes } from 'react-router';
import { AccountPage } from './pages/account/AccountPage';
import { ChangePasswordPage } from './pages/account/ChangePasswordPage';
import { AuditPage } from './pages/AuditPage';
import { MembersPage } from './pages/account/MembersPage';
import { DrawsPage } from './pages/draws/DrawsPage';
import { InspectionPage } from './pages/inspections/InspectionPage';
import { InspectionsPage } from './pages/inspections/InspectionsPage';
import { PublicationPage } from './pages/inspections/PublicationPage';
import { ReferralsPage } from './pages/inspections/ReferralsPage';
import { DrawWizardPage } from './pages/draws/DrawWizard';
import { PublicDrawPage } from './pages/draws/PublicDrawPage';
import { JointPage } from './pages/joint/JointPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrgHome } from './pages/OrgHome';
import { OrgWorkspace } from './pages/OrgWorkspace';
import { OrderPage } from './pages/oversight/OrderPage';
import { OversightPage } from './pages/oversight/OversightPage';
import { PortalPage } from './pages/PortalPage';
import { PublicOrgPage } from './pages/PublicOrgPage';
import { PlansPage } from './pages/plans/PlansPage';
import { RegistriesPage } from './pages/registries/RegistriesPage';
import { SectionPlaceholder } from './pages/SectionPlaceholder';
import { TargetedPage } from './pages/inspections/targeted/TargetedPage';
import { BurdenPage } from './pages/burden/BurdenPage';
import { PLACEHOLDER_SECTIONS } from './sections';

/** Sections in the placeholder list that have their own pages now. */
const BUILT_SECTIONS = new Set<string>(['plans', 'draws', 'inspections', 'publication', 'oversight']);

/**
 * SPA routes (Django serves index.html for each of them):
 *   /                      public portal
 *   /public/:code          an organisation's public page
 *   /public/:code/draws/:id a published (or voided) draw record
 *   /login                 sign in (then the second factor / a forced password change)
 *   /account               my account (profile, roles, second factor, recent sign-ins)
 *   /account/password      change password
 *   /o/:code/[section]     organisation workspace (e.g. /o/:code/targeted: targeted inspections,
 *                          /o/:code/members: 人员管理)
 *                          /o/:code/joint: joint cross-department inspections)
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route path="/" element={<PortalPage />} />
      <Route path="/public/:code" element={<PublicOrgPage />} />
      <Route path="/public/:code/draws/:id" element={<PublicDrawPage />} />
      <Route path="/login" element={<LoginPage />} />
      <Route path="/account" element={<AccountPage />} />
      <Route path="/account/password" element={<ChangePasswordPage />} />
      <Route path="/o/:code" element={<OrgWorkspace />}>
        <Route index element={<OrgHome />} />
        <Route path="registries" element={<RegistriesPage />} />
        {PLACEHOLDER_SECTIONS.filter((section) => !BUILT_SECTIONS.has(section)).map((section) => (
          <Route key={section} path={section} element={<SectionPlaceholder section={section} />} />
        ))}
        <Route path="plans" element={<PlansPage />} />
        <Route path="draws" element={<DrawsPage />} />
        <Route path="draws/:drawId" element={<DrawWizardPage />} />
        <Route path="targeted" element={<TargetedPage />} />
        <Route path="burden" element={<BurdenPage />} />
        <Route path="joint" element={<JointPage />} />
        <Route path="inspections" element={<InspectionsPage />} />
        <Route path="inspections/:inspectionId" element={<InspectionPage />} />
        <Route path="referrals" element={<ReferralsPage />} />
        <Route path="publication" element={<PublicationPage />} />
        <Route path="oversight" element={<OversightPage />} />
        <Route path="oversight/orders" element={<OversightPage />} />
        <Route path="oversight/cards" element={<OversightPage />} />
        <Route path="oversight/orders/:orderId" element={<OrderPage />} />
        <Route path="members" element={<MembersPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="*" element={<NotFoundPage embedded />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
