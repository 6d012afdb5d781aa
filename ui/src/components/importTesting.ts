// For the import tests: a file chosen in the wizard's real file input, as a user or an
// end-to-end test chooses it. The progress channel's mock is progressChannelMock.ts.
import { expect } from 'vitest'
import { byTestId, settle } from '@/test/harness'

export async function chooseFile(testid: string, name: string, text: string) {
  const input = byTestId(testid) as HTMLInputElement
  expect(input.tagName).toBe('INPUT')
  Object.defineProperty(input, 'files', { value: [new File([text], name)], configurable: true })
  input.dispatchEvent(new Event('change'))
  await settle()
}
