// For the import tests: the progress channel, whose Rust side the test plays through `channels`
// (mock '@tauri-apps/api/core' with `{ Channel: FakeChannel }`), and a file chosen in the wizard's
// real file input, as a user or an end-to-end test chooses it.
import { expect } from 'vitest'
import { byTestId, settle } from '@/test/harness'

export const channels: FakeChannel[] = []

export class FakeChannel {
  onmessage: (p: unknown) => void = () => {}
  constructor() {
    channels.push(this)
  }
}

export async function chooseFile(testid: string, name: string, text: string) {
  const input = byTestId(testid) as HTMLInputElement
  expect(input.tagName).toBe('INPUT')
  Object.defineProperty(input, 'files', { value: [new File([text], name)], configurable: true })
  input.dispatchEvent(new Event('change'))
  await settle()
}
