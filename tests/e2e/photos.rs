//! Street photos for the attachment step, drawn with the image crate: the same street before
//! the works (grey, cracked, potholes, no lights) and after (new asphalt, lane marks, street
//! lamps lit, young trees). Drawn shapes, but real JPEG files like a phone's.

use image::{Rgb, RgbImage};

const W: u32 = 1600;
const H: u32 = 1200;
const HORIZON: u32 = 520;

fn rect(img: &mut RgbImage, x0: u32, y0: u32, x1: u32, y1: u32, c: [u8; 3]) {
    for y in y0.min(H)..y1.min(H) {
        for x in x0.min(W)..x1.min(W) {
            img.put_pixel(x, y, Rgb(c));
        }
    }
}

fn disc(img: &mut RgbImage, cx: i64, cy: i64, rx: i64, ry: i64, c: [u8; 3]) {
    for y in (cy - ry).max(0)..(cy + ry).min(H as i64) {
        for x in (cx - rx).max(0)..(cx + rx).min(W as i64) {
            let (dx, dy) = ((x - cx) as f64 / rx as f64, (y - cy) as f64 / ry as f64);
            if dx * dx + dy * dy <= 1.0 {
                img.put_pixel(x as u32, y as u32, Rgb(c));
            }
        }
    }
}

/// Sky fading to the horizon, a row of buildings, and the road in perspective (a trapezoid
/// from a narrow band at the horizon to the full width at the bottom).
fn street(sky: [u8; 3], road: [u8; 3], walls: &[[u8; 3]]) -> RgbImage {
    let mut img = RgbImage::from_fn(W, H, |_, y| {
        if y < HORIZON {
            let k = y as f64 / HORIZON as f64;
            Rgb(sky.map(|c| (c as f64 + (235.0 - c as f64) * k * 0.6) as u8))
        } else {
            Rgb([150, 146, 138]) // pavement
        }
    });
    for (i, x) in (0..W).step_by(200).enumerate() {
        let top = HORIZON - 120 - (i as u32 * 37 % 160);
        rect(&mut img, x + 10, top, x + 190, HORIZON, walls[i % walls.len()]);
        for wy in (top + 20..HORIZON - 20).step_by(40) {
            for wx in (x + 30..x + 170).step_by(45) {
                rect(&mut img, wx, wy, wx + 22, wy + 22, [70, 80, 95]);
            }
        }
    }
    for y in HORIZON..H {
        let k = (y - HORIZON) as f64 / (H - HORIZON) as f64;
        let half = 60.0 + k * 760.0;
        let (x0, x1) = ((800.0 - half).max(0.0) as u32, (800.0 + half).min(W as f64) as u32);
        rect(&mut img, x0, y, x1, y + 1, road);
    }
    img
}

pub fn before() -> RgbImage {
    let mut img = street([176, 180, 186], [112, 108, 102], &[[168, 160, 150], [150, 146, 140], [180, 170, 160]]);
    // Potholes and patches.
    for (cx, cy, r) in [(640, 760, 70), (930, 880, 110), (720, 1050, 140), (1050, 690, 40), (860, 640, 30)] {
        disc(&mut img, cx, cy, r, r / 3, [62, 58, 55]);
    }
    // Cracks.
    for i in 0..600i64 {
        let (x, y) = (560 + i, 700 + (i * 7 % 23) + i / 3);
        if (x as u32) < W && (y as u32) < H {
            img.put_pixel(x as u32, y as u32, Rgb([50, 48, 46]));
        }
    }
    img
}

pub fn after() -> RgbImage {
    let mut img = street([110, 160, 225], [48, 50, 54], &[[226, 214, 196], [206, 220, 226], [236, 226, 210]]);
    // Centre line and lane dashes, narrowing towards the horizon.
    for y in (HORIZON + 10..H).step_by(60) {
        let k = (y - HORIZON) as f64 / (H - HORIZON) as f64;
        let w = (3.0 + k * 14.0) as u32;
        rect(&mut img, 800 - w / 2, y, 800 + w / 2, y + (10.0 + k * 30.0) as u32, [245, 205, 40]);
    }
    // Street lamps on both sides, lit, and young trees between them.
    for (i, k) in [0.15f64, 0.35, 0.6, 0.95].iter().enumerate() {
        let y = HORIZON as f64 + k * (H - HORIZON) as f64;
        let half = 60.0 + k * 760.0;
        let pole = 40.0 + k * 420.0;
        for side in [-1.0, 1.0] {
            let x = 800.0 + side * (half + 20.0 + k * 40.0);
            let pw = (3.0 + k * 10.0) as u32;
            rect(&mut img, x as u32, (y - pole) as u32, x as u32 + pw, y as u32, [70, 74, 80]);
            disc(&mut img, (x - side * k * 50.0) as i64, (y - pole) as i64, (8.0 + k * 36.0) as i64, (5.0 + k * 14.0) as i64, [255, 236, 150]);
            if i % 2 == 0 {
                let tx = x + side * (30.0 + k * 90.0);
                rect(&mut img, tx as u32, (y - pole * 0.5) as u32, tx as u32 + pw, y as u32, [96, 70, 50]);
                disc(&mut img, tx as i64, (y - pole * 0.55) as i64, (14.0 + k * 70.0) as i64, (16.0 + k * 80.0) as i64, [60, 140, 70]);
            }
        }
    }
    img
}

/// Writes the photo as a JPEG, as a phone would.
pub fn save(img: &RgbImage, path: &std::path::Path) {
    let mut out = std::fs::File::create(path).unwrap();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88).encode_image(img).unwrap();
}
