/// SplitMix64: tiny, fast, and the same sequence on every platform and release, so a seed
/// names a data set for good.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Picks by weight: `xs` are (value, weight) pairs.
    pub fn weighted<T: Copy>(&mut self, xs: &[(T, u32)]) -> T {
        let total: u32 = xs.iter().map(|(_, w)| w).sum();
        let mut n = (self.next_u64() % total as u64) as u32;
        for (v, w) in xs {
            if n < *w {
                return *v;
            }
            n -= w;
        }
        xs[xs.len() - 1].0
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
    /// A UUIDv7 whose time and random bits come from this generator, so ids repeat by seed.
    pub fn uuid_v7(&mut self, millis: u64) -> String {
        let bytes = self.next_u64().to_le_bytes();
        let more = self.next_u64().to_le_bytes();
        let mut r = [0u8; 10];
        r[..8].copy_from_slice(&bytes);
        r[8..].copy_from_slice(&more[..2]);
        uuid::Builder::from_unix_timestamp_millis(millis, &r).into_uuid().to_string()
    }
}
