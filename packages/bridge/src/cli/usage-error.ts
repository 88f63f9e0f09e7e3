/** A command line the CLI cannot run: printed with the command's usage, exit status 2. */
export class UsageError extends Error {}

/** A value the user can fix from the message alone: one line, no usage text after it. */
export class InvalidOptionError extends UsageError {}
