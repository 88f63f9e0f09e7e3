/**
 * The filters a directory sends to find what it provisioned (RFC 7644 §3.4.2.2), and no more:
 * `attr eq "value"`, at most two joined by `and`, on the attributes the bridge indexes. Anything
 * else (`or`, `not`, groupings, `co`, `sw`, `pr`, value paths) is refused as invalidFilter
 * instead of being run as a scan: every filter answered here is one index read.
 */
import { invalidFilter } from './scim-error.js'
import { GROUP_SCHEMA, USER_SCHEMA } from './scim-schemas.js'

export const MAX_FILTER_LENGTH = 512

export interface EqualityCondition {
  /** The attribute, in the schema's spelling. */
  attribute: string
  value: string
}

const FILTERABLE: Record<'User' | 'Group', Record<string, string>> = {
  User: { username: 'userName', externalid: 'externalId', id: 'id' },
  Group: { displayname: 'displayName', externalid: 'externalId', id: 'id' },
}
const CORE: Record<'User' | 'Group', string> = { User: USER_SCHEMA, Group: GROUP_SCHEMA }

type Token = { kind: 'word'; text: string } | { kind: 'string'; text: string }

function tokenize(filter: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < filter.length) {
    const ch = filter[i] as string
    if (ch === ' ') {
      i++
      continue
    }
    if (ch === '"') {
      // A JSON string: its escapes are JSON's.
      let j = i + 1
      while (j < filter.length && filter[j] !== '"') j += filter[j] === '\\' ? 2 : 1
      if (j >= filter.length) throw invalidFilter('The filter has an unterminated string.')
      let value: unknown
      try {
        value = JSON.parse(filter.slice(i, j + 1))
      } catch {
        throw invalidFilter('The filter has a malformed string.')
      }
      tokens.push({ kind: 'string', text: value as string })
      i = j + 1
      continue
    }
    const word = /^[A-Za-z0-9:._$-]+/.exec(filter.slice(i))
    if (!word)
      throw invalidFilter(
        'Only `attribute eq "value"`, joined by `and`, is supported (no groupings or value paths).',
      )
    tokens.push({ kind: 'word', text: word[0] })
    i += word[0].length
  }
  return tokens
}

/** The conditions of a filter, all of which must hold. */
export function parseFilter(resource: 'User' | 'Group', filter: string): EqualityCondition[] {
  if (filter.length > MAX_FILTER_LENGTH)
    throw invalidFilter(`The filter is longer than ${MAX_FILTER_LENGTH} characters.`)
  const tokens = tokenize(filter)
  const conditions: EqualityCondition[] = []
  let i = 0
  for (;;) {
    const [attr, op, value] = [tokens[i], tokens[i + 1], tokens[i + 2]]
    if (attr?.kind !== 'word' || op?.kind !== 'word' || !value)
      throw invalidFilter('The filter must be `attribute eq "value"`.')
    if (op.text.toLowerCase() !== 'eq')
      throw invalidFilter(`The operator ${op.text.slice(0, 8)} is not supported; only eq is.`)
    if (value.kind !== 'string') throw invalidFilter('The compared value must be a quoted string.')
    conditions.push({ attribute: filterable(resource, attr.text), value: value.text })
    i += 3
    if (i === tokens.length) break
    const joiner = tokens[i]
    if (joiner?.kind !== 'word' || joiner.text.toLowerCase() !== 'and')
      throw invalidFilter('Only `and` may join two conditions.')
    if (conditions.length === 2) throw invalidFilter('A filter may join at most two conditions.')
    i++
  }
  return conditions
}

function filterable(resource: 'User' | 'Group', path: string): string {
  let name = path
  const core = `${CORE[resource].toLowerCase()}:`
  if (name.toLowerCase().startsWith(core)) name = name.slice(core.length)
  const attribute = FILTERABLE[resource][name.toLowerCase()]
  if (!attribute)
    throw invalidFilter(
      `Filtering ${resource}s is supported on ${Object.values(FILTERABLE[resource]).join(', ')}.`,
    )
  return attribute
}
