//! Timing samples and their summary. Medians and p95 over many runs; a baseline is always
//! measured in the same run, because these machines are noisy.

use std::time::{Duration, Instant};

pub struct Samples(Vec<Duration>);

impl Samples {
    /// Runs `f` `runs` times (after `warmup` untimed runs) and keeps each duration.
    pub fn collect(warmup: usize, runs: usize, mut f: impl FnMut(usize)) -> Samples {
        for i in 0..warmup {
            f(i);
        }
        let mut v = Vec::with_capacity(runs);
        for i in 0..runs {
            let t = Instant::now();
            f(i);
            v.push(t.elapsed());
        }
        v.sort();
        Samples(v)
    }

    pub fn once(d: Duration) -> Samples {
        Samples(vec![d])
    }

    fn at(&self, q: f64) -> Duration {
        let i = ((self.0.len() as f64 - 1.0) * q).round() as usize;
        self.0[i]
    }
    pub fn median(&self) -> Duration {
        self.at(0.5)
    }
    pub fn p95(&self) -> Duration {
        self.at(0.95)
    }
    pub fn runs(&self) -> usize {
        self.0.len()
    }
}

/// Peak resident memory of this process so far, in MiB (Linux; None elsewhere).
pub fn peak_rss_mib() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn fmt(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1e3;
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1e3)
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}
