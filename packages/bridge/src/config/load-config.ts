/** Reads a YAML or JSON config file and validates it, reporting the path of every bad field. */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import type { z } from 'zod'
import { BridgeError } from '../errors.js'
import { configSchema, type BridgeConfig } from './schema.js'

export class ConfigError extends BridgeError {
  readonly issues: string[]
  constructor(source: string, issues: string[], message?: string) {
    super('invalid_config', {
      message:
        message ??
        `${source} is not a valid ssobridge config:\n${issues.map((i) => `  - ${i}`).join('\n')}`,
    })
    this.issues = issues
  }
}

/** One line a person can act on, for a config path that is not a readable file. */
function unreadable(file: string, code: string | undefined): ConfigError {
  const why =
    code === 'ENOENT'
      ? 'does not exist'
      : code === 'EISDIR'
        ? 'is a folder, not a file'
        : code === 'EACCES'
          ? 'cannot be read (permission denied)'
          : `cannot be read (${code ?? 'unknown error'})`
  const issue = `cannot read the file (${code ?? 'unknown error'})`
  return new ConfigError(file, [issue], `config file ${resolve(file)} ${why}`)
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.map((part) =>
      typeof part === 'number' ? `[${part}]` : `.${String(part)}`,
    )
    const where = path.join('').replace(/^\./, '') || '(root)'
    return `${where}: ${issue.message}`
  })
}

export function parseConfig(
  raw: unknown,
  env: Record<string, string | undefined> = process.env,
  source = 'config',
  /** Where relative paths in the config (SAML metadata files) are resolved. */
  baseDir?: string,
): BridgeConfig {
  const result = configSchema(env, { baseDir }).safeParse(raw)
  if (!result.success) throw new ConfigError(source, formatIssues(result.error.issues))
  return result.data
}

export function loadConfigFile(
  file: string,
  env: Record<string, string | undefined> = process.env,
): BridgeConfig {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (cause) {
    throw unreadable(file, (cause as NodeJS.ErrnoException).code)
  }
  let raw: unknown
  try {
    // YAML is a superset of JSON, so one parser reads both. Aliases are capped by `yaml` itself.
    raw = parseYaml(text, { prettyErrors: true, uniqueKeys: true })
  } catch (cause) {
    throw new ConfigError(file, [
      `not valid YAML or JSON: ${(cause as Error).message.split('\n')[0]}`,
    ])
  }
  return parseConfig(raw, env, file, dirname(resolve(file)))
}
