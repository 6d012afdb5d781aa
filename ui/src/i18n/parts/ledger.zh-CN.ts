// Messages of the ledger screens. ledger.en.ts must have the same keys.
export default {
  title: '问题台账',
}
