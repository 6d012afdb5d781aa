import type { LocationQuery } from 'vue-router'

// Reading an address's query as the screens' choices: one value, or one of a list.

export function one(v: LocationQuery[string] | undefined): string {
  const s = Array.isArray(v) ? v[0] : v
  return typeof s === 'string' ? s.trim() : ''
}
export function oneOf<T extends string>(v: LocationQuery[string] | undefined, allowed: readonly T[]): T | '' {
  const s = one(v)
  return (allowed as readonly string[]).includes(s) ? (s as T) : ''
}

