/** The change feed's shapes (change-feed.ts has the code): here so storage types import no code. */

/** `ns` changed; `undefined`: anything may have changed (a reconnect, a purge, another process). */
export type ChangeListener = (ns: string | undefined) => void

export interface ChangeFeed {
  /** Returns the unsubscribe. The first subscriber starts the driver's watch. */
  subscribe(listener: ChangeListener): () => void
  /**
   * Whether every change, local or remote, is known to reach the listeners now. A cache serves
   * from memory only while this is true, and reads through otherwise.
   */
  isLive(): boolean
}

/** How a driver learns of other processes' writes. */
export interface RemoteChanges {
  /** Called once, with the first subscriber; `emit` fans out to every listener. */
  start(emit: ChangeListener): void
  isLive(): boolean
  stop(): Promise<void>
}
