import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CurrentOrganisationQuery, LoginMutation, MeQuery } from '../graphql/operations';
import { multiAdmin, renderApp } from '../test/render';

const currentOrganisation = (index: number) => ({
  request: { query: CurrentOrganisationQuery },
  result: {
    data: {
      currentOrganisation: { ...multiAdmin.organisations[index].organisation, children: [] },
    },
  },
});

/** A login payload with no further step (no second factor, no forced password change). */
const NO_STEP = { nextStep: null, passwordChangeReason: null, secondFactorSetup: null, recoveryCodes: null };

const anonymous = { request: { query: MeQuery }, result: { data: { me: null } }, maxUsageCount: 10 };

describe('LoginPage', () => {
  it('renders in Chinese by default', async () => {
    renderApp(null, { path: '/login', mocks: [anonymous] });
    expect(await screen.findByRole('heading', { name: '登录' })).toBeInTheDocument();
    expect(screen.getByLabelText('用户名')).toBeInTheDocument();
    expect(screen.getByLabelText('密码')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /登\s*录/ })).toBeInTheDocument();
    expect(screen.getByText('随机 Suiji · 双随机、一公开监管平台')).toBeInTheDocument();
  });

  it("shows the server's error message above the form and stays on /login", async () => {
    const user = userEvent.setup();
    renderApp(null, {
      path: '/login',
      mocks: [
        anonymous,
        {
          request: { query: LoginMutation, variables: { username: 'mangshi.admin', password: 'wrong' } },
          result: {
            data: {
              login: {
                __typename: 'Login',
                me: null,
                ...NO_STEP,
                errors: [
                  { __typename: 'MutationError', field: null, code: 'invalid_credentials', message: '用户名或密码错误' },
                ],
              },
            },
          },
        },
      ],
    });
    await user.type(await screen.findByLabelText('用户名'), 'mangshi.admin');
    await user.type(screen.getByLabelText('密码'), 'wrong');
    await user.click(screen.getByRole('button', { name: /登\s*录/ }));
    const alert = await screen.findByTestId('login-error');
    expect(alert).toHaveTextContent('用户名或密码错误');
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/login$/);
  });

  it('asks for both fields before calling the server', async () => {
    const user = userEvent.setup();
    renderApp(null, { path: '/login', mocks: [anonymous] });
    await user.click(await screen.findByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('请输入用户名')).toBeInTheDocument();
    expect(screen.getByText('请输入密码')).toBeInTheDocument();
  });

  it('goes to the first organisation of the user after a successful login', async () => {
    const user = userEvent.setup();
    renderApp(null, {
      path: '/login',
      mocks: [
        anonymous,
        {
          request: { query: LoginMutation, variables: { username: 'multi.admin', password: 'suiji-demo-2026' } },
          result: { data: { login: { __typename: 'Login', me: multiAdmin, ...NO_STEP, errors: [] } } },
        },
        currentOrganisation(0),
      ],
    });
    await user.type(await screen.findByLabelText('用户名'), 'multi.admin');
    await user.type(screen.getByLabelText('密码'), 'suiji-demo-2026');
    await user.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/o/533103/'));
    expect(await screen.findByTestId('org-title')).toHaveTextContent('芒市');
  });

  it('prefers the last used organisation when it is still accessible', async () => {
    window.localStorage.setItem('suiji.lastOrg', '533102');
    const user = userEvent.setup();
    renderApp(null, {
      path: '/login',
      mocks: [
        anonymous,
        {
          request: { query: LoginMutation, variables: { username: 'multi.admin', password: 'suiji-demo-2026' } },
          result: { data: { login: { __typename: 'Login', me: multiAdmin, ...NO_STEP, errors: [] } } },
        },
        currentOrganisation(1),
      ],
    });
    await user.type(await screen.findByLabelText('用户名'), 'multi.admin');
    await user.type(screen.getByLabelText('密码'), 'suiji-demo-2026');
    await user.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/o/533102/'));
    expect(await screen.findByTestId('org-title')).toHaveTextContent('瑞丽市');
  });
});
