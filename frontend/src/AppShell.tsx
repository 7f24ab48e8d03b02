import { App as AntdApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, type ReactNode } from 'react';
import { I18nProvider, useI18n, type Lang } from './i18n';

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
          fontFamily:
            "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif",
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
