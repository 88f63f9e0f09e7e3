import { applyConfig } from '../config/apply-config.js'
import { loadConfigFile } from '../config/load-config.js'
import { brandingWarnings } from '../domain/brand-palette.js'
import { cliActor } from './admin-context.js'
import type { Output } from './output.js'
import { openStorage } from './open-storage.js'

export async function applyCommand(file: string, io: Output): Promise<number> {
  const config = loadConfigFile(file)
  const { storage, box } = await openStorage(process.env, { file, issuer: config.issuer })
  try {
    const changes = await applyConfig(storage, box, config, Date.now(), cliActor())
    if (changes.length === 0) io.out('nothing to change')
    for (const change of changes) io.out(change)
    for (const app of config.apps)
      for (const warning of brandingWarnings(app.branding)) io.err(`app ${app.id}: ${warning}`)
    return 0
  } finally {
    await storage.close()
  }
}
