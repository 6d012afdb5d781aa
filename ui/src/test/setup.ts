// jsdom lacks a few browser APIs Element Plus touches.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
const w = window as unknown as Record<string, unknown>
if (!w.ResizeObserver) w.ResizeObserver = NoopResizeObserver
if (!w.matchMedia) {
  w.matchMedia = (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener() {},
    removeListener() {},
    addEventListener() {},
    removeEventListener() {},
    dispatchEvent: () => false,
  })
}
