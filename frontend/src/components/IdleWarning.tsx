import { useApolloClient } from '@apollo/client/react';
import { Button, Modal, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { MeQuery } from '../graphql/operations';
import { useI18n } from '../i18n';

/** Warn this long before the server ends an idle session. */
export const WARN_BEFORE_SECONDS = 120;
/** While the user is active, tell the server at most this often (the session stays alive). */
const PING_EVERY_MS = 60_000;
const ACTIVITY_EVENTS = ['mousedown', 'keydown', 'touchstart', 'wheel', 'mousemove'] as const;

/**
 * The idle session timeout (GB/T 22239-2019 8.1.4.1, `me.sessionIdleSeconds`, 30 minutes by
 * default): a warning two minutes before, with a way to stay; at the end, back to the login page.
 */
export function IdleWarning({ seconds }: { seconds?: number | null }) {
  const limit = seconds && seconds > 0 ? seconds : 1800;
  const { t } = useI18n();
  const client = useApolloClient();
  const navigate = useNavigate();
  const location = useLocation();
  const lastActivity = useRef(Date.now());
  const lastPing = useRef(Date.now());
  const [left, setLeft] = useState<number | null>(null);
  const warning = left !== null;

  const ping = useCallback(() => {
    lastPing.current = Date.now();
    void client.query({ query: MeQuery, fetchPolicy: 'network-only' }).catch(() => undefined);
  }, [client]);

  useEffect(() => {
    const onActivity = () => {
      if (warning) return; // only the button dismisses the warning
      lastActivity.current = Date.now();
      if (Date.now() - lastPing.current > PING_EVERY_MS) ping();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true });
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity);
    };
  }, [ping, warning]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      const idle = (Date.now() - lastActivity.current) / 1000;
      if (idle >= limit) {
        window.clearInterval(timer);
        setLeft(null);
        void client.clearStore().then(() => {
          const next = location.pathname + location.search;
          navigate(`/login?reason=idle&next=${encodeURIComponent(next)}`, { replace: true });
        });
      } else if (idle >= limit - WARN_BEFORE_SECONDS) {
        setLeft(Math.ceil(limit - idle));
      }
    }, 1000);
    return () => window.clearInterval(timer);
  }, [client, limit, location.pathname, location.search, navigate]);

  const stay = () => {
    lastActivity.current = Date.now();
    setLeft(null);
    ping();
  };

  return (
    <Modal
      open={warning}
      title={t('idle.title')}
      closable={false}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={stay} data-testid="idle-stay">
          {t('idle.stay')}
        </Button>
      }
      data-testid="idle-warning"
    >
      <Typography.Paragraph>
        {t('idle.body', { minutes: Math.round(limit / 60), seconds: left ?? 0 })}
      </Typography.Paragraph>
    </Modal>
  );
}
