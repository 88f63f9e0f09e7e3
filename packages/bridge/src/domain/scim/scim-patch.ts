/**
 * PATCH (RFC 7644 §3.5.2) applied to a resource as its JSON: the result is then checked against
 * the resource's schema like a PUT, so an operation can never store what a PUT could not.
 *
 * Taken as the directories send them: op names in any case (Entra ID's `Replace`, Okta's
 * `replace`); a value object without a path, whose keys may themselves be paths
 * (`name.givenName`, `urn:…:enterprise:2.0:User:department`); a value filter on a multi-valued
 * attribute (`emails[type eq "work"].value`, `members[value eq "…"]`), which an add or replace
 * that matches nothing fills in with a new entry (Entra ID relies on it for emails); `remove` on
 * `members` with a value list (Entra ID's way to remove members).
 */
import { z } from 'zod'
import { invalidPath, invalidSyntax, invalidValue, mutability, noTarget } from './scim-error.js'
import {
  attributesOf,
  canonicalValue,
  extensionsOf,
  isPlainObject,
  PATCH_SCHEMA,
  type AttributeSpec,
} from './scim-schemas.js'

export const MAX_OPERATIONS = 1000
const MAX_PATH = 512

const patchRequest = z.strictObject({
  schemas: z
    .array(z.string())
    .min(1)
    .max(1)
    .refine((s) => s[0]?.toLowerCase() === PATCH_SCHEMA.toLowerCase()),
  Operations: z
    .array(
      z.strictObject({
        op: z.string().max(16),
        path: z.string().max(MAX_PATH).optional(),
        value: z.unknown().optional(),
      }),
    )
    .min(1)
    .max(MAX_OPERATIONS),
})

export type PatchOperation = { op: 'add' | 'remove' | 'replace'; path?: string; value?: unknown }

/** The operations of a PatchOp body, or invalidSyntax / invalidValue. */
export function parsePatch(body: unknown): PatchOperation[] {
  // Okta and Entra ID spell the key `Operations`; any other spelling is read the same way.
  const renamed = isPlainObject(body)
    ? Object.fromEntries(
        Object.entries(body).map(([k, v]) => [
          k.toLowerCase() === 'operations' ? 'Operations' : k,
          v,
        ]),
      )
    : body
  const parsed = patchRequest.safeParse(renamed)
  if (!parsed.success)
    throw invalidSyntax(
      `The body must be a PatchOp (${PATCH_SCHEMA}) with 1 to ${MAX_OPERATIONS} Operations.`,
    )
  return parsed.data.Operations.map(({ op, path, value }) => {
    const name = op.toLowerCase()
    if (name !== 'add' && name !== 'remove' && name !== 'replace')
      throw invalidValue(`The operation ${op.slice(0, 16)} is not one of add, remove, replace.`)
    return { op: name, ...(path !== undefined && { path }), ...(value !== undefined && { value }) }
  })
}

interface ParsedPath {
  /** The object the attribute sits in: the resource itself, or an extension's object by URN. */
  container?: string
  spec: AttributeSpec
  filter?: { attribute: string; value: unknown }
  sub?: string
}

function parsePath(resource: 'User' | 'Group', raw: string): ParsedPath {
  let rest = raw.trim()
  let container: string | undefined
  let specs = attributesOf(resource)
  const lower = rest.toLowerCase()
  const core =
    resource === 'User'
      ? 'urn:ietf:params:scim:schemas:core:2.0:user:'
      : 'urn:ietf:params:scim:schemas:core:2.0:group:'
  if (lower.startsWith(core)) rest = rest.slice(core.length)
  else
    for (const [urn, extension] of Object.entries(extensionsOf(resource)))
      if (lower.startsWith(`${urn}:`)) {
        container = extension.urn
        specs = extension.attributes
        rest = rest.slice(urn.length + 1)
      }
  const match = /^([A-Za-z0-9_$-]+)(?:\[(.*)\])?(?:\.([A-Za-z0-9_$-]+))?$/.exec(rest)
  if (!match) throw invalidPath(`The path ${raw.slice(0, 64)} is not supported.`)
  const [, name, filterText, sub] = match as unknown as [string, string, string?, string?]
  const spec = specs[name.toLowerCase()]
  if (!spec) throw invalidPath(`The attribute ${name.slice(0, 64)} is not in the schema.`)
  if (spec.readOnly || spec.name === 'schemas')
    throw mutability(`The attribute ${spec.name} cannot be changed.`)
  const parsed: ParsedPath = { container, spec }
  if (sub !== undefined) {
    const canonical = spec.sub?.[sub.toLowerCase()]
    if (!canonical) throw invalidPath(`${spec.name} has no sub-attribute ${sub.slice(0, 64)}.`)
    parsed.sub = canonical
  }
  if (filterText !== undefined) {
    if (!spec.multi) throw invalidPath(`${spec.name} is not multi-valued; it takes no filter.`)
    const eq = /^\s*([A-Za-z0-9_$-]+)\s+eq\s+(.+?)\s*$/i.exec(filterText)
    const attribute = eq ? spec.sub?.[(eq[1] as string).toLowerCase()] : undefined
    let value: unknown
    try {
      value = eq ? (JSON.parse(eq[2] as string) as unknown) : undefined
    } catch {
      value = undefined
    }
    if (!attribute || value === undefined || isPlainObject(value) || Array.isArray(value))
      throw invalidPath(`The value filter of ${spec.name} must be \`sub eq "value"\`.`)
    parsed.filter = { attribute, value }
  } else if (spec.multi && sub !== undefined)
    throw invalidPath(
      `${spec.name}.${sub} needs a value filter, as ${spec.name}[type eq "work"].${sub}.`,
    )
  return parsed
}

const sameValue = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string'
    ? a.toLowerCase() === b.toLowerCase()
    : JSON.stringify(a) === JSON.stringify(b)

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value])

/** Applies one operation with a path to a copy of the document. */
function applyAtPath(
  resource: 'User' | 'Group',
  doc: Record<string, unknown>,
  op: PatchOperation,
  path: string,
): void {
  const { container, spec, filter, sub } = parsePath(resource, path)
  const target: Record<string, unknown> = container
    ? ((doc[container] = isPlainObject(doc[container]) ? { ...doc[container] } : {}) as Record<
        string,
        unknown
      >)
    : doc
  const name = spec.name
  if (op.op !== 'remove' && op.value === undefined) throw invalidValue(`${op.op} needs a value.`)
  const value = op.value === undefined ? undefined : canonicalValue(spec, op.value)

  if (spec.multi) {
    const list = Array.isArray(target[name]) ? [...(target[name] as unknown[])] : []
    if (filter) {
      const matches = (item: unknown) =>
        isPlainObject(item) && sameValue(item[filter.attribute], filter.value)
      if (op.op === 'remove') {
        target[name] = sub
          ? list.map((item) => {
              if (!matches(item)) return item
              const { [sub]: _, ...rest } = item as Record<string, unknown>
              return rest
            })
          : list.filter((item) => !matches(item))
        return
      }
      const hits = list.filter(matches)
      if (hits.length === 0) {
        const created = sub ? { [filter.attribute]: filter.value, [sub]: value } : value
        if (!isPlainObject(created)) throw invalidValue(`${name} entries are objects.`)
        target[name] = [...list, { [filter.attribute]: filter.value, ...created }]
        return
      }
      target[name] = list.map((item) => {
        if (!matches(item)) return item
        if (sub) return { ...(item as Record<string, unknown>), [sub]: value }
        if (!isPlainObject(value)) throw invalidValue(`${name} entries are objects.`)
        return op.op === 'add' ? { ...(item as Record<string, unknown>), ...value } : value
      })
      return
    }
    if (op.op === 'remove') {
      // With a value: remove those entries (Entra ID's member removal); without: all of them.
      if (value === undefined) delete target[name]
      else {
        const gone = asList(value).map((v) => (isPlainObject(v) ? v.value : v))
        target[name] = list.filter(
          (item) => !(isPlainObject(item) && gone.some((g) => sameValue(item.value, g))),
        )
      }
      return
    }
    const incoming = asList(value)
    if (!incoming.every(isPlainObject)) throw invalidValue(`${name} entries are objects.`)
    if (op.op === 'replace') target[name] = incoming
    else {
      // add: entries already there (same value) are not added twice.
      const fresh = incoming.filter(
        (v) =>
          !list.some(
            (item) =>
              isPlainObject(item) && v.value !== undefined && sameValue(item.value, v.value),
          ),
      )
      target[name] = [...list, ...fresh]
    }
    return
  }

  if (sub) {
    const parent = isPlainObject(target[name])
      ? { ...(target[name] as Record<string, unknown>) }
      : {}
    if (op.op === 'remove') delete parent[sub]
    else parent[sub] = value
    target[name] = parent
    return
  }
  if (op.op === 'remove') {
    delete target[name]
    return
  }
  // Entra ID sets the manager as its id alone.
  const complex = spec.sub && !isPlainObject(value) && spec.sub.value ? { value } : value
  target[name] =
    op.op === 'add' && isPlainObject(target[name]) && isPlainObject(complex)
      ? { ...(target[name] as Record<string, unknown>), ...complex }
      : complex
}

/** The document after every operation, in order; the input is not changed. */
export function applyPatch(
  resource: 'User' | 'Group',
  document: Record<string, unknown>,
  operations: PatchOperation[],
): Record<string, unknown> {
  const doc: Record<string, unknown> = structuredClone(document)
  for (const op of operations) {
    if (op.path !== undefined && op.path.trim() !== '') {
      applyAtPath(resource, doc, op, op.path)
      continue
    }
    if (op.op === 'remove') throw noTarget('remove needs a path.')
    if (!isPlainObject(op.value))
      throw invalidValue(`${op.op} without a path needs an object of attributes as its value.`)
    for (const [key, value] of Object.entries(op.value)) {
      const extension = extensionsOf(resource)[key.toLowerCase()]
      if (extension && isPlainObject(value)) {
        for (const [inner, innerValue] of Object.entries(value))
          applyOne(resource, doc, op.op, `${extension.urn}:${inner}`, innerValue)
        continue
      }
      // Okta renames a group with {id, displayName}: the id is read-only and ignored.
      const spec = attributesOf(resource)[key.toLowerCase()]
      if (spec?.readOnly || spec?.name === 'schemas') continue
      applyOne(resource, doc, op.op, key, value)
    }
  }
  return doc
}

function applyOne(
  resource: 'User' | 'Group',
  doc: Record<string, unknown>,
  op: 'add' | 'replace',
  path: string,
  value: unknown,
) {
  // null is "unassigned" (RFC 7643 §2.5): a replace with it removes the attribute.
  if (value === null) applyAtPath(resource, doc, { op: 'remove', path }, path)
  else applyAtPath(resource, doc, { op, path, value }, path)
}
