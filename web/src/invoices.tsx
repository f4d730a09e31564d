// «Счета» and its four sub-screens: repeat by e-mail, download by link, delivery method and
// address, current charges. The formation window (D2) is shown with the date it ends.
import { useState } from "preact/hooks";
import { request } from "./api";
import { dateTime, deliveryLine, INVOICE_FORMAT, JOB_STATUS, METHOD, money, periodLabel } from "./format";
import { graphql } from "./gql";
import type {
  AccountsQuery,
  ChargesReportFieldsFragment,
  DeliveryChangeFragment,
  DeliveryMethod,
  DownloadFormat,
  EmailRequestFieldsFragment,
  InvoiceFormat,
  JobFieldsFragment,
} from "./gql/graphql";
import { useQuery, useSubmit } from "./hooks";
import { subscribeTo, useFollow, type Via } from "./live";
import { INVOICES_TEXT_OF, SECTION_TEXT } from "./texts";
import { Buttons, described, Errors, Field, Link, Loading, Notice } from "./ui";
import { EMAILS_HINT, EMAILS_MAX, emailsHint, emailsLength, errorAt } from "./validate";

const AccountsDoc = graphql(`
  query Accounts {
    billingAccounts(first: 100) {
      nodes {
        id
        number
        balance
        downloadablePeriods
        delivery {
          method
          emails
          format
          validFrom
        }
        invoices(first: 12) {
          nodes {
            id
            number
            period
            amountDue
          }
        }
      }
    }
  }
`);

const ServiceDoc = graphql(`
  query InvoiceService {
    invoiceService {
      available
      reason
      resumesAt
    }
  }
`);

type Account = AccountsQuery["billingAccounts"]["nodes"][number];

/** D2: the notice of the formation window, with when the service resumes. */
function ServiceWindow() {
  const { data } = useQuery(ServiceDoc);
  const status = data?.invoiceService;
  if (!status || status.available) return null;
  return (
    <Notice kind="warn">
      <span data-testid="formation-window">
        Услуга не оказывается в период формирования счетов за услуги связи (с 1 по 3 число каждого
        месяца). Услуга возобновится {dateTime(status.resumesAt)}.
      </span>
    </Notice>
  );
}

/** «Счета»'s sub-screens: path, title, text; its menu here and the main menu's sub-list. */
export const INVOICE_LINKS: [string, string, string][] = [
  ["/invoices/email", "Заказать счет на E-mail", INVOICES_TEXT_OF.email],
  ["/invoices/download", "Загрузить счет по ссылке", INVOICES_TEXT_OF.download],
  ["/invoices/delivery", "Изменить способ/адрес доставки", INVOICES_TEXT_OF.delivery],
  ["/invoices/charges", "Начисления за текущий период", INVOICES_TEXT_OF.charges],
];

export function InvoicesMenu() {
  return (
    <section>
      <h1>Счета</h1>
      <p>{SECTION_TEXT.invoices}</p>
      <ServiceWindow />
      <dl class="menu-list">
        {INVOICE_LINKS.map(([href, title, text]) => (
          <div key={href}>
            <dt>
              <Link href={href}>{title}</Link>
            </dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function AccountSelect(props: {
  accounts: readonly Account[];
  value: string;
  onChange: (id: string) => void;
  error?: string | null;
}) {
  return (
    <Field id="account" label="Выберите лицевой счет:" error={props.error}>
      <select
        id="account"
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described("account", false, props.error)}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.number}
          </option>
        ))}
      </select>
    </Field>
  );
}

function useAccounts() {
  const { data, error, reload } = useQuery(AccountsDoc);
  return { accounts: data?.billingAccounts.nodes ?? null, error, reload };
}

// ---- «Заказать счет на E-mail» ----

const OrderEmailDoc = graphql(`
  mutation OrderInvoiceEmail($input: OrderInvoiceEmailInput!) {
    orderInvoiceEmail(input: $input) {
      request {
        ...EmailRequestFields
      }
      errors {
        ...Refusal
      }
    }
  }
`);

// What the screen shows of a repeat, the same by the query (polling) and the subscription.
graphql(`
  fragment EmailRequestFields on InvoiceEmailRequest {
    id
    status
    progress
    emails
  }
`);

const EmailRequestDoc = graphql(`
  query InvoiceEmailRequest($id: ID!) {
    invoiceEmailRequest(id: $id) {
      ...EmailRequestFields
    }
  }
`);

const EmailRequestSubscriptionDoc = graphql(`
  subscription InvoiceEmailRequestLive($id: ID!) {
    invoiceEmailRequest(id: $id) {
      ...EmailRequestFields
    }
  }
`);

type EmailRequest = EmailRequestFieldsFragment;

export function OrderEmail() {
  const { accounts, error } = useAccounts();
  const [step, setStep] = useState<"account" | "period" | "sent">("account");
  const [accountId, setAccountId] = useState("");
  const [period, setPeriod] = useState("");
  const { errors, busy, run } = useSubmit();
  const [req, setReq] = useState<EmailRequest | null>(null);
  const [via, setVia] = useState<Via | null>(null);
  const [key] = useState(() => crypto.randomUUID());

  // The status by the invoiceEmailRequest subscription; polling if the socket fails or closes early.
  useFollow<EmailRequest>(step === "sent" && !!req && req.status !== "DONE", req?.id, () => ({
    subscribe: subscribeTo(EmailRequestSubscriptionDoc, { id: req!.id }, (r) => r.invoiceEmailRequest),
    poll: async () => (await request(EmailRequestDoc, { id: req!.id })).invoiceEmailRequest ?? null,
    isEnd: (r) => r.status === "DONE",
    onData: (r, how) => {
      setReq(r);
      setVia(how);
    },
    ms: 1000,
  }));

  if (!accounts) return <Loading error={error} />;
  const account = accounts.find((a) => a.id === accountId) ?? accounts[0];
  const periods = account?.invoices.nodes.map((i) => i.period) ?? [];

  function submit(e: Event) {
    e.preventDefault();
    if (step === "account") {
      setAccountId(account.id);
      setPeriod(periods[0] ?? "");
      setStep("period");
      return;
    }
    void run(async () => {
      const r = (
        await request(OrderEmailDoc, {
          input: { billingAccountId: account.id, period: period || periods[0], idempotencyKey: `${key}-${period}` },
        })
      ).orderInvoiceEmail;
      if (!r.errors.length && r.request) {
        setReq(r.request);
        setStep("sent");
      }
      return r.errors;
    });
  }

  return (
    <section>
      <h1>{step === "account" ? "Заказать счет на E-mail" : "Заказ счета на E-mail"}</h1>
      <ServiceWindow />
      {step === "sent" && req ? (
        <Notice>
          <p data-testid="email-ordered" data-status={req.status} data-via={via ?? undefined}>
            Счет за {periodLabel(period)} будет отправлен на адрес: {req.emails.join(";")}. Статус:{" "}
            {JOB_STATUS[req.status] ?? req.status}.
          </p>
          <Buttons>
            <Link href="/invoices">В меню</Link>
          </Buttons>
        </Notice>
      ) : (
        <form onSubmit={submit}>
          {step === "account" ? (
            <AccountSelect
              accounts={accounts}
              value={account?.id ?? ""}
              onChange={setAccountId}
              error={errorAt(errors, "billingAccountId")?.message}
            />
          ) : (
            <Field id="period" label="Выберите период счета" error={errorAt(errors, "period")?.message}>
              <select
                id="period"
                value={period}
                aria-describedby={described("period", false, errorAt(errors, "period")?.message)}
                onChange={(e) => setPeriod(e.currentTarget.value)}
              >
                {periods.map((p) => (
                  <option key={p} value={p}>
                    {periodLabel(p)}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Errors errors={errors} placed={["period", "billingAccountId"]} />
          <Buttons>
            {step === "account" ? (
              <Link href="/invoices">В меню</Link>
            ) : (
              <button type="button" onClick={() => setStep("account")}>
                Назад
              </button>
            )}
            <button type="submit" class="primary" disabled={busy}>
              Далее
            </button>
          </Buttons>
        </form>
      )}
    </section>
  );
}

// ---- «Загрузить счет по ссылке» ----

const OrderDownloadDoc = graphql(`
  mutation OrderInvoiceDownload($input: OrderInvoiceDownloadInput!) {
    orderInvoiceDownload(input: $input) {
      job {
        ...JobFields
      }
      errors {
        ...Refusal
      }
    }
  }
`);

// What the screen shows of a download job, the same by the query (polling) and the subscription.
graphql(`
  fragment JobFields on DocumentJob {
    id
    status
    progress
    downloadUrl
    expiresAt
    error {
      code
      message
    }
  }
`);

const JobDoc = graphql(`
  query DocumentJob($id: ID!) {
    documentJob(id: $id) {
      ...JobFields
    }
  }
`);

const JobSubscriptionDoc = graphql(`
  subscription DocumentJobLive($id: ID!) {
    documentJob(id: $id) {
      ...JobFields
    }
  }
`);

type Job = JobFieldsFragment;
const jobEnded = (j: Job) => j.status === "DONE" || j.status === "FAILED";

export function Download() {
  const { accounts, error } = useAccounts();
  const [accountId, setAccountId] = useState("");
  const [period, setPeriod] = useState("");
  const [format, setFormat] = useState<DownloadFormat>("PDF");
  const { errors, busy, run } = useSubmit();
  const [job, setJob] = useState<Job | null>(null);
  const running = !!job && (job.status === "QUEUED" || job.status === "RUNNING");

  const [via, setVia] = useState<Via | null>(null);

  // Progress by the documentJob subscription; polling documentJob if the socket fails or closes early.
  useFollow<Job>(running, job?.id, () => ({
    subscribe: subscribeTo(JobSubscriptionDoc, { id: job!.id }, (r) => r.documentJob),
    poll: async () => (await request(JobDoc, { id: job!.id })).documentJob ?? null,
    isEnd: jobEnded,
    onData: (j, how) => {
      setJob(j);
      setVia(how);
    },
    ms: 500,
  }));

  if (!accounts) return <Loading error={error} />;
  const account = accounts.find((a) => a.id === accountId) ?? accounts[0];
  const periods = account?.downloadablePeriods ?? [];
  const chosen = periods.includes(period) ? period : periods[0] ?? "";

  function submit(e: Event) {
    e.preventDefault();
    setJob(null);
    void run(async () => {
      const r = (await request(OrderDownloadDoc, { input: { billingAccountId: account.id, period: chosen, format } }))
        .orderInvoiceDownload;
      if (!r.errors.length) setJob(r.job ?? null);
      return r.errors;
    });
  }

  const periodError = errorAt(errors, "period")?.message;
  return (
    <section>
      <h1>Загрузить счет по ссылке</h1>
      <p>
        Просмотр счета возможен за предыдущие два месяца. Для получения счета за текущий месяц обращайтесь в
        отдел обслуживания.
      </p>
      <ServiceWindow />
      <form onSubmit={submit}>
        <AccountSelect
          accounts={accounts}
          value={account?.id ?? ""}
          onChange={setAccountId}
          error={errorAt(errors, "billingAccountId")?.message}
        />
        <Field id="month" label="Выберите месяц, за который желаете получить счет:" error={periodError}>
          <select
            id="month"
            value={chosen}
            aria-describedby={described("month", false, periodError)}
            onChange={(e) => setPeriod(e.currentTarget.value)}
          >
            {periods.map((p) => (
              <option key={p} value={p}>
                {periodLabel(p)}
              </option>
            ))}
          </select>
        </Field>
        <fieldset class="field">
          <legend>Выберите формат файла:</legend>
          {(
            [
              ["PDF", "PDF"],
              ["XLSX", "XLS"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} class="inline">
              <input
                type="radio"
                name="format"
                value={value}
                checked={format === value}
                onChange={() => setFormat(value)}
              />{" "}
              {label}
            </label>
          ))}
          {errorAt(errors, "format") && <p class="error">{errorAt(errors, "format")!.message}</p>}
        </fieldset>
        <Errors errors={errors} placed={["period", "billingAccountId", "format"]} />
        <p>Для получения счета нажмите Далее</p>
        <Buttons>
          <Link href="/invoices">В меню</Link>
          <button type="submit" class="primary" disabled={busy || running}>
            Далее
          </button>
        </Buttons>
      </form>
      {job && running && (
        <div class="progress" role="status" aria-live="polite">
          <label for="job-progress">Формирование счета: {JOB_STATUS[job.status]}…</label>
          {job.progress != null ? (
            <progress id="job-progress" data-testid="job-progress" data-via={via ?? undefined} value={job.progress} max={100}>
              {job.progress}%
            </progress>
          ) : (
            <progress id="job-progress" data-testid="job-progress" data-via={via ?? undefined} />
          )}
          <p>Внимание! Формирование счета занимает определенное время, поэтому дождитесь окончания процесса.</p>
        </div>
      )}
      {job?.status === "DONE" && job.downloadUrl && (
        <Notice>
          <p>
            Счет сформирован.{" "}
            <a href={job.downloadUrl} download data-testid="download-link" data-via={via ?? undefined}>
              Скачать счет
            </a>
            {job.expiresAt && <> (ссылка действует до {dateTime(job.expiresAt)})</>}
          </p>
        </Notice>
      )}
      {job?.status === "FAILED" && <Errors errors={[{ message: job.error?.message ?? "Не удалось сформировать счет." }]} />}
    </section>
  );
}

// ---- «Изменить способ/адрес доставки» ----

// The three changes answer alike: the settings now in force, from which period, or refusals.
graphql(`
  fragment DeliveryChange on DeliverySettingsPayload {
    delivery {
      method
      emails
      format
      validFrom
    }
    appliesFromPeriod
    errors {
      ...Refusal
    }
  }
`);

const ChangeMethodDoc = graphql(`
  mutation ChangeDeliveryMethod($input: ChangeDeliveryMethodInput!) {
    changeDeliveryMethod(input: $input) {
      ...DeliveryChange
    }
  }
`);

const ChangeEmailsDoc = graphql(`
  mutation ChangeDeliveryEmails($input: ChangeDeliveryEmailsInput!) {
    changeDeliveryEmails(input: $input) {
      ...DeliveryChange
    }
  }
`);

const ChangeFormatDoc = graphql(`
  mutation ChangeInvoiceFormat($input: ChangeInvoiceFormatInput!) {
    changeInvoiceFormat(input: $input) {
      ...DeliveryChange
    }
  }
`);

type Settings = Account["delivery"];

export function Delivery() {
  const { accounts, error, reload } = useAccounts();
  type Step = "account" | "current" | "method" | "choice" | "emails" | "format" | "done";
  const [step, setStep] = useState<Step>("account");
  const [accountId, setAccountId] = useState("");
  const [method, setMethod] = useState<DeliveryMethod>("EMAIL");
  const [emails, setEmails] = useState("");
  const [format, setFormat] = useState<InvoiceFormat>("PDF");
  const { errors, setErrors, busy, run } = useSubmit();
  const [done, setDone] = useState<{ delivery: Settings; applies: string | null } | null>(null);

  if (!accounts) return <Loading error={error} />;
  const account = accounts.find((a) => a.id === accountId) ?? accounts[0];
  const current = account.delivery;

  function go(next: Step) {
    setErrors([]);
    setStep(next);
  }

  function save(change: () => Promise<DeliveryChangeFragment>) {
    void run(async () => {
      const r = await change();
      if (!r.errors.length && r.delivery) {
        setDone({ delivery: r.delivery, applies: r.appliesFromPeriod ?? null });
        setStep("done");
        reload();
      }
      return r.errors;
    });
  }

  function submitEmails(e: Event) {
    e.preventDefault();
    // D7 is the server's: whatever was typed is sent, and its refusal is shown at the field.
    if (current.method !== "EMAIL")
      save(async () => (await request(ChangeMethodDoc, { input: { billingAccountId: account.id, method: "EMAIL", emails } })).changeDeliveryMethod);
    else save(async () => (await request(ChangeEmailsDoc, { input: { billingAccountId: account.id, emails } })).changeDeliveryEmails);
  }

  const emailsError = errorAt(errors, "emails")?.message ?? null;
  const emailsCheck = emails ? emailsHint(emails) : null;

  return (
    <section>
      <h1>
        {step === "emails" ? "Выберите адрес доставки" : step === "format" ? "Выберите формат счёта" : step === "choice" ? "Текущий адрес" : "Изменение способа/адреса доставки"}
      </h1>
      {step === "account" && (
        <form onSubmit={(e) => (e.preventDefault(), setAccountId(account.id), go("current"))}>
          <AccountSelect accounts={accounts} value={account.id} onChange={setAccountId} />
          <Buttons>
            <Link href="/invoices">В меню</Link>
            <button type="submit" class="primary">
              Далее
            </button>
          </Buttons>
        </form>
      )}
      {step === "current" && (
        <div>
          <table class="table">
            <thead>
              <tr>
                <th>Текущий способ доставки</th>
                <th>Текущий адрес доставки</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td data-testid="current-method">{deliveryLine(current)}</td>
                <td data-testid="current-address">{current.emails.join(";") || "—"}</td>
              </tr>
            </tbody>
          </table>
          <Buttons>
            <Link href="/invoices">В меню</Link>
            <button type="button" class="primary" onClick={() => (setMethod(current.method), go("method"))}>
              Изменить
            </button>
          </Buttons>
        </div>
      )}
      {step === "method" && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (method === "SELF_PICKUP")
              save(async () => (await request(ChangeMethodDoc, { input: { billingAccountId: account.id, method: "SELF_PICKUP" } })).changeDeliveryMethod);
            else if (current.method === "EMAIL") go("choice");
            else (setEmails(""), go("emails"));
          }}
        >
          <dl>
            <dt>E-mail:</dt>
            <dd>
              счет за услуги связи будет приходить на указанный Вами адрес электронной почты (в формате PDF). При
              выборе дополнительного носителя Excel или Excel с разбивкой Вы будете получать счета в формате Excel
              или Excel с разбивкой детализации на рабочее (9:00-18:00), нерабочее время и выходные\праздничные дни.
            </dd>
            <dt>Получает сам:</dt>
            <dd>
              Вы можете отказаться от получения счетов по почте или электронной почте. Счет за услуги связи можно
              будет загрузить по ссылке («скачать») через Личный кабинет.
            </dd>
          </dl>
          <fieldset class="field">
            <legend>Выберите способ доставки:</legend>
            {(["SELF_PICKUP", "EMAIL"] as const).map((m) => (
              <label key={m} class="inline">
                <input type="radio" name="method" value={m} checked={method === m} onChange={() => setMethod(m)} />{" "}
                {METHOD[m]}
              </label>
            ))}
          </fieldset>
          <Errors errors={errors} />
          <Buttons>
            <button type="button" onClick={() => go("current")}>
              Назад
            </button>
            <button type="submit" class="primary" disabled={busy}>
              Далее
            </button>
          </Buttons>
        </form>
      )}
      {step === "choice" && (
        <div>
          <p>Текущий e-mail: {current.emails.join(";")}</p>
          <p>Формат счёта: {INVOICE_FORMAT[current.format]}</p>
          <Buttons>
            <button type="button" onClick={() => go("method")}>
              Назад
            </button>
            <button type="button" onClick={() => (setEmails(current.emails.join(";")), go("emails"))}>
              Изменить текущий e-mail
            </button>
            <button type="button" onClick={() => (setFormat(current.format), go("format"))}>
              Изменить формат счёта
            </button>
          </Buttons>
        </div>
      )}
      {step === "emails" && (
        <form onSubmit={submitEmails} noValidate>
          <p>Текущий e-mail: {current.emails.join(";") || "—"}</p>
          <Field id="emails" label="Введите адрес e-mail для доставки счетов:" hint={EMAILS_HINT + "."} error={emailsError}>
            <input
              id="emails"
              type="text"
              inputMode="email"
              autoComplete="email"
              maxLength={400}
              value={emails}
              aria-invalid={emailsError ? true : undefined}
              aria-describedby={described("emails", true, emailsError)}
              onInput={(e) => setEmails(e.currentTarget.value)}
            />
          </Field>
          <p class="counter" aria-live="polite" data-testid="emails-counter">
            {emailsLength(emails)}/{EMAILS_MAX}
            {emailsCheck && ` — ${emailsCheck}`}
          </p>
          <Errors errors={errors} placed={["emails"]} />
          <Buttons>
            <button type="button" onClick={() => go(current.method === "EMAIL" ? "choice" : "method")}>
              Назад
            </button>
            <button type="submit" class="primary" disabled={busy}>
              Далее
            </button>
          </Buttons>
        </form>
      )}
      {step === "format" && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save(async () => (await request(ChangeFormatDoc, { input: { billingAccountId: account.id, format } })).changeInvoiceFormat);
          }}
        >
          <p>Формат счёта: {INVOICE_FORMAT[current.format].toLowerCase()}</p>
          <Field id="invoice-format" label="Выберите формат счёта:" error={errorAt(errors, "format")?.message}>
            <select id="invoice-format" value={format} onChange={(e) => setFormat(e.currentTarget.value as InvoiceFormat)}>
              {(["PDF", "EXCEL", "EXCEL_BREAKDOWN"] as const).map((f) => (
                <option key={f} value={f}>
                  {INVOICE_FORMAT[f]}
                </option>
              ))}
            </select>
          </Field>
          <Errors errors={errors} placed={["format"]} />
          <Buttons>
            <button type="button" onClick={() => go("choice")}>
              Назад
            </button>
            <button type="submit" class="primary" disabled={busy}>
              Далее
            </button>
          </Buttons>
        </form>
      )}
      {step === "done" && done && (
        <Notice>
          <p data-testid="delivery-saved">
            Изменения сохранены: {deliveryLine(done.delivery)}
            {done.delivery.emails.length ? `, ${done.delivery.emails.join(";")}` : ""}.
          </p>
          {done.applies && (
            <p data-testid="applies-from">Новые настройки применяются начиная со счета за {periodLabel(done.applies)}.</p>
          )}
          <Buttons>
            <button type="button" onClick={() => go("current")}>
              Назад
            </button>
            <Link href="/invoices">В меню</Link>
          </Buttons>
        </Notice>
      )}
    </section>
  );
}

// ---- «Начисления за текущий период» ----

// What the screen shows of a charges order, the same by the query (polling) and the subscription.
graphql(`
  fragment ChargesReportFields on ChargesReport {
    id
    status
    email
  }
`);

const OrderChargesDoc = graphql(`
  mutation OrderCurrentCharges($input: OrderCurrentChargesInput!) {
    orderCurrentCharges(input: $input) {
      report {
        ...ChargesReportFields
      }
      errors {
        ...Refusal
      }
    }
  }
`);

const ChargesReportDoc = graphql(`
  query ChargesReport($id: ID!) {
    chargesReport(id: $id) {
      ...ChargesReportFields
    }
  }
`);

const ChargesReportSubscriptionDoc = graphql(`
  subscription ChargesReportLive($id: ID!) {
    chargesReport(id: $id) {
      ...ChargesReportFields
    }
  }
`);

type Report = ChargesReportFieldsFragment;

export function Charges() {
  const { accounts, error } = useAccounts();
  const [accountId, setAccountId] = useState("");
  const { errors, busy, run } = useSubmit();
  const [report, setReport] = useState<Report | null>(null);
  const [via, setVia] = useState<Via | null>(null);

  // The status by the chargesReport subscription; polling if the socket fails or closes early.
  useFollow<Report>(!!report && (report.status === "QUEUED" || report.status === "RUNNING"), report?.id, () => ({
    subscribe: subscribeTo(ChargesReportSubscriptionDoc, { id: report!.id }, (r) => r.chargesReport),
    poll: async () => (await request(ChargesReportDoc, { id: report!.id })).chargesReport ?? null,
    isEnd: (r) => r.status === "SENT" || r.status === "FAILED",
    onData: (r, how) => {
      setReport(r);
      setVia(how);
    },
    ms: 1000,
  }));

  if (!accounts) return <Loading error={error} />;
  const account = accounts.find((a) => a.id === accountId) ?? accounts[0];

  function submit(e: Event) {
    e.preventDefault();
    void run(async () => {
      const r = (await request(OrderChargesDoc, { input: { billingAccountId: account.id } })).orderCurrentCharges;
      if (!r.errors.length) setReport(r.report ?? null);
      return r.errors;
    });
  }

  return (
    <section>
      <h1>Начисления за текущий период</h1>
      <p>{INVOICES_TEXT_OF.charges}</p>
      <form onSubmit={submit}>
        <AccountSelect accounts={accounts} value={account.id} onChange={setAccountId} error={errorAt(errors, "billingAccountId")?.message} />
        <p>
          Баланс лицевого счета: {money(account.balance)}. Последний счет:{" "}
          {account.invoices.nodes[0] ? `${periodLabel(account.invoices.nodes[0].period)}, к оплате ${money(account.invoices.nodes[0].amountDue)}` : "—"}
        </p>
        <Errors errors={errors} placed={["billingAccountId"]} />
        <Buttons>
          <Link href="/invoices">В меню</Link>
          <button type="submit" class="primary" disabled={busy}>
            Далее
          </button>
        </Buttons>
      </form>
      {report && (
        <Notice>
          <p data-testid="charges-ordered" data-status={report.status} data-via={via ?? undefined}>
            Информация о начислениях будет отправлена на {report.email}. Статус: {JOB_STATUS[report.status] ?? report.status}.
          </p>
        </Notice>
      )}
    </section>
  );
}

