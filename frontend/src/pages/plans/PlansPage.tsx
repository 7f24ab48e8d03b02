import { Select, Space, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { usePermissions } from '../../access';
import { useOrg } from '../../orgContext';
import { useI18n } from '../../i18n';
import { defaultPlanYear, yearChoices } from './format';
import { usePlansT } from './i18n';
import { PlanPanel } from './PlanPanel';
import { PlanStatusesPanel } from './PlanStatusesPanel';
import { RemindersPanel } from './RemindersPanel';

/** /o/:code/plans?year=YYYY — the annual inspection plan (检查计划) of the organisation. */
export function PlansPage() {
  const { t: tApp } = useI18n();
  const { t } = usePlansT();
  const { code, access } = useOrg();
  const [params, setParams] = useSearchParams();
  const fromUrl = Number(params.get('year'));
  const year = Number.isInteger(fromUrl) && fromUrl >= 2000 && fromUrl <= 2100 ? fromUrl : defaultPlanYear();
  const years = [...new Set([...yearChoices(), year])].sort();
  const isPrefecture = access.organisation.kind === 'PREFECTURE';
  const { can } = usePermissions();

  const planPanel = (
    <PlanPanel key={`${code}-${year}`} orgCode={code} year={year} isPrefecture={isPrefecture} />
  );

  return (
    <div data-testid="plans-page">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="center" wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {tApp('nav.plans')}
        </Typography.Title>
        <Space>
          <span>{t('plans.year')}</span>
          <Select
            value={year}
            style={{ width: 120 }}
            onChange={(y: number) => setParams({ year: String(y) })}
            options={years.map((y) => ({ value: y, label: t('plans.yearOption', { year: y }) }))}
            data-testid="plan-year"
          />
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {tApp('section.plans.desc')}
      </Typography.Paragraph>
      <Tabs
        destroyOnHidden
        items={[
          { key: 'plan', label: t('plans.tab.plan'), children: planPanel },
          ...(isPrefecture
            ? [
                {
                  key: 'statuses',
                  label: t('plans.tab.statuses'),
                  children: <PlanStatusesPanel orgCode={code} year={year} canAcknowledge={can('ACKNOWLEDGE_REPORTS')} />,
                },
              ]
            : []),
          {
            key: 'reminders',
            label: t('plans.tab.reminders'),
            children: <RemindersPanel orgCode={code} canMark={can('MANAGE_PLANS')} />,
          },
        ]}
      />
    </div>
  );
}
