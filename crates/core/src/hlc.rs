//! Hybrid logical clock. A stamp packs wall-clock milliseconds (48 bits) and a counter (16 bits)
//! into one u64, so stamps compare as integers and sort in SQLite. Each device's stamps are
//! strictly increasing, which makes (device, stamp) a unique change id with no extra column.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp(pub u64);

impl Stamp {
    pub fn new(millis: u64, counter: u16) -> Self {
        Stamp((millis << 16) | counter as u64)
    }
    pub fn millis(self) -> u64 {
        self.0 >> 16
    }
    pub fn counter(self) -> u16 {
        (self.0 & 0xffff) as u16
    }
    /// SQLite stores INTEGER as i64; 48 bits of milliseconds keep the sign bit clear until year 10889.
    pub fn as_i64(self) -> i64 {
        self.0 as i64
    }
    pub fn from_i64(v: i64) -> Self {
        Stamp(v as u64)
    }
}

/// The clock of one device. `now` never returns the same or a smaller stamp twice, even if the
/// wall clock steps back; `observe` folds in a stamp seen from another device.
#[derive(Debug)]
pub struct Clock {
    last: Mutex<Stamp>,
    wall: fn() -> u64,
    /// Added to the wall clock: the correction a sync measured against the server's clock, so
    /// a laptop whose clock runs ahead does not stamp its edits into the future (where they
    /// would win every concurrent edit until the world caught up). Never positive.
    offset_ms: AtomicI64,
}

fn system_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl Clock {
    pub fn new(last: Stamp) -> Self {
        Clock { last: Mutex::new(last), wall: system_millis, offset_ms: AtomicI64::new(0) }
    }

    /// Sets the correction added to the wall clock (see `offset_ms`); a positive one is
    /// ignored, since a clock behind only makes this device's edits lose ties it should win.
    pub fn set_offset(&self, ms: i64) {
        self.offset_ms.store(ms.min(0), Ordering::Relaxed);
    }

    /// The wall clock with the correction, in milliseconds since 1970.
    pub fn wall_millis(&self) -> u64 {
        ((self.wall)() as i64 + self.offset_ms.load(Ordering::Relaxed)).max(0) as u64
    }

    #[cfg(test)]
    fn with_wall(last: Stamp, wall: fn() -> u64) -> Self {
        Clock { last: Mutex::new(last), wall, offset_ms: AtomicI64::new(0) }
    }

    pub fn now(&self) -> Stamp {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let wall = self.wall_millis();
        let next = if wall > last.millis() {
            Stamp::new(wall, 0)
        } else if last.counter() < u16::MAX {
            Stamp::new(last.millis(), last.counter() + 1)
        } else {
            // Counter exhausted within one millisecond: borrow the next millisecond.
            Stamp::new(last.millis() + 1, 0)
        };
        *last = next;
        next
    }

    /// Fold in a remote stamp so later local stamps order after it.
    pub fn observe(&self, remote: Stamp) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if remote > *last {
            *last = remote;
        }
    }

    pub fn last(&self) -> Stamp {
        *self.last.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_strictly_increase_even_with_a_frozen_wall_clock() {
        let clock = Clock::with_wall(Stamp::new(1000, 0), || 1000);
        let mut prev = clock.last();
        for _ in 0..70_000 {
            let s = clock.now();
            assert!(s > prev, "{s:?} <= {prev:?}");
            prev = s;
        }
        assert!(prev.millis() > 1000, "counter overflow must borrow the next millisecond");
    }

    #[test]
    fn wall_clock_stepping_back_does_not_go_back() {
        let clock = Clock::with_wall(Stamp::new(5_000, 3), || 4_000);
        let s = clock.now();
        assert_eq!((s.millis(), s.counter()), (5_000, 4));
    }

    #[test]
    fn a_correction_holds_back_a_clock_that_runs_ahead() {
        let clock = Clock::with_wall(Stamp::new(0, 0), || 3_600_000 + 500);
        clock.set_offset(-3_600_000);
        assert_eq!(clock.now().millis(), 500);
        clock.set_offset(10_000);
        assert_eq!(clock.wall_millis(), 3_600_500, "a clock behind is not pushed forward");
    }

    #[test]
    fn observe_moves_past_remote_stamps() {
        let clock = Clock::with_wall(Stamp::new(10, 0), || 10);
        clock.observe(Stamp::new(99, 7));
        let s = clock.now();
        assert_eq!((s.millis(), s.counter()), (99, 8));
        clock.observe(Stamp::new(1, 0));
        assert!(clock.now() > s);
    }
}
