import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import type { CardScope, Job, Paper } from '@/bindings'
import { one, oneOf } from '@/api/routeQuery'

// The print centre's choices as an address, so every page's 打印 button is a link:
// /print?kind=cards&by=cadre&id=…&auto=1 opens the centre with the cadre's cards laid out.

export const KINDS = ['cards', 'wall', 'supervision', 'assignment', 'bulletin'] as const
export type Kind = (typeof KINDS)[number]
export const SCOPES = ['all', 'cadre', 'department', 'street', 'enterprise'] as const
export type ScopeBy = (typeof SCOPES)[number]

/** What the form holds: every kind's choices, so switching kind keeps the others. */
export interface PrintChoices {
  kind: Kind
  by: ScopeBy
  id: string
  paper: Paper
  /** 督办单: issue ids or numbers. */
  issues: string[]
  batch: string
  from: string
  to: string
}

export const emptyChoices = (): PrintChoices => ({
  kind: 'cards',
  by: 'all',
  id: '',
  paper: 'a4',
  issues: [],
  batch: '',
  from: '',
  to: '',
})

export function choicesFromQuery(q: LocationQuery): PrintChoices {
  const c = emptyChoices()
  c.kind = oneOf(q.kind, KINDS) || 'cards'
  c.by = oneOf(q.by, SCOPES) || 'all'
  c.id = one(q.id)
  c.paper = oneOf(q.paper, ['a4', 'a3'] as const) || 'a4'
  c.issues = one(q.issues).split(',').map((s) => s.trim()).filter(Boolean)
  c.batch = one(q.batch)
  c.from = one(q.from)
  c.to = one(q.to)
  return c
}

export function queryOf(c: PrintChoices): LocationQueryRaw {
  switch (c.kind) {
    case 'cards':
      return c.by === 'all' ? { kind: c.kind, by: c.by } : { kind: c.kind, by: c.by, id: c.id }
    case 'wall':
      return { kind: c.kind, paper: c.paper }
    case 'supervision':
      return { kind: c.kind, issues: c.issues.join(',') }
    case 'assignment':
      return { kind: c.kind, batch: c.batch }
    case 'bulletin':
      return { kind: c.kind, from: c.from, to: c.to }
  }
}

/** The job core lays out, or null while a needed choice is missing. */
export function jobOf(c: PrintChoices): Job | null {
  switch (c.kind) {
    case 'cards': {
      if (c.by !== 'all' && !c.id) return null
      const scope: CardScope = c.by === 'all' ? { by: 'all' } : ({ by: c.by, id: c.id } as CardScope)
      return { kind: 'cards', scope }
    }
    case 'wall':
      return { kind: 'wall', paper: c.paper }
    case 'supervision':
      return c.issues.length ? { kind: 'supervision', issue_ids: c.issues } : null
    case 'assignment':
      return c.batch ? { kind: 'assignment', batch_id: c.batch } : null
    case 'bulletin':
      return c.from && c.to ? { kind: 'bulletin', from: c.from, to: c.to } : null
  }
}

/** The address of the print centre with `job`'s choices, laid out on arrival. */
export function printLink(choices: Partial<PrintChoices>): { path: string; query: LocationQueryRaw } {
  return { path: '/print', query: { ...queryOf({ ...emptyChoices(), ...choices }), auto: '1' } }
}
