import { Flex, Spin } from 'antd';
import { useI18n } from '../i18n';

export function PageSpin() {
  const { t } = useI18n();
  return (
    <Flex align="center" justify="center" style={{ minHeight: 240 }}>
      <Spin description={t('common.loading')} size="large">
        <div style={{ width: 120, height: 80 }} />
      </Spin>
    </Flex>
  );
}
