/** Where a command prints: standard output for results, standard error for problems. */
export type Output = { out(line: string): void; err(line: string): void }

export const consoleOutput: Output = { out: (l) => console.log(l), err: (l) => console.error(l) }
