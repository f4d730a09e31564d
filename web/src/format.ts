// Russian formatting of periods, dates and money.
const MONTHS = [
  "Январь", "Февраль", "Март", "Апрель", "Май", "Июнь",
  "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь",
];

/** "2026-10" -> "Октябрь 2026". */
export function periodLabel(period: string): string {
  const [year, month] = period.split("-");
  const index = Number(month) - 1;
  return MONTHS[index] ? `${MONTHS[index]} ${year}` : period;
}

const ZONE = "Europe/Minsk";

export function dateTime(value: string | null | undefined): string {
  if (!value) return "";
  return new Date(value).toLocaleString("ru-RU", { timeZone: ZONE, dateStyle: "short", timeStyle: "short" });
}

export function date(value: string | null | undefined): string {
  if (!value) return "";
  const [y, m, d] = value.slice(0, 10).split("-");
  return `${d}.${m}.${y}`;
}

export function money(value: string): string {
  return `${value} BYN`;
}

export const METHOD: Record<string, string> = { EMAIL: "E-mail", SELF_PICKUP: "Получает сам" };
export const INVOICE_FORMAT: Record<string, string> = {
  PDF: "PDF",
  EXCEL: "Excel",
  EXCEL_BREAKDOWN: "Excel с разбивкой",
};
/** How invoices are delivered, as the screens say it: "E-mail: Excel" or "Получает сам". */
export function deliveryLine(d: { method: string; format: string }): string {
  return d.method === "EMAIL" ? `E-mail: ${INVOICE_FORMAT[d.format] ?? d.format}` : (METHOD[d.method] ?? d.method);
}

export const JOB_STATUS: Record<string, string> = {
  QUEUED: "в очереди",
  RUNNING: "выполняется",
  DONE: "выполнено",
  FAILED: "ошибка",
  SENT: "отправлено",
};
