/**
 * The chaos test's whole setup on one database: a back-channel logout receiver, N built bridges
 * with one config and one master key whose public URL is HAProxy's frontend, and HAProxy in front
 * of them. close() kills everything it started, whatever state it is in.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  startBackchannelSite,
  type BackchannelSite,
} from '../../packages/bridge/src/testing/backchannel-site.js'
import { freePort } from '../free-port.js'
import { startBridgeCluster, type BridgeCluster } from './bridge-cluster.js'
import { writeChaosConfig, type ChaosConfig } from './chaos-config.js'
import { startHaproxy, type Haproxy } from './haproxy.js'
import { recordingFetch, Tally } from './traffic.js'

export interface ChaosStack {
  haproxy: Haproxy
  cluster: BridgeCluster
  receiver: BackchannelSite
  config: ChaosConfig
  tally: Tally
  fetch: ReturnType<typeof recordingFetch>
  close(): Promise<void>
}

export async function startChaosStack(options: {
  databaseUrl: string
  bridges: number
  workers: number
}): Promise<ChaosStack> {
  const dir = mkdtempSync(join(tmpdir(), 'ssobridge-chaos-'))
  const started: { close(): Promise<void> }[] = []
  const close = async () => {
    for (const part of started.reverse()) await part.close().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const receiver = await startBackchannelSite()
    started.push(receiver)
    const publicPort = await freePort()
    const issuer = `http://127.0.0.1:${publicPort}`
    const config = writeChaosConfig(dir, {
      issuer,
      backchannelUrl: receiver.url,
      users: options.workers,
    })
    const cluster = await startBridgeCluster({
      dir,
      count: options.bridges,
      configPath: config.path,
      databaseUrl: options.databaseUrl,
      env: config.env,
    })
    started.push({ close: cluster.stop })
    const haproxy = await startHaproxy(
      dir,
      publicPort,
      cluster.instances.map(({ name, port }) => ({ name, port })),
    )
    started.push({ close: haproxy.stop })
    await haproxy.waitUp(cluster.instances.map(({ name }) => name))
    const tally = new Tally()
    return { haproxy, cluster, receiver, config, tally, fetch: recordingFetch(tally), close }
  } catch (error) {
    await close()
    throw error
  }
}
