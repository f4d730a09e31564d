// Small shared pieces: links of the SPA router, labelled fields with their refusal, lists of errors.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { graphql } from "./gql";
import { unplaced } from "./validate";

type Listener = () => void;
const listeners = new Set<Listener>();

export function navigate(path: string): void {
  if (path !== location.pathname) history.pushState(null, "", path);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    listeners.add(update);
    window.addEventListener("popstate", update);
    return () => {
      listeners.delete(update);
      window.removeEventListener("popstate", update);
    };
  }, []);
  return path;
}

export function Link(props: { href: string; children: ComponentChildren; class?: string }) {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={location.pathname === props.href ? "page" : undefined}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}

// A refusal as every mutation's payload gives it (UserError): its code, the field, the message.
graphql(`
  fragment Refusal on UserError {
    code
    field
    message
  }
`);

/** A refusal to show: the API's (a Refusal) or a top-level error, at a field or not. */
export type FieldError = { field?: string | null; message: string; code?: string };

export function Field(props: {
  id: string;
  label: string;
  error?: string | null;
  hint?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={"field" + (props.error ? " invalid" : "")}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${props.id}-error`} role="alert" data-field-error={props.id}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** aria-describedby for an input inside Field. */
export function described(id: string, hint: boolean, error: string | null | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/** The refusals not shown at a field of `placed` (each is shown once), as one alert. */
export function Errors(props: { errors: readonly FieldError[]; placed?: readonly string[] }) {
  const errors = unplaced(props.errors, props.placed ?? []);
  if (!errors.length) return null;
  return (
    <div class="errors" role="alert">
      {errors.map((e, i) => (
        <p key={i} class="error">
          {e.message}
        </p>
      ))}
    </div>
  );
}

export function Loading(props: { error: string | null }) {
  return props.error ? <Errors errors={[{ message: props.error }]} /> : <p aria-busy="true">Загрузка…</p>;
}

export function Notice(props: { children: ComponentChildren; kind?: "ok" | "warn" }) {
  return (
    <div class={`notice ${props.kind ?? "ok"}`} role="status">
      {props.children}
    </div>
  );
}

export function Buttons(props: { children: ComponentChildren }) {
  return <div class="buttons">{props.children}</div>;
}
