import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../i18n';

export function NotFoundPage({ embedded = false }: { embedded?: boolean }) {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      style={embedded ? undefined : { paddingTop: 96 }}
      extra={
        <Link to={embedded ? '..' : '/'} relative="path">
          <Button type="primary">{embedded ? t('common.back') : t('common.home')}</Button>
        </Link>
      }
    />
  );
}
