import { Empty, Typography } from 'antd';
import { useI18n } from '../i18n';
import { sectionDescKey, sectionTitleKey, type PlaceholderSection } from '../sections';

/** A workspace feature still to come: its title and an empty state "建设中". */
export function SectionPlaceholder({ section }: { section: PlaceholderSection }) {
  const { t } = useI18n();
  return (
    <div data-testid={`section-${section}`}>
      <Typography.Title level={3}>{t(sectionTitleKey(section))}</Typography.Title>
      <Typography.Paragraph type="secondary">{t(sectionDescKey(section))}</Typography.Paragraph>
      <Empty description={t('section.underConstruction')} />
    </div>
  );
}
