import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { dehongAdmin, multiAdmin, renderApp } from '../test/render';
import { OrgSwitcher, switchOrgTarget } from './OrgSwitcher';

function popup(): HTMLElement {
  const list = document.querySelector<HTMLElement>('.ant-select-dropdown');
  if (!list) throw new Error('the org switcher did not open');
  return list;
}

describe('OrgSwitcher', () => {
  it('lists the organisations with Chinese role labels and the 只读 tag', async () => {
    const user = userEvent.setup();
    const onChange = vi.fn();
    renderApp(<OrgSwitcher accesses={dehongAdmin.organisations} value="533100" onChange={onChange} />);
    const switcher = screen.getByTestId('org-switcher');
    expect(switcher).toHaveTextContent('德宏州');
    await user.click(within(switcher).getByRole('combobox'));

    const prefecture = await screen.findByTestId('org-option-533100');
    expect(prefecture).toHaveTextContent('德宏州');
    expect(prefecture).toHaveTextContent('533100');
    expect(prefecture).toHaveTextContent('州局管理员');
    expect(within(prefecture).queryByText('只读')).toBeNull();

    const mangshi = screen.getByTestId('org-option-533103');
    expect(mangshi).toHaveTextContent('芒市');
    expect(within(mangshi).getByText('只读')).toBeInTheDocument();

    await user.click(within(popup()).getByText('瑞丽市'));
    expect(onChange).toHaveBeenCalledWith('533102', expect.anything());
  });

  it('labels every role of a user with several', async () => {
    const user = userEvent.setup();
    renderApp(<OrgSwitcher accesses={multiAdmin.organisations} value="533103" onChange={() => {}} />);
    await user.click(within(screen.getByTestId('org-switcher')).getByRole('combobox'));
    const ruili = await screen.findByTestId('org-option-533102');
    expect(ruili).toHaveTextContent('县（市）局管理员（政策法规科）');
    expect(ruili).toHaveTextContent('执法检查人员');
    expect(ruili).not.toHaveTextContent('只读');
  });
});

describe('switching organisation', () => {
  it('keeps the section and its tab or year, and leaves a record of the first organisation behind', () => {
    expect(switchOrgTarget({ pathname: '/o/533103/registries', search: '?tab=entities&q=房地产' }, '533102')).toBe(
      '/o/533102/registries?tab=entities',
    );
    expect(switchOrgTarget({ pathname: '/o/533103/plans', search: '?year=2026' }, '533102')).toBe('/o/533102/plans?year=2026');
    expect(switchOrgTarget({ pathname: '/o/533103/draws/RHJhdzox', search: '' }, '533102')).toBe('/o/533102/draws');
    expect(switchOrgTarget({ pathname: '/o/533103/', search: '' }, '533102')).toBe('/o/533102/');
  });
});
