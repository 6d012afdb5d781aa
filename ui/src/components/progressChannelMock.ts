// A stand-in for '@tauri-apps/api/core' in the import tests, whose Rust side the test plays
// through `channels`: vi.mock('@tauri-apps/api/core', () => import('./progressChannelMock')).
// It imports nothing, so the mock cannot wait on a module that imports the mocked one.
export const channels: Channel[] = []

export class Channel {
  onmessage: (p: unknown) => void = () => {}
  constructor() {
    channels.push(this)
  }
}
