//! Attachment tests on temporary database files with real image files: the same file stored
//! once, every refused file leaving neither a row nor a file, thumbnails bounded, documents
//! kept byte for byte, caption/role edits, delete and garbage collection, and a merge of
//! enterprises leaving attachments where they were.

use std::path::{Path, PathBuf};

use image::{Rgb, RgbImage};

use super::*;
use crate::blob::Variant;
use crate::error::CoreError;
use crate::model::issue::{self, RegisterInput, Source};
use crate::model::liaison::tests::{fixture, Fixture};
use crate::model::merge::{merge, MergePlan};
use crate::model::project::{self, ProjectCategory, ProjectInput, ProjectKind};

fn project(f: &Fixture) -> String {
    let input = ProjectInput {
        name: "双马路段路灯安装".into(),
        kind: Some(ProjectKind::Livelihood),
        category: Some(ProjectCategory::Lights),
        ..Default::default()
    };
    project::create(&f.store, &input).unwrap().record.id
}

/// A photo of `w` × `h` with a band across it, so the thumbnail's shape can be checked.
fn photo(dir: &Path, name: &str, w: u32, h: u32) -> PathBuf {
    let img = RgbImage::from_fn(w, h, |x, y| if y < h / 3 { Rgb([120, 170, 220]) } else { Rgb([(x % 255) as u8, 90, 60]) });
    let p = dir.join(name);
    img.save(&p).unwrap();
    p
}

fn input(kind: OwnerKind, owner: &str, path: &Path) -> AttachInput {
    AttachInput { owner_kind: kind, owner_id: owner.into(), path: path.display().to_string(), role: None, caption: None }
}

fn rows(f: &Fixture) -> i64 {
    f.count("SELECT count(*) FROM attachments")
}

fn changes(f: &Fixture) -> i64 {
    f.count("SELECT count(*) FROM changes WHERE entity = 'attachments'")
}

/// Every file under the attachments folder (temporary ones too).
fn files(f: &Fixture) -> Vec<PathBuf> {
    fn walk(p: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(p).into_iter().flatten().flatten() {
            if e.path().is_dir() { walk(&e.path(), out) } else { out.push(e.path()) }
        }
    }
    let mut out = Vec::new();
    walk(blobs(&f.store).root(), &mut out);
    out.sort();
    out
}

fn attachment_error(e: CoreError) -> String {
    match e {
        CoreError::Attachment(m) => m,
        other => panic!("not an attachment error: {other:?}"),
    }
}

#[test]
fn the_same_file_on_two_owners_is_stored_once() {
    let f = fixture();
    let (p, tmp) = (project(&f), tempfile::tempdir().unwrap());
    let i = issue::register(&f.store, &RegisterInput { source: Some(Source::Visit), category: "土地".into(), content: "路灯不亮".into(), project_id: Some(p.clone()), ..Default::default() }).unwrap();
    let file = photo(tmp.path(), "路口.jpg", 800, 600);
    let a = add(&f.store, &input(OwnerKind::Project, &p, &file)).unwrap();
    let b = add(&f.store, &input(OwnerKind::Issue, &i.id, &file)).unwrap();
    assert_ne!(a.id, b.id);
    assert_eq!(a.sha256, b.sha256);
    assert_eq!(a.sha256, crate::blob::sha256(&std::fs::read(&file).unwrap()));
    // One original, one preview, one thumbnail, whatever the number of rows.
    assert_eq!(files(&f).len(), 3, "{:?}", files(&f));
    assert_eq!((a.kind, a.role, a.width, a.height), (AttachmentKind::Photo, Some(PhotoRole::Other), Some(800), Some(600)));
    assert_eq!(b.role, None, "only a project's photos have a role");
    assert_eq!(a.mime, "image/jpeg");
    assert_eq!(of_owner(&f.store, OwnerKind::Issue, &i.id).unwrap(), vec![b.clone()]);
    // Each write went through the change log.
    assert_eq!(changes(&f), 2);

    // Deleting one keeps the file the other still names; deleting both removes it.
    delete(&f.store, &a.id).unwrap();
    assert_eq!(files(&f).len(), 3);
    assert!(of_owner(&f.store, OwnerKind::Project, &p).unwrap().is_empty());
    delete(&f.store, &b.id).unwrap();
    assert!(files(&f).is_empty(), "{:?}", files(&f));
    assert_eq!(rows(&f), 2, "tombstones stay");
    assert_eq!(f.count("SELECT count(*) FROM attachments WHERE deleted = 1"), 2);
}

#[test]
fn a_missing_oversized_corrupt_or_unknown_file_is_refused_clearly_and_nothing_is_written() {
    let f = fixture();
    let (p, tmp) = (project(&f), tempfile::tempdir().unwrap());
    let big = tmp.path().join("航拍.jpg");
    std::fs::File::create(&big).unwrap().set_len(MAX_BYTES + 5 * 1024 * 1024).unwrap();
    let corrupt = tmp.path().join("坏图.jpg");
    std::fs::write(&corrupt, b"\xFF\xD8\xFF\xE0 not really a jpeg").unwrap();
    let truncated = tmp.path().join("半张.png");
    let whole = std::fs::read(photo(tmp.path(), "whole.png", 300, 200)).unwrap();
    std::fs::write(&truncated, &whole[..whole.len() / 2]).unwrap();
    let exe = tmp.path().join("setup.exe");
    std::fs::write(&exe, b"MZ....").unwrap();
    let heic = tmp.path().join("IMG_0001.HEIC");
    std::fs::write(&heic, b"....ftypheic").unwrap();
    let empty = tmp.path().join("空.pdf");
    std::fs::write(&empty, b"").unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (tmp.path().join("不存在.jpg"), "找不到文件"),
        (tmp.path().to_path_buf(), "是一个文件夹"),
        (big.clone(), "有 25 MB,超过了附件大小上限 20 MB"),
        (corrupt, "图片「坏图.jpg」无法"),
        (truncated, "图片「半张.png」无法读取"),
        (exe, "不能添加「setup.exe」这类文件"),
        (heic, "暂不支持 HEIC"),
        (empty, "是空的"),
    ];
    for (path, says) in cases {
        let m = attachment_error(add(&f.store, &input(OwnerKind::Project, &p, &path)).unwrap_err());
        assert!(m.contains(says), "{}: {m}", path.display());
    }
    // An owner that is not there is the form's error.
    let ok = photo(tmp.path(), "ok.png", 50, 50);
    let e = add(&f.store, &input(OwnerKind::Engagement, "nope", &ok)).unwrap_err();
    assert!(matches!(&e, CoreError::Validation { field, .. } if field == "owner_id"), "{e:?}");
    assert_eq!((rows(&f), changes(&f)), (0, 0));
    assert!(files(&f).is_empty(), "{:?}", files(&f));
}

#[test]
fn a_row_that_fails_takes_its_new_files_back_and_a_file_that_fails_writes_no_row() {
    let f = fixture();
    let (p, tmp) = (project(&f), tempfile::tempdir().unwrap());
    let file = photo(tmp.path(), "施工后.png", 640, 480);
    // The row's insert fails after the files are written: they are removed again.
    f.store.read(|c| Ok(c.execute_batch("CREATE TEMP TRIGGER refuse BEFORE INSERT ON attachments BEGIN SELECT RAISE(ABORT, '拒绝'); END;")?)).unwrap();
    assert!(add(&f.store, &input(OwnerKind::Project, &p, &file)).is_err());
    assert!(files(&f).is_empty(), "{:?}", files(&f));
    f.store.read(|c| Ok(c.execute_batch("DROP TRIGGER refuse;")?)).unwrap();
    assert_eq!((rows(&f), changes(&f)), (0, 0));

    // The folder cannot be written (a file stands where it should be): no row.
    std::fs::remove_dir_all(blobs(&f.store).root()).unwrap();
    std::fs::write(blobs(&f.store).root(), b"in the way").unwrap();
    let e = add(&f.store, &input(OwnerKind::Project, &p, &file)).unwrap_err();
    assert_eq!(e.code(), "io", "{e}");
    assert_eq!((rows(&f), changes(&f)), (0, 0));
    std::fs::remove_file(blobs(&f.store).root()).unwrap();

    // And then it works.
    add(&f.store, &input(OwnerKind::Project, &p, &file)).unwrap();
    assert_eq!((rows(&f), files(&f).len()), (1, 3));
}

#[test]
fn photos_get_a_bounded_thumbnail_and_copy_and_documents_are_kept_as_they_are() {
    let f = fixture();
    let (p, tmp) = (project(&f), tempfile::tempdir().unwrap());
    // A 3000 × 1000 photo: the copies keep its shape within their bounds.
    let wide = add(&f.store, &input(OwnerKind::Project, &p, &photo(tmp.path(), "全景.png", 3000, 1000))).unwrap();
    let b = blobs(&f.store);
    let dims = |v: Variant| {
        let bytes = b.read(&wide.sha256, v).unwrap().unwrap();
        assert_eq!(image::guess_format(&bytes).unwrap(), image::ImageFormat::Jpeg);
        let img = image::load_from_memory(&bytes).unwrap();
        (img.width(), img.height())
    };
    assert_eq!(dims(Variant::Thumb), (THUMB_PX, THUMB_PX / 3));
    assert_eq!(dims(Variant::Preview), (PREVIEW_PX, 533));
    // A small one is not blown up.
    let small = add(&f.store, &input(OwnerKind::Project, &p, &photo(tmp.path(), "小.gif", 120, 90))).unwrap();
    assert_eq!(image::load_from_memory(&b.read(&small.sha256, Variant::Thumb).unwrap().unwrap()).unwrap().width(), 120);
    assert_eq!(small.mime, "image/gif");

    // A PDF is stored byte for byte, without thumbnail.
    let pdf = tmp.path().join("验收报告.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n% a report\n%%EOF\n").unwrap();
    let doc = add(&f.store, &AttachInput { role: Some(PhotoRole::Before), ..input(OwnerKind::Project, &p, &pdf) }).unwrap();
    assert_eq!((doc.kind, doc.role, doc.width, doc.mime.as_str()), (AttachmentKind::Document, None, None, "application/pdf"));
    assert_eq!(b.read(&doc.sha256, Variant::Original).unwrap().unwrap(), std::fs::read(&pdf).unwrap());
    assert!(!b.has(&doc.sha256, Variant::Thumb));

    let views = views_of(&f.store, OwnerKind::Project, &p).unwrap();
    assert_eq!(views.len(), 3);
    assert!(views[0].thumb.as_deref().unwrap().starts_with("data:image/jpeg;base64,"));
    assert!(views[2].thumb.is_none() && views[2].has_original);
    assert!(preview(&f.store, &wide.id).unwrap().starts_with("data:image/jpeg;base64,"));
    assert!(attachment_error(preview(&f.store, &doc.id).unwrap_err()).contains("不是照片"));
    assert_eq!(original(&f.store, &doc.id).unwrap().1, b.path(&doc.sha256, Variant::Original).unwrap());
}

#[test]
fn caption_and_role_are_edited_and_the_list_shows_each_owners_photos_in_one_go() {
    let f = fixture();
    let (p, q, tmp) = (project(&f), project(&f), tempfile::tempdir().unwrap());
    let before = add(&f.store, &AttachInput { role: Some(PhotoRole::Before), ..input(OwnerKind::Project, &p, &photo(tmp.path(), "前.png", 200, 100)) }).unwrap();
    let during = add(&f.store, &input(OwnerKind::Project, &p, &photo(tmp.path(), "中.png", 210, 100))).unwrap();
    let edited = update(&f.store, &during.id, &AttachmentEdit { caption: Some(" 路面铺设完成 ".into()), role: Some(PhotoRole::After) }).unwrap();
    assert_eq!((edited.caption.as_deref(), edited.role), (Some("路面铺设完成"), Some(PhotoRole::After)));
    let long = AttachmentEdit { caption: Some("长".repeat(201)), role: None };
    assert!(matches!(update(&f.store, &during.id, &long).unwrap_err(), CoreError::Validation { field, .. } if field == "caption"));
    // Clearing the caption keeps the role.
    let cleared = update(&f.store, &during.id, &AttachmentEdit::default()).unwrap();
    assert_eq!((cleared.caption, cleared.role), (None, Some(PhotoRole::After)));

    let s = photo_summaries(&f.store, OwnerKind::Project, &[&p, &q]).unwrap();
    assert_eq!(s.len(), 1, "an owner without photos is left out");
    assert_eq!(s[&p].count, 2);
    // The 施工后 photo is the one shown.
    let after_thumb = blobs(&f.store).read(&during.sha256, Variant::Thumb).unwrap().unwrap();
    assert_eq!(s[&p].thumb.as_deref().unwrap().len(), "data:image/jpeg;base64,".len() + after_thumb.len().div_ceil(3) * 4);
    assert_ne!(before.sha256, during.sha256);
}

#[test]
fn a_merge_of_enterprises_leaves_attachments_on_their_issues() {
    let f = fixture();
    let tmp = tempfile::tempdir().unwrap();
    let keep = f.enterprise("湘潭电机股份有限公司", None);
    let gone = f.enterprise("湘电股份", None);
    let i = issue::register(&f.store, &RegisterInput { source: Some(Source::Visit), category: "土地".into(), content: "厂区门口积水".into(), enterprise_id: Some(gone.clone()), ..Default::default() }).unwrap();
    let a = add(&f.store, &input(OwnerKind::Issue, &i.id, &photo(tmp.path(), "积水.png", 100, 80))).unwrap();
    merge(&f.store, &MergePlan { keep_id: keep.clone(), remove_id: gone, take_from_removed: vec![] }).unwrap();
    assert_eq!(of_owner(&f.store, OwnerKind::Issue, &i.id).unwrap(), vec![a]);
    assert_eq!(f.count(&format!("SELECT count(*) FROM issues WHERE id = '{}' AND enterprise_id = '{keep}'", i.id)), 1);
}

#[test]
fn garbage_collection_removes_only_what_no_live_row_names() {
    let f = fixture();
    let (p, tmp) = (project(&f), tempfile::tempdir().unwrap());
    let kept = add(&f.store, &input(OwnerKind::Project, &p, &photo(tmp.path(), "留.png", 90, 60))).unwrap();
    // A file a crash left without its row, and a temporary file.
    let orphan = crate::blob::sha256(b"orphan");
    blobs(&f.store).put(&orphan, Variant::Original, b"orphan").unwrap();
    let dir = blobs(&f.store).root().join(&orphan[..2]);
    std::fs::write(dir.join(format!(".{orphan}.tmp-1")), b"half").unwrap();
    let got = collect_garbage(&f.store).unwrap();
    assert_eq!(got, Collected { files: 2, bytes: 10 });
    assert_eq!(files(&f).len(), 3);
    assert!(blobs(&f.store).has(&kept.sha256, Variant::Original));
}
