import { App as AntdApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, type ReactNode } from 'react';
import { I18nProvider, useI18n, type Lang } from './i18n';

/**
 * The fonts of each language. Chinese takes its Latin letters and quotes from the Chinese fonts
 * (full-width “” in Chinese text); English takes them from Latin fonts first, so that an
 * apostrophe or a quote is not set full-width ("draw’s"), and falls back to the Chinese fonts
 * for the Chinese names in its data.
 */
const CJK_FONTS = "'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei'";
const FONTS: Record<Lang, string> = {
  'zh-CN': `-apple-system, BlinkMacSystemFont, 'Segoe UI', ${CJK_FONTS}, 'Helvetica Neue', Arial, sans-serif`,
  'en-US': `-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', ${CJK_FONTS}, sans-serif`,
};

function LocalisedAntd({ children }: { children: ReactNode }) {
  const { lang, t } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang;
  }, [lang]);
  useEffect(() => {
    document.title = t('app.title');
  }, [t]);
  return (
    <ConfigProvider
      locale={lang === 'zh-CN' ? zhCN : enUS}
      theme={{
        token: {
          colorPrimary: '#1d4ed8',
          fontFamily: FONTS[lang],
        },
        components: { Layout: { headerBg: '#ffffff', headerPadding: '0 16px' } },
      }}
    >
      <AntdApp>{children}</AntdApp>
    </ConfigProvider>
  );
}

/** i18n + Ant Design (zh_CN first) around the whole UI; the Apollo client and router wrap it. */
export function AppShell({ children, initialLang }: { children: ReactNode; initialLang?: Lang }) {
  return (
    <I18nProvider initialLang={initialLang}>
      <LocalisedAntd>{children}</LocalisedAntd>
    </I18nProvider>
  );
}
