import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { createApolloClient } from './apollo';
import { csrfToken } from './csrf';
import { AppRoutes } from './AppRoutes';
import { AppShell } from './AppShell';
import './index.css';

const client = createApolloClient();

function mount() {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ApolloProvider client={client}>
        <BrowserRouter>
          <AppShell>
            <AppRoutes />
          </AppShell>
        </BrowserRouter>
      </ApolloProvider>
    </StrictMode>,
  );
}

if (import.meta.env.DEV && !csrfToken()) {
  // `npm run dev`: get Django's CSRF cookie through the proxy before the first POST.
  fetch('/__django_index__', { credentials: 'same-origin' }).catch(() => undefined).finally(mount);
} else {
  mount();
}
