/** Form pieces of the console: labelled fields with their errors, CSRF, values to copy. */
import type { Child } from 'hono/jsx'
import type { FieldIssue } from '../../admin/input.js'

export type Errors = FieldIssue[]

/** Errors for a field: its own path, or anything below it (`callbackUrls[1]` for `callbackUrls`). */
export const errorsFor = (errors: Errors, name: string) =>
  errors.filter(
    (e) => e.path === name || e.path.startsWith(`${name}.`) || e.path.startsWith(`${name}[`),
  )

export function ErrorSummary(props: { errors: Errors; message?: string }) {
  if (props.errors.length === 0 && !props.message) return null
  return (
    <div class="alert" role="alert">
      {props.message ? <p>{props.message}</p> : <p>Please fix these fields:</p>}
      {props.errors.length > 0 ? (
        <ul>
          {props.errors.map((e) => (
            <li>{e.path ? `${e.path}: ${e.message}` : e.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

function FieldErrors(props: { id: string; errors: Errors }) {
  if (props.errors.length === 0) return null
  return (
    <div id={`${props.id}-error`}>
      {props.errors.map((e) => (
        <p class="field-error">{e.message}</p>
      ))}
    </div>
  )
}

interface FieldProps {
  name: string
  label: string
  hint?: string
  errors?: Errors
  errorName?: string
}

const describedBy = (id: string, hint?: string, errors: Errors = []) =>
  [hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ') ||
  undefined

export function TextField(
  props: FieldProps & {
    value?: string | number
    type?: string
    required?: boolean
    autocomplete?: string
    readonly?: boolean
    inputmode?: 'numeric' | 'email' | 'url' | 'text'
  },
) {
  const id = `f-${props.name}`
  const errors = errorsFor(props.errors ?? [], props.errorName ?? props.name)
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value === undefined ? undefined : String(props.value)}
        required={props.required}
        autocomplete={props.autocomplete ?? 'off'}
        readonly={props.readonly}
        inputmode={props.inputmode}
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, errors)}
      />
      <FieldErrors id={id} errors={errors} />
    </div>
  )
}

export function TextArea(props: FieldProps & { value?: string; rows?: number }) {
  const id = `f-${props.name}`
  const errors = errorsFor(props.errors ?? [], props.errorName ?? props.name)
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 4}
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, errors)}
      >
        {props.value ?? ''}
      </textarea>
      <FieldErrors id={id} errors={errors} />
    </div>
  )
}

export function Select(
  props: FieldProps & { value?: string; options: [value: string, label: string][] },
) {
  const id = `f-${props.name}`
  const errors = errorsFor(props.errors ?? [], props.errorName ?? props.name)
  return (
    <div>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      ) : null}
      <select
        id={id}
        name={props.name}
        aria-invalid={errors.length ? 'true' : undefined}
        aria-describedby={describedBy(id, props.hint, errors)}
      >
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
      <FieldErrors id={id} errors={errors} />
    </div>
  )
}

export function Checkbox(props: {
  name: string
  label: string
  checked?: boolean
  value?: string
  required?: boolean
}) {
  return (
    <label class="check">
      <input
        type="checkbox"
        name={props.name}
        value={props.value ?? 'on'}
        checked={props.checked}
        required={props.required}
      />
      {props.label}
    </label>
  )
}

export function Csrf(props: { csrf: string }) {
  return <input type="hidden" name="csrf" value={props.csrf} />
}

/** A POST form of the console, always with the CSRF token. */
export function PostForm(props: {
  action: string
  csrf: string
  children: Child
  class?: string
  multipart?: boolean
  label?: string
}) {
  return (
    <form
      method="post"
      action={props.action}
      class={props.class}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      aria-label={props.label}
    >
      <Csrf csrf={props.csrf} />
      {props.children}
    </form>
  )
}

let copyIds = 0
/** A value to copy elsewhere: read-only and selectable, with a Copy button when script runs. */
export function CopyValue(props: { label: string; value: string; multiline?: boolean }) {
  const id = `copy-${++copyIds}`
  return (
    <div>
      <label for={id}>{props.label}</label>
      <div class="copy">
        {props.multiline ? (
          <textarea id={id} readonly rows={3}>
            {props.value}
          </textarea>
        ) : (
          <input id={id} type="text" readonly value={props.value} />
        )}
        <button type="button" data-copy={id} hidden aria-label={`Copy ${props.label}`}>
          Copy
        </button>
      </div>
    </div>
  )
}

/** Something shown once (a generated secret, password or API key). */
export function ShownOnce(props: { label: string; value: string; children?: Child }) {
  return (
    <div class="secret" role="status">
      <p>
        <strong>Copy this {props.label} now.</strong> It is shown only once; the bridge keeps only a
        sealed or hashed form.
      </p>
      <CopyValue label={props.label} value={props.value} />
      {props.children}
    </div>
  )
}

export const when = (ms: number | undefined) =>
  ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—'

/** A delete button behind a required "I am sure" checkbox (the server checks it too). */
export function DeleteForm(props: { action: string; csrf: string; what: string }) {
  return (
    <PostForm action={props.action} csrf={props.csrf} label={`Delete ${props.what}`}>
      <Checkbox name="confirm" label={`Yes, delete ${props.what}`} required />
      <button type="submit" class="danger">
        Delete
      </button>
    </PostForm>
  )
}
