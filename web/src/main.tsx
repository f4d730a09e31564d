import { type FunctionComponent, render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { getToken, setUnauthenticatedHandler } from "./api";
import { Charges, Delivery, Download, INVOICE_LINKS, InvoicesMenu, OrderEmail } from "./invoices";
import { Feedback, Info, Installments, Login, logout, Payments, Rename, Services, Subscribers } from "./screens";
import "./style.css";
import { SECTION_TEXT } from "./texts";
import { Link, navigate, usePath } from "./ui";

const MENU: [string, string, string][] = [
  ["/info", "Персональная информация", SECTION_TEXT.info],
  ["/payments", "Платежи", SECTION_TEXT.payments],
  ["/invoices", "Счета", SECTION_TEXT.invoices],
  ["/installments", "Информация по рассрочке", SECTION_TEXT.installments],
  ["/subscribers", "Выбор абонента", SECTION_TEXT.subscribers],
  ["/feedback", "Обратная связь", SECTION_TEXT.feedback],
  ["/rename", "Переименование абонента", SECTION_TEXT.rename],
  ["/services", "Действия с услугами по списку абонентов", SECTION_TEXT.services],
];

function Home() {
  return (
    <section>
      <h1>Главное меню администратора</h1>
      <dl class="menu-list">
        {MENU.map(([href, title, text]) => (
          <div key={href}>
            <dt><Link href={href}>{title}</Link></dt>
            <dd>{text}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

const SCREENS: Record<string, FunctionComponent> = {
  "/info": Info,
  "/payments": Payments,
  "/invoices": InvoicesMenu,
  "/invoices/email": OrderEmail,
  "/invoices/download": Download,
  "/invoices/delivery": Delivery,
  "/invoices/charges": Charges,
  "/installments": Installments,
  "/subscribers": Subscribers,
  "/feedback": Feedback,
  "/rename": Rename,
  "/services": Services,
};

function Screen(props: { path: string }) {
  const Shown = SCREENS[props.path] ?? Home;
  return <Shown />;
}

function App() {
  const path = usePath();
  const [signedIn, setSignedIn] = useState(!!getToken());
  const [open, setOpen] = useState(false);
  useEffect(() => setUnauthenticatedHandler(() => setSignedIn(false)), []);
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    const h1 = document.querySelector<HTMLElement>("main h1");
    h1?.setAttribute("tabindex", "-1");
    h1?.focus();
  }, [path, signedIn]);
  if (!signedIn)
    return (
      <main id="main" class="narrow">
        <Login onDone={() => (setSignedIn(true), navigate(path === "/login" ? "/" : path))} />
      </main>
    );
  return (
    <div class="layout">
      <a class="skip" href="#main">К содержимому</a>
      <header>
        <Link href="/" class="brand">Личный кабинет</Link>
        <button type="button" class="menu-toggle" aria-expanded={open} aria-controls="menu" onClick={() => setOpen(!open)}>
          Меню
        </button>
      </header>
      <nav id="menu" class={open ? "menu open" : "menu"} aria-label="Главное меню администратора">
        <ul>
          {MENU.map(([href, title]) => (
            <li key={href}>
              <Link href={href}>{title}</Link>
              {href === "/invoices" && path.startsWith("/invoices") && (
                <ul>
                  {INVOICE_LINKS.map(([h, t]) => (
                    <li key={h}><Link href={h}>{t}</Link></li>
                  ))}
                </ul>
              )}
            </li>
          ))}
          <li>
            <button type="button" class="link" onClick={() => void logout().then(() => setSignedIn(false))}>Выход</button>
          </li>
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Screen path={path} />
      </main>
    </div>
  );
}

render(<App />, document.getElementById("app")!);
