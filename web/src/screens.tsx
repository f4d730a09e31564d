// The other screens of the administrator's menu.
import { useState } from "preact/hooks";
import { request, setToken, upload } from "./api";
import { date, dateTime, deliveryLine, JOB_STATUS, money } from "./format";
import { graphql } from "./gql";
import type { LineFieldsFragment, ServiceAction } from "./gql/graphql";
import { useQuery, useSubmit } from "./hooks";
import { subscribeTo, useFollow } from "./live";
import { SECTION_TEXT } from "./texts";
import { Buttons, described, Errors, Field, Loading, navigate, Notice } from "./ui";
import { amountHint, errorAt, hintAt, parseNumbers, parseRenameList, requiredHint } from "./validate";

// ---- Вход ----

const LoginDoc = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      token
      expiresAt
      errors {
        ...Refusal
      }
    }
  }
`);

export function Login(props: { onDone: () => void }) {
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const { errors, busy, run } = useSubmit();
  function submit(e: Event) {
    e.preventDefault();
    void run(async () => {
      const r = (await request(LoginDoc, { input: { login, password } })).login;
      if (!r.errors.length && r.token) {
        setToken(r.token);
        props.onDone();
      }
      return r.errors;
    });
  }
  const loginError = errorAt(errors, "login")?.message;
  const passwordError = errorAt(errors, "password")?.message;
  return (
    <section class="login">
      <h1>Вход</h1>
      <form onSubmit={submit}>
        <Field id="login" label="Логин" error={loginError}>
          <input id="login" name="username" autoComplete="username" value={login} required
            aria-describedby={described("login", false, loginError)} onInput={(e) => setLogin(e.currentTarget.value)} />
        </Field>
        <Field id="password" label="Пароль" error={passwordError}>
          <input id="password" type="password" autoComplete="current-password" value={password} required
            aria-describedby={described("password", false, passwordError)} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        <Errors errors={errors} placed={["login", "password"]} />
        <Buttons>
          <button type="submit" class="primary" disabled={busy}>Войти</button>
        </Buttons>
      </form>
    </section>
  );
}

// ---- Выход ----

const LogoutDoc = graphql(`
  mutation Logout {
    logout {
      ok
      errors {
        ...Refusal
      }
    }
  }
`);

export async function logout(): Promise<void> {
  try {
    await request(LogoutDoc);
  } catch {
    // The token is dropped either way.
  }
  setToken(null);
  navigate("/");
}

// ---- Персональная информация ----

const ClientDoc = graphql(`
  query ClientInfo {
    me {
      login
    }
    client {
      name
      unp
      okpo
      balance
      status
      paymentForm
      contractNumber
      contractDate
      email
      bankAccounts {
        iban
        bic
        bank
      }
      billingAccounts(first: 100) {
        nodes {
          id
          number
          balance
          delivery {
            method
            emails
            format
          }
        }
      }
    }
  }
`);

export function Info() {
  const { data, error } = useQuery(ClientDoc);
  if (!data) return <Loading error={error} />;
  const c = data.client;
  const rows: [string, string][] = [
    ["Название", c.name],
    ["УНП", c.unp],
    ["ОКПО", c.okpo],
    ["Баланс", money(c.balance)],
    ["Статус", c.status],
    ["Форма оплаты", c.paymentForm],
    ["Договор", `№ ${c.contractNumber} от ${date(c.contractDate)}`],
    ["E-mail клиента", c.email ?? "—"],
  ];
  return (
    <section>
      <h1>Персональная информация</h1>
      <dl class="props" data-testid="client-info">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h2>Расчетные счета</h2>
      <div class="scroll">
        <table class="table">
          <thead><tr><th>Расчетный счет</th><th>БИК</th><th>Банк</th></tr></thead>
          <tbody>
            {c.bankAccounts.map((b) => (
              <tr key={b.iban}><td>{b.iban}</td><td>{b.bic}</td><td>{b.bank}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Лицевые счета: способ и адрес доставки счетов</h2>
      <div class="scroll">
        <table class="table" data-testid="accounts">
          <thead><tr><th>Лицевой счет</th><th>Баланс</th><th>Способ доставки</th><th>Адрес доставки</th></tr></thead>
          <tbody>
            {c.billingAccounts.nodes.map((a) => (
              <tr key={a.id}>
                <td>{a.number}</td>
                <td>{money(a.balance)}</td>
                <td>{deliveryLine(a.delivery)}</td>
                <td>{a.delivery.emails.join(";") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// ---- Платежи ----

const PaymentsDoc = graphql(`
  query Payments {
    payments(first: 50) {
      nodes {
        id
        paidOn
        amount
        documentNumber
        bank
        confirmed
      }
    }
  }
`);

const RegisterPaymentDoc = graphql(`
  mutation RegisterPayment($input: RegisterPaymentInput!) {
    registerPayment(input: $input) {
      payment {
        id
        amount
        paidOn
        confirmed
      }
      errors {
        ...Refusal
      }
    }
  }
`);

export function Payments() {
  const { data, error, reload } = useQuery(PaymentsDoc);
  const [amount, setAmount] = useState("");
  const [paidOn, setPaidOn] = useState("");
  const [documentNumber, setDocumentNumber] = useState("");
  const [bank, setBank] = useState("");
  const { errors, busy, run, hold, at: err } = useSubmit();
  const [saved, setSaved] = useState(false);

  function submit(e: Event) {
    e.preventDefault();
    setSaved(false);
    const held = hold([
      hintAt("amount", amountHint(amount)),
      hintAt("paidOn", requiredHint(paidOn, "Дата платежа")),
      hintAt("documentNumber", requiredHint(documentNumber, "Номер платежного документа")),
    ]);
    if (held) return;
    void run(async () => {
      const r = (
        await request(RegisterPaymentDoc, {
          input: { amount: amount.trim().replace(",", "."), paidOn, documentNumber, bank: bank || null },
        })
      ).registerPayment;
      if (!r.errors.length) {
        setSaved(true);
        setAmount("");
        setDocumentNumber("");
        setBank("");
        reload();
      }
      return r.errors;
    });
  }
  return (
    <section>
      <h1>Платежи</h1>
      <p>{SECTION_TEXT.payments}</p>
      <h2>Зарегистрировать неподтвержденный платеж</h2>
      <form onSubmit={submit} noValidate>
        <Field id="amount" label="Сумма, BYN" error={err("amount")}>
          <input id="amount" inputMode="decimal" value={amount} aria-describedby={described("amount", false, err("amount"))}
            onInput={(e) => setAmount(e.currentTarget.value)} />
        </Field>
        <Field id="paidOn" label="Дата платежа" error={err("paidOn")}>
          <input id="paidOn" type="date" value={paidOn} aria-describedby={described("paidOn", false, err("paidOn"))}
            onInput={(e) => setPaidOn(e.currentTarget.value)} />
        </Field>
        <Field id="documentNumber" label="Номер платежного документа" error={err("documentNumber")}>
          <input id="documentNumber" value={documentNumber} aria-describedby={described("documentNumber", false, err("documentNumber"))}
            onInput={(e) => setDocumentNumber(e.currentTarget.value)} />
        </Field>
        <Field id="bank" label="Банк (необязательно)" error={err("bank")}>
          <input id="bank" value={bank} onInput={(e) => setBank(e.currentTarget.value)} />
        </Field>
        <Errors errors={errors} placed={["amount", "paidOn", "documentNumber", "bank"]} />
        {saved && <Notice>Платеж зарегистрирован как неподтвержденный.</Notice>}
        <Buttons><button type="submit" class="primary" disabled={busy}>Зарегистрировать</button></Buttons>
      </form>
      <h2>История платежей</h2>
      {!data ? (
        <Loading error={error} />
      ) : (
        <div class="scroll">
          <table class="table" data-testid="payments">
            <thead><tr><th>Дата</th><th>Сумма</th><th>Документ</th><th>Банк</th><th>Статус</th></tr></thead>
            <tbody>
              {data.payments.nodes.map((p) => (
                <tr key={p.id}>
                  <td>{date(p.paidOn)}</td><td>{money(p.amount)}</td><td>{p.documentNumber}</td><td>{p.bank ?? ""}</td>
                  <td>{p.confirmed ? "подтвержден" : "не подтвержден"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// ---- Информация по рассрочке ----

const InstallmentsDoc = graphql(`
  query Installments {
    installments {
      item
      total
      months
      monthlyPayment
      lastPayment
      paymentsMade
      paymentsLeft
      amountPaid
      amountLeft
      nextPaymentOn
      payoffDate
    }
  }
`);

export function Installments() {
  const { data, error } = useQuery(InstallmentsDoc);
  return (
    <section>
      <h1>Информация по рассрочке</h1>
      <p>{SECTION_TEXT.installments}</p>
      {!data ? (
        <Loading error={error} />
      ) : !data.installments.length ? (
        <p>Оборудования в рассрочку нет.</p>
      ) : (
        <div class="scroll">
          <table class="table">
            <thead>
              <tr><th>Оборудование</th><th>Стоимость</th><th>Ежемесячный платеж</th><th>Осталось платежей</th>
                <th>Оплачено</th><th>Осталось оплатить</th><th>Следующий платеж</th><th>Срок погашения</th></tr>
            </thead>
            <tbody>
              {data.installments.map((i, n) => (
                <tr key={n}>
                  <td>{i.item}</td><td>{money(i.total)}</td><td>{money(i.monthlyPayment)}</td>
                  <td>{i.paymentsLeft} из {i.months}</td><td>{money(i.amountPaid)}</td><td>{money(i.amountLeft)}</td>
                  <td>{date(i.nextPaymentOn)}</td><td>{date(i.payoffDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// ---- Выбор абонента ----

const SubscribersDoc = graphql(`
  query Subscribers($search: String, $after: String) {
    subscribers(search: $search, first: 50, after: $after) {
      nodes {
        id
        number
        name
        tariff
        status
        services {
          code
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export function Subscribers() {
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const { data, error } = useQuery(SubscribersDoc, { search: query, after: null });
  const nodes = data?.subscribers.nodes ?? [];
  const chosen = nodes.find((s) => s.id === selected);
  return (
    <section>
      <h1>Выбор абонента</h1>
      <p>{SECTION_TEXT.subscribers}</p>
      <form role="search" onSubmit={(e) => (e.preventDefault(), setQuery(search || null))}>
        <Field id="search" label="Номер или имя абонента">
          <input id="search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        </Field>
        <Buttons><button type="submit">Найти</button></Buttons>
      </form>
      {chosen && (
        <Notice>
          <p data-testid="subscriber">
            {chosen.number} — {chosen.name}. Тариф: {chosen.tariff}. Статус: {chosen.status}. Услуги:{" "}
            {chosen.services.map((s) => s.name).join(", ") || "нет"}.
          </p>
        </Notice>
      )}
      {!data ? (
        <Loading error={error} />
      ) : (
        <div class="scroll">
          <table class="table" data-testid="subscribers">
            <thead><tr><th>Номер</th><th>Имя</th><th>Тариф</th><th>Статус</th><th></th></tr></thead>
            <tbody>
              {nodes.map((s) => (
                <tr key={s.id}>
                  <td>{s.number}</td><td>{s.name}</td><td>{s.tariff}</td><td>{s.status}</td>
                  <td><button type="button" onClick={() => setSelected(s.id)} aria-label={`Выбрать ${s.number}`}>Выбрать</button></td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.subscribers.pageInfo.hasNextPage && <p>Показаны первые 50 абонентов; уточните поиск.</p>}
        </div>
      )}
    </section>
  );
}

// ---- Обратная связь ----

const TicketsDoc = graphql(`
  query FeedbackTickets {
    feedbackTickets(first: 50) {
      nodes {
        id
        subject
        text
        status
        createdAt
        replies {
          author
          text
          createdAt
          fromOperator
        }
      }
    }
  }
`);

const CreateTicketDoc = graphql(`
  mutation CreateFeedbackTicket($input: CreateFeedbackTicketInput!) {
    createFeedbackTicket(input: $input) {
      ticket {
        id
      }
      errors {
        ...Refusal
      }
    }
  }
`);

export function Feedback() {
  const { data, error, reload } = useQuery(TicketsDoc);
  const [subject, setSubject] = useState("");
  const [text, setText] = useState("");
  const { errors, busy, run, hold, at: err } = useSubmit();
  const [sent, setSent] = useState(false);
  function submit(e: Event) {
    e.preventDefault();
    setSent(false);
    if (hold([hintAt("subject", requiredHint(subject, "Тема")), hintAt("text", requiredHint(text, "Текст обращения"))])) return;
    void run(async () => {
      const r = (await request(CreateTicketDoc, { input: { subject, text } })).createFeedbackTicket;
      if (!r.errors.length) {
        setSubject("");
        setText("");
        setSent(true);
        reload();
      }
      return r.errors;
    });
  }
  return (
    <section>
      <h1>Обратная связь</h1>
      <p>{SECTION_TEXT.feedback}</p>
      <form onSubmit={submit} noValidate>
        <Field id="subject" label="Тема" error={err("subject")}>
          <input id="subject" value={subject} onInput={(e) => setSubject(e.currentTarget.value)} />
        </Field>
        <Field id="text" label="Текст обращения" error={err("text")}>
          <textarea id="text" rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </Field>
        <Errors errors={errors} placed={["subject", "text"]} />
        {sent && <Notice>Обращение отправлено.</Notice>}
        <Buttons><button type="submit" class="primary" disabled={busy}>Отправить</button></Buttons>
      </form>
      <h2>Обращения</h2>
      {!data ? (
        <Loading error={error} />
      ) : (
        <ul class="tickets">
          {data.feedbackTickets.nodes.map((t) => (
            <li key={t.id}>
              <details>
                <summary>
                  {dateTime(t.createdAt)} — {t.subject} ({t.status})
                </summary>
                <p>{t.text}</p>
                {t.replies.map((r, i) => (
                  <p key={i} class={r.fromOperator ? "reply operator" : "reply"}>
                    <b>{r.author}</b>, {dateTime(r.createdAt)}: {r.text}
                  </p>
                ))}
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

// ---- Переименование абонента ----

const RenameDoc = graphql(`
  mutation RenameSubscribers($input: RenameSubscribersInput!) {
    renameSubscribers(input: $input) {
      request {
        id
        status
        lineCount
      }
      lines {
        ...LineFields
      }
      errors {
        ...Refusal
      }
    }
  }
`);

const RenameRequestsDoc = graphql(`
  query RenameRequests {
    renameRequests(first: 10) {
      nodes {
        id
        status
        createdAt
        lineCount
      }
    }
  }
`);

const OUTCOME: Record<string, string> = {
  DONE: "выполнено",
  ALREADY: "уже так",
  NOT_ALLOWED: "не разрешена на тарифе",
  UNKNOWN_NUMBER: "номер не найден",
};

// A line's result, the same in the renaming and the services answers and the services history.
graphql(`
  fragment LineFields on LineResult {
    position
    number
    ok
    status
    outcome
    error {
      ...Refusal
    }
  }
`);

type Line = LineFieldsFragment;

function LineResults(props: { lines: readonly Line[] }) {
  if (!props.lines.length) return null;
  return (
    <div class="scroll">
      <table class="table" data-testid="line-results">
        <thead><tr><th>Строка</th><th>Номер</th><th>Результат</th></tr></thead>
        <tbody>
          {props.lines.map((l) => (
            <tr key={l.position} class={l.ok ? "" : "bad"}>
              <td>{l.position + 1}</td>
              <td>{l.number}</td>
              <td>
                {!l.ok ? (
                  <span class="error">{l.error?.message}</span>
                ) : l.outcome ? (
                  OUTCOME[l.outcome] ?? l.outcome
                ) : l.status ? (
                  `принято, ${JOB_STATUS[l.status] ?? l.status}`
                ) : (
                  "без ошибок"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type ListJob = { id: string; status: string };

function unfinished(r: ListJob): boolean {
  return r.status === "QUEUED" || r.status === "RUNNING";
}

function listJob(node: { __typename?: string; id?: string; status?: string } | null | undefined): ListJob | null {
  return node?.id && node.status ? { id: node.id, status: node.status } : null;
}

const RenameRequestLiveDoc = graphql(`
  subscription RenameRequestLive($id: ID!) {
    renameRequest(id: $id) {
      id
      status
    }
  }
`);

const ServiceRequestLiveDoc = graphql(`
  subscription ServiceRequestLive($id: ID!) {
    serviceRequest(id: $id) {
      id
      status
    }
  }
`);

const ListJobNowDoc = graphql(`
  query ListJobNow($id: ID!) {
    node(id: $id) {
      id
      ... on RenameRequest {
        status
      }
      ... on ServiceRequest {
        status
      }
    }
  }
`);

export function Rename() {
  const history = useQuery(RenameRequestsDoc);
  // The newest unfinished request, followed live as on the services screen.
  const pending = history.data?.renameRequests.nodes.find(unfinished)?.id;
  useFollow<ListJob>(!!pending, pending, () => ({
    subscribe: subscribeTo(RenameRequestLiveDoc, { id: pending! }, (r) => r.renameRequest),
    poll: async () => listJob((await request(ListJobNowDoc, { id: pending! })).node),
    isEnd: (r) => !unfinished(r),
    onData: () => history.reload(),
    ms: 1500,
  }));
  const [mode, setMode] = useState<"single" | "list" | "file">("single");
  const [number, setNumber] = useState("");
  const [name, setName] = useState("");
  const [list, setList] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const { errors, setErrors, busy, run, hold } = useSubmit();
  const [lines, setLines] = useState<Line[]>([]);
  const [result, setResult] = useState<string | null>(null);

  function submit(e: Event) {
    e.preventDefault();
    setLines([]);
    setResult(null);
    let items: { number: string; name: string }[] | null = null;
    if (mode === "single") {
      const held = hold([
        hintAt("items.0.number", requiredHint(number, "Номер абонента")),
        hintAt("items.0.name", requiredHint(name, "Новое имя")),
      ]);
      if (held) return;
      items = [{ number, name }];
    } else if (mode === "list") {
      const parsed = parseRenameList(list);
      if (hold(parsed.hints.map((h) => hintAt(null, h)))) return;
      items = parsed.items;
    } else if (hold([hintAt("file", file ? null : "Выберите файл CSV или XLSX.")])) return;
    void run(async () => {
      const key = crypto.randomUUID();
      const r = (
        items
          ? await request(RenameDoc, { input: { items, dryRun, idempotencyKey: dryRun ? null : key } })
          : await upload(RenameDoc, { input: { file: null, dryRun, idempotencyKey: dryRun ? null : key } }, "input.file", file!)
      ).renameSubscribers;
      setLines(r.lines);
      const bad = r.lines.filter((l) => !l.ok).length;
      if (r.request) setResult(`Заявка принята: строк ${r.request.lineCount}. Переименование производится в течение 24 часов.`);
      else if (dryRun && r.lines.length)
        setResult(`Проверка без сохранения: строк без ошибок ${r.lines.length - bad}, с ошибками ${bad}.`);
      else if (bad) setResult(`Заявка не принята: строк с ошибками ${bad}. Исправьте их и отправьте список снова.`);
      history.reload();
      return r.errors;
    });
  }

  const singleNumber = mode === "single" ? errorAt(errors, "items.0.number")?.message : undefined;
  const singleName = mode === "single" ? errorAt(errors, "items.0.name")?.message : undefined;
  // A line's refusal (items.N.*, file.ROW.*) is shown on its line; the whole list's at its field.
  const listError = errors.find((x) => x.field === "items")?.message;
  const fileError = errors.find((x) => x.field === "file")?.message;
  return (
    <section>
      <h1>Переименование абонента</h1>
      <p>
        {SECTION_TEXT.rename} Операции по переименованию через Личный кабинет не
        производятся в последние 2 календарных дня месяца. В эти дни переименование возможно по заявлению.
      </p>
      <form onSubmit={submit} noValidate>
        <fieldset class="field">
          <legend>Способ</legend>
          {(
            [
              ["single", "Один абонент"],
              ["list", "Списком"],
              ["file", "Файлом (CSV, XLSX)"],
            ] as const
          ).map(([m, label]) => (
            <label key={m} class="inline">
              <input type="radio" name="rename-mode" value={m} checked={mode === m} onChange={() => (setMode(m), setErrors([]), setLines([]))} /> {label}
            </label>
          ))}
        </fieldset>
        {mode === "single" && (
          <>
            <Field id="rename-number" label="Номер абонента" error={singleNumber}>
              <input id="rename-number" inputMode="tel" placeholder="+375291234567" value={number} onInput={(e) => setNumber(e.currentTarget.value)} />
            </Field>
            <Field id="rename-name" label="Новое имя" error={singleName}>
              <input id="rename-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
            </Field>
          </>
        )}
        {mode === "list" && (
          <Field id="rename-list" label="Список: в каждой строке номер и имя через «;»" hint="Например: +375291234567;Иванов И.И." error={listError}>
            <textarea id="rename-list" rows={6} value={list} aria-describedby="rename-list-hint" onInput={(e) => setList(e.currentTarget.value)} />
          </Field>
        )}
        {mode === "file" && (
          <Field id="rename-file" label="Файл со столбцами «Номер» и «Имя»" hint="CSV (разделитель «;») или XLSX" error={fileError}>
            <input id="rename-file" type="file" accept=".csv,.xlsx,text/csv" aria-describedby="rename-file-hint"
              onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
          </Field>
        )}
        <label class="inline">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.currentTarget.checked)} /> Только проверить, не сохраняя
        </label>
        <Errors errors={errors} placed={["items", "file"]} />
        <Buttons><button type="submit" class="primary" disabled={busy}>{dryRun ? "Проверить" : "Переименовать"}</button></Buttons>
      </form>
      {result && <Notice kind={result.startsWith("Заявка не принята") ? "warn" : "ok"}><span data-testid="rename-result">{result}</span></Notice>}
      {mode !== "single" && <LineResults lines={lines} />}
      <h2>Заявки на переименование</h2>
      {history.data && !history.data.renameRequests.nodes.length ? (
        <p>Заявок нет.</p>
      ) : history.data ? (
        <ul>
          {history.data.renameRequests.nodes.map((r) => (
            <li key={r.id}>
              {dateTime(r.createdAt)}: строк {r.lineCount}, {JOB_STATUS[r.status] ?? r.status}
            </li>
          ))}
        </ul>
      ) : (
        <Loading error={history.error} />
      )}
    </section>
  );
}

// ---- Действия с услугами по списку абонентов ----

const CatalogueDoc = graphql(`
  query AdditionalServices {
    additionalServices {
      code
      name
      allowedTariffs
    }
  }
`);

const ServiceRequestsDoc = graphql(`
  query ServiceRequests {
    serviceRequests(first: 20) {
      nodes {
        id
        action
        serviceCode
        status
        createdAt
        # The first lines only: all of them (up to 10 000 each) exceed the query cost limit.
        lines(first: 50) {
          ...LineFields
        }
      }
    }
  }
`);

const ChangeServicesDoc = graphql(`
  mutation ChangeSubscriberServices($input: ChangeSubscriberServicesInput!) {
    changeSubscriberServices(input: $input) {
      request {
        id
        status
      }
      lines {
        ...LineFields
      }
      errors {
        ...Refusal
      }
    }
  }
`);


export function Services() {
  const catalogue = useQuery(CatalogueDoc);
  const history = useQuery(ServiceRequestsDoc);
  const [action, setAction] = useState<ServiceAction>("ADD");
  const [code, setCode] = useState("");
  const [numbers, setNumbers] = useState("");
  const { errors, busy, run, hold, at } = useSubmit();
  const [lines, setLines] = useState<Line[]>([]);
  const [accepted, setAccepted] = useState(false);
  // The newest unfinished request, followed by the serviceRequest subscription (polling if
  // the socket fails); every change reloads the list.
  const pending = history.data?.serviceRequests.nodes.find(unfinished)?.id;
  useFollow<ListJob>(!!pending, pending, () => ({
    subscribe: subscribeTo(ServiceRequestLiveDoc, { id: pending! }, (r) => r.serviceRequest),
    poll: async () => listJob((await request(ListJobNowDoc, { id: pending! })).node),
    isEnd: (r) => !unfinished(r),
    onData: () => history.reload(),
    ms: 1500,
  }));

  const services = catalogue.data?.additionalServices ?? [];
  const serviceCode = code || services[0]?.code || "";
  function submit(e: Event) {
    e.preventDefault();
    const list = parseNumbers(numbers);
    if (hold([hintAt("numbers", list.length ? null : "Список абонентов пуст.")])) return;
    setAccepted(false);
    void run(async () => {
      const r = (await request(ChangeServicesDoc, { input: { action, serviceCode, numbers: list } })).changeSubscriberServices;
      setLines(r.lines);
      setAccepted(!!r.request);
      history.reload();
      return r.errors;
    });
  }
  const numbersError = at("numbers");
  return (
    <section>
      <h1>Действия с услугами по списку абонентов</h1>
      <p>{SECTION_TEXT.services}</p>
      <form onSubmit={submit} noValidate>
        <fieldset class="field">
          <legend>Действие</legend>
          {(
            [
              ["ADD", "Добавить услугу"],
              ["REMOVE", "Удалить услугу"],
            ] as const
          ).map(([a, label]) => (
            <label key={a} class="inline">
              <input type="radio" name="action" value={a} checked={action === a} onChange={() => setAction(a)} /> {label}
            </label>
          ))}
        </fieldset>
        <Field id="service" label="Услуга" error={errorAt(errors, "serviceCode")?.message}>
          <select id="service" value={serviceCode} onChange={(e) => setCode(e.currentTarget.value)}>
            {services.map((s) => (
              <option key={s.code} value={s.code}>{s.name}</option>
            ))}
          </select>
        </Field>
        <Field id="numbers" label="Номера абонентов (по одному в строке)" error={numbersError}>
          <textarea id="numbers" rows={5} value={numbers} aria-describedby={described("numbers", false, numbersError)}
            onInput={(e) => setNumbers(e.currentTarget.value)} />
        </Field>
        <Errors errors={errors} placed={["numbers", "serviceCode"]} />
        {accepted && <Notice>Заявка принята.</Notice>}
        <Buttons><button type="submit" class="primary" disabled={busy}>Отправить</button></Buttons>
      </form>
      <LineResults lines={lines} />
      <h2>История заявок</h2>
      {!history.data ? (
        <Loading error={history.error} />
      ) : !history.data.serviceRequests.nodes.length ? (
        <p>Заявок за текущий период и два предыдущих месяца нет.</p>
      ) : (
        <div class="scroll">
          <table class="table" data-testid="service-history">
            <thead><tr><th>Дата</th><th>Действие</th><th>Услуга</th><th>Статус</th><th>Абоненты</th></tr></thead>
            <tbody>
              {history.data.serviceRequests.nodes.map((r) => (
                <tr key={r.id} data-status={r.status}>
                  <td>{dateTime(r.createdAt)}</td>
                  <td>{r.action === "ADD" ? "добавить" : "удалить"}</td>
                  <td>{services.find((s) => s.code === r.serviceCode)?.name ?? r.serviceCode}</td>
                  <td>{JOB_STATUS[r.status] ?? r.status}</td>
                  <td>
                    {r.lines.map((l) => `${l.number}: ${l.outcome ? OUTCOME[l.outcome] : l.error?.message ?? "в очереди"}`).join("; ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
