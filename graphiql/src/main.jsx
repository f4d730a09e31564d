// Kabinet's GraphiQL: served from /graphiql-assets/, no CDN. The page opens on the
// cabinet's own tabs (tabs.json), remembers the token a `login` answers and sends it
// as `Authorization: Bearer …` when the Headers tab does not set one; subscriptions
// go over graphql-transport-ws (graphql-ws) at the same /graphql with the token in
// connection_init.
import React, { useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { ToolbarButton, useEditorContext } from '@graphiql/react';
import { createLocalStorage } from '@graphiql/toolkit';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { getOperationAST, parse } from 'graphql';
import { createClient } from 'graphql-ws';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import tabs from './tabs.json';

const HTTP_URL = new URL('/graphql', window.location.href).href;
const WS_URL = HTTP_URL.replace(/^http/, 'ws');
const TOKEN_KEY = 'kabinet:token';

// --- the remembered token (sessionStorage: gone when the browser tab closes) ---
const listeners = new Set();
let token = window.sessionStorage.getItem(TOKEN_KEY) || '';
function setToken(value) {
  token = value || '';
  if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
  else window.sessionStorage.removeItem(TOKEN_KEY);
  listeners.forEach((notify) => notify());
}
function useToken() {
  return useSyncExternalStore(
    (notify) => (listeners.add(notify), () => listeners.delete(notify)),
    () => token,
  );
}

function withAuthorization(headers) {
  const result = { ...(headers || {}) };
  const own = Object.keys(result).some((name) => name.toLowerCase() === 'authorization');
  if (!own && token) result.Authorization = `Bearer ${token}`;
  return result;
}

// --- the fetcher: HTTP for queries and mutations, WebSocket for subscriptions ---
let ws = null;
let wsAuth = null;
function wsClient(authorization) {
  if (ws && wsAuth === authorization) return ws;
  if (ws) ws.dispose();
  wsAuth = authorization;
  ws = createClient({
    url: WS_URL,
    lazy: true,
    connectionParams: () => (authorization ? { Authorization: authorization } : {}),
    // 4403: the token is missing or invalid; another try with the same one would not help.
    shouldRetry: (closed) => !(closed && closed.code === 4403),
  });
  return ws;
}

// A closed socket ends the subscription with a CloseEvent, which GraphiQL would not show:
// the result pane gets it as an error instead.
async function* subscribe(client, params) {
  try {
    yield* client.iterate(params);
  } catch (error) {
    const message =
      error && typeof error.code === 'number'
        ? `WebSocket закрыт: ${error.code} ${error.reason || ''}`.trim() +
          (error.code === 4403 ? ' (выполните вкладку «Вход»)' : '')
        : String((error && error.message) || error);
    yield { errors: [{ message }] };
  }
}

// GraphiQL may still carry the previous tab's operation name right after a tab switch:
// a name the document does not define is dropped when the document has one operation.
function checkedParams(params) {
  let document;
  try {
    document = parse(params.query);
  } catch {
    return { params, type: undefined };
  }
  const names = document.definitions
    .filter((node) => node.kind === 'OperationDefinition')
    .map((node) => node.name && node.name.value);
  let fixed = params;
  if (params.operationName && !names.includes(params.operationName) && names.length === 1) {
    fixed = { ...params, operationName: names[0] || undefined };
  }
  return { params: fixed, type: getOperationAST(document, fixed.operationName)?.operation };
}

function watchAnswer(body) {
  const data = body && body.data;
  if (data && data.login && data.login.token) setToken(data.login.token);
  if (data && data.logout && !(data.logout.errors || []).length) setToken('');
}

async function fetcher(given, options) {
  const headers = withAuthorization(options && options.headers);
  const { params, type } = checkedParams(given);
  if (type === 'subscription') {
    const authorization = Object.entries(headers).find(
      ([name]) => name.toLowerCase() === 'authorization',
    )?.[1];
    return subscribe(wsClient(authorization || ''), params);
  }
  const response = await fetch(HTTP_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text}` }] };
  }
  watchAnswer(body);
  return body;
}

// --- the toolbar and footer ---
function TokenButton() {
  const current = useToken();
  const { headerEditor } = useEditorContext({ nonNull: true });
  return (
    <ToolbarButton
      label={current ? 'Вставить токен в заголовки (Headers)' : 'Сначала выполните вкладку «Вход»'}
      disabled={!current}
      data-testid="kabinet-token-button"
      onClick={() => {
        if (!current || !headerEditor) return;
        headerEditor.setValue(JSON.stringify({ Authorization: `Bearer ${current}` }, null, 2));
      }}
    >
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none"
        stroke="currentColor" strokeWidth="1.6" className="graphiql-toolbar-icon">
        <circle cx="8" cy="15" r="4" />
        <path d="M11 12l8-8M16 7l2 2M14 9l2 2" />
      </svg>
    </ToolbarButton>
  );
}

function SignInStatus() {
  const current = useToken();
  return (
    <div data-testid="kabinet-sign-in" style={{ padding: '4px 8px', fontSize: 12 }}>
      {current ? (
        <>
          Вход выполнен: заголовок Authorization добавляется к запросам автоматически.{' '}
          <button type="button" onClick={() => setToken('')}>Забыть токен</button>
        </>
      ) : (
        'Не выполнен вход: выполните вкладку «Вход» (demo / demo).'
      )}
    </div>
  );
}

// Periods that work on any day (D1–D4): last month and today.
function fill(text) {
  if (!text) return text;
  const now = new Date();
  const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const pad = (n) => String(n).padStart(2, '0');
  return text
    .replaceAll('{{LAST_MONTH}}', `${last.getFullYear()}-${pad(last.getMonth() + 1)}`)
    .replaceAll(
      '{{TODAY}}',
      `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
    );
}

const defaultTabs = tabs.map((tab) => ({
  query: fill(tab.query),
  variables: fill(tab.variables || ''),
  headers: '',
}));
const plugins = [explorerPlugin()];
const storage = createLocalStorage({ namespace: 'kabinet' });

function App() {
  return (
    <GraphiQL
      fetcher={fetcher}
      defaultTabs={defaultTabs}
      plugins={plugins}
      storage={storage}
      shouldPersistHeaders={false}
      defaultEditorToolsVisibility
    >
      <GraphiQL.Logo>Kabinet</GraphiQL.Logo>
      <GraphiQL.Toolbar>
        {({ prettify, copy, merge }) => (
          <>
            {prettify}
            {merge}
            {copy}
            <TokenButton />
          </>
        )}
      </GraphiQL.Toolbar>
      <GraphiQL.Footer>
        <SignInStatus />
      </GraphiQL.Footer>
    </GraphiQL>
  );
}

createRoot(document.getElementById('graphiql')).render(<App />);
