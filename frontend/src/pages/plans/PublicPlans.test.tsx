import { describe, expect, it } from 'vitest';
import { plansTranslate, type PlansT } from './i18n';
import { parseSnapshot, scope } from './PublicPlans';

const t: PlansT = (key, params) => plansTranslate('zh-CN', key, params);

describe('published plan tasks', () => {
  it('say whom a task inspects when it inspects construction projects', () => {
    expect(scope({ title: '在建项目', targetKind: 'project', scope: { kind: 'undirected' } }, t)).toBe(
      '不定向（全部在施工程项目）',
    );
    const directed = scope(
      { title: '在建项目', targetKind: 'project', scope: { kind: 'directed', regions: ['芒市镇'] } },
      t,
    );
    expect(directed.startsWith('工程项目 · ')).toBe(true);
    expect(directed).toContain('芒市镇');
  });

  it('read snapshots published before tasks had a kind as market entities', () => {
    const snapshot = parseSnapshot(JSON.stringify({ tasks: [{ title: '资质检查', scope: { kind: 'undirected' } }] }));
    const task = snapshot?.tasks?.[0];
    expect(task && scope(task, t)).toBe(t('plans.tf.scope.UNDIRECTED'));
    expect(t('plans.tf.scope.UNDIRECTED')).not.toContain('工程项目');
  });
});
