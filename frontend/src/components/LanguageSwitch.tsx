import { Segmented } from 'antd';
import { useI18n, type Lang } from '../i18n';

const OPTIONS: { label: string; value: Lang }[] = [
  { label: '中文', value: 'zh-CN' },
  { label: 'English', value: 'en-US' },
];

/** 中文 / English; each label in its own language, the choice kept in localStorage. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented<Lang>
      data-testid="language-switch"
      aria-label={t('lang.switch')}
      size="small"
      value={lang}
      options={OPTIONS}
      onChange={(value) => setLang(value)}
    />
  );
}
