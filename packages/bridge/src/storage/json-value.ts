/** A value JSON carries as it is: what every record and outbox payload holds. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
