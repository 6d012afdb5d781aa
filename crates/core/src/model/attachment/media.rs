//! Reading a file the user picked into what an attachment stores: every check that can fail
//! (missing, a folder, unreadable, empty, too large, a type we do not keep, a photo that does
//! not decode) happens here, before anything is written. Photos are decoded by the `image` crate
//! (JPEG, PNG, WebP, GIF), turned upright by their EXIF orientation, and get a thumbnail
//! and a downscaled copy as JPEG; documents are kept byte for byte.

use std::io::Cursor;
use std::path::Path;

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

use super::record::AttachmentKind;
use crate::blob;
use crate::error::{CoreError, Result};

/// The largest file that can be attached. Phone photos are 2–8 MB and office documents
/// smaller; a 20 MB limit keeps a synced zone's attachments within what laptops carry.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;
/// A list thumbnail's longest side, in pixels.
pub const THUMB_PX: u32 = 240;
/// The downscaled copy's longest side: sharp on a laptop screen, a few hundred KB to sync.
pub const PREVIEW_PX: u32 = 1600;
const THUMB_QUALITY: u8 = 75;
const PREVIEW_QUALITY: u8 = 80;
/// A photo larger than this on a side is refused rather than decoded (a "decompression bomb"
/// of a few KB could otherwise ask for gigabytes).
const MAX_SIDE: u32 = 16_384;

/// Documents kept as they are, by extension, with their MIME type.
const DOCUMENTS: &[(&str, &str)] = &[
    ("pdf", "application/pdf"),
    ("ofd", "application/ofd"),
    ("doc", "application/msword"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xls", "application/vnd.ms-excel"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt", "application/vnd.ms-powerpoint"),
    ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ("wps", "application/vnd.ms-works"),
    ("et", "application/vnd.ms-excel"),
    ("dps", "application/vnd.ms-powerpoint"),
    ("txt", "text/plain"),
    ("csv", "text/csv"),
    ("rtf", "application/rtf"),
    ("zip", "application/zip"),
    ("rar", "application/vnd.rar"),
    ("7z", "application/x-7z-compressed"),
];
const PHOTO_EXTENSIONS: &[&str] = &["jpg", "jpeg", "png", "webp", "gif"];

/// A file read and checked, ready to be stored.
pub(crate) struct Media {
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub file_name: String,
    pub mime: String,
    pub kind: AttachmentKind,
    pub photo: Option<Photo>,
}

pub(crate) struct Photo {
    pub width: u32,
    pub height: u32,
    pub thumb: Vec<u8>,
    pub preview: Vec<u8>,
}

fn fail(message: String) -> CoreError {
    CoreError::Attachment(message)
}

/// "1.5 MB", "820 KB": sizes as the user's file manager shows them.
pub fn size_text(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes as f64 >= MB {
        let mb = bytes as f64 / MB;
        if mb >= 10.0 { format!("{mb:.0} MB") } else { format!("{mb:.1} MB") }
    } else {
        format!("{} KB", bytes.div_ceil(1024).max(1))
    }
}

fn too_large(name: &str, size: u64) -> CoreError {
    fail(format!("文件「{name}」有 {},超过了附件大小上限 {};请压缩或缩小后再添加", size_text(size), size_text(MAX_BYTES)))
}

/// Reads and checks the file at `path`; nothing is written.
pub(crate) fn read(path: &Path) -> Result<Media> {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| path.display().to_string());
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(fail(format!("找不到文件「{}」,它可能已被移动、改名或删除", path.display())))
        }
        Err(e) => return Err(fail(format!("无法读取文件「{name}」:{e}"))),
    };
    if meta.is_dir() {
        return Err(fail(format!("「{name}」是一个文件夹,请选择其中的文件")));
    }
    if meta.len() > MAX_BYTES {
        return Err(too_large(&name, meta.len()));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(format!("无法读取文件「{name}」:{e}")))?;
    // It may have grown since it was measured.
    if bytes.len() as u64 > MAX_BYTES {
        return Err(too_large(&name, bytes.len() as u64));
    }
    if bytes.is_empty() {
        return Err(fail(format!("文件「{name}」是空的(0 字节),没有可保存的内容")));
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let sha256 = blob::sha256(&bytes);
    // The content decides whether it is a photo, whatever its extension says.
    if let Some(format) = image::guess_format(&bytes).ok().filter(|f| photo_format(*f)) {
        let photo = photo(&name, &bytes, format)?;
        let mime = format.to_mime_type().to_string();
        return Ok(Media { bytes, sha256, file_name: name, mime, kind: AttachmentKind::Photo, photo: Some(photo) });
    }
    if PHOTO_EXTENSIONS.contains(&ext.as_str()) {
        return Err(fail(format!("图片「{name}」无法识别,文件可能已损坏或并不是图片")));
    }
    if ext == "heic" || ext == "heif" {
        return Err(fail(format!(
            "暂不支持 HEIC 格式的照片「{name}」;请在手机相机设置中选择“兼容性最佳”,或转成 JPG 后再添加"
        )));
    }
    let Some((_, mime)) = DOCUMENTS.iter().find(|(e, _)| *e == ext) else {
        return Err(fail(format!(
            "不能添加「{name}」这类文件;可以添加照片(JPG、PNG、WEBP、GIF)和文档(PDF、OFD、Word、Excel、PPT、WPS、TXT、CSV、压缩包)"
        )));
    };
    Ok(Media { bytes, sha256, file_name: name, mime: mime.to_string(), kind: AttachmentKind::Document, photo: None })
}

fn photo_format(f: ImageFormat) -> bool {
    matches!(f, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif)
}

/// A photo's thumbnail and copy made from its original, as `add` makes them (for an original
/// that arrived by sync). The bytes are checked like a file the user picked.
pub(crate) fn copies_of(name: &str, bytes: &[u8]) -> Result<Photo> {
    match image::guess_format(bytes).ok().filter(|f| photo_format(*f)) {
        Some(format) => photo(name, bytes, format),
        None => Err(fail(format!("图片「{name}」无法识别,文件可能已损坏或并不是图片"))),
    }
}

/// The list thumbnail of a photo's downscaled copy, for a device that received only the copy
/// (sync carries the copy, not the original). The copy must be a JPEG no larger than
/// `PREVIEW_PX` on a side, as `add` writes it.
pub(crate) fn thumb_of_preview(name: &str, preview: &[u8]) -> Result<Vec<u8>> {
    let broken = |e: image::ImageError| fail(format!("照片「{name}」的预览图无法读取:{e}"));
    let mut reader = ImageReader::new(Cursor::new(preview));
    reader.set_format(ImageFormat::Jpeg);
    let mut limits = Limits::default();
    limits.max_image_width = Some(PREVIEW_PX);
    limits.max_image_height = Some(PREVIEW_PX);
    reader.limits(limits);
    let img = reader.decode().map_err(broken)?;
    jpeg(&fit(&img, THUMB_PX), THUMB_QUALITY)
}

/// Decodes the photo, turns it upright and makes its thumbnail and downscaled copy.
fn photo(name: &str, bytes: &[u8], format: ImageFormat) -> Result<Photo> {
    let broken = |e: image::ImageError| fail(format!("图片「{name}」无法读取,文件可能已损坏:{e}"));
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(broken)?;
    let orientation = decoder.orientation().map_err(broken)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(broken)?;
    img.apply_orientation(orientation);
    let (width, height) = (img.width(), img.height());
    let thumb = jpeg(&fit(&img, THUMB_PX), THUMB_QUALITY)?;
    let preview = jpeg(&fit(&img, PREVIEW_PX), PREVIEW_QUALITY)?;
    Ok(Photo { width, height, thumb, preview })
}

/// The image scaled down to fit `side` × `side` (never up), on white where it was transparent.
fn fit(img: &DynamicImage, side: u32) -> RgbImage {
    let small = if img.width() > side || img.height() > side { img.thumbnail(side, side) } else { img.clone() };
    if !small.color().has_alpha() {
        return small.to_rgb8();
    }
    let rgba = small.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| ((c as u32 * a as u32 + 255 * (255 - a as u32)) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
    })
}

fn jpeg(img: &RgbImage, quality: u8) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .map_err(|e| CoreError::Internal(format!("缩略图生成失败:{e}")))?;
    Ok(out)
}
