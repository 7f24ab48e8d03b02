import { Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../i18n';
import { REGISTRY_KINDS, type RegistryKindKey } from './common';
import { ImportWizard } from './ImportWizard';
import { RecordDrawer } from './RecordDrawer';
import { RecordForm } from './RecordForm';
import { EntitiesTab, InspectorsTab, ItemsTab, ProjectsTab, type TabProps } from './tabs';

const TAB_COMPONENTS: Record<RegistryKindKey, (props: TabProps) => React.JSX.Element> = {
  items: ItemsTab,
  entities: EntitiesTab,
  projects: ProjectsTab,
  inspectors: InspectorsTab,
};

function isKind(value: string | null): value is RegistryKindKey {
  return !!value && (REGISTRY_KINDS as readonly string[]).includes(value);
}

/** /o/:code/registries — 名录库: the inspection item list and the three registries (一单两库). */
export function RegistriesPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: RegistryKindKey = isKind(tabParam) ? tabParam : 'items';
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState<RegistryKindKey | null>(null);
  const [importing, setImporting] = useState<RegistryKindKey | null>(null);
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = () => setRefreshKey((k) => k + 1);

  const tabProps: TabProps = {
    onOpen: setOpenId,
    onCreate: setCreating,
    onImport: setImporting,
    refreshKey,
  };

  return (
    <div data-testid="registries-page">
      <Typography.Title level={3}>{t('nav.registries')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('section.registries.desc')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        // Another tab starts with its own list state (the filters in the URL are this tab's).
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={REGISTRY_KINDS.map((kind) => {
          const Component = TAB_COMPONENTS[kind];
          return { key: kind, label: t(`reg.tab.${kind}`), children: <Component {...tabProps} /> };
        })}
      />
      <RecordDrawer id={openId} onClose={() => setOpenId(null)} onChanged={refresh} />
      {creating ? (
        <RecordForm
          kind={creating}
          record={null}
          open
          onClose={() => setCreating(null)}
          onSaved={(id) => {
            setCreating(null);
            refresh();
            setOpenId(id);
          }}
        />
      ) : null}
      {importing ? (
        <ImportWizard
          open
          initialKind={importing}
          onClose={() => setImporting(null)}
          onImported={() => refresh()}
        />
      ) : null}
    </div>
  );
}
