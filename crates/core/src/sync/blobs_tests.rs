//! Files through sync, on two database files in temporary folders and a server in memory: a
//! photo arrives as its copy and thumbnail and shows, a document byte for byte; a damaged
//! download is refused and fetched again; the same file attached on both laptops goes up once;
//! a file over the server's limit, a server without files and a network failing mid-way all
//! leave the records synced and the files for next time.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::Instant;

use image::{Rgb, RgbImage};
use lianxin_protocol::{Health, PullPage, PushAck, PushPage};

use super::*;
use crate::model::attachment::{self, AttachInput, OwnerKind};
use crate::model::project::{self, ProjectCategory, ProjectInput, ProjectKind};
use crate::sync::{sync, Memory, Summary};

struct Laptop {
    dir: tempfile::TempDir,
    store: Store,
}

fn laptop(who: &str) -> Laptop {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("lianxin.db")).unwrap();
    store.set_actor(who).unwrap();
    Laptop { dir, store }
}

fn project(store: &Store) -> String {
    let input = ProjectInput {
        name: "双马路段路灯安装".into(),
        kind: Some(ProjectKind::Livelihood),
        category: Some(ProjectCategory::Lights),
        ..Default::default()
    };
    project::create(store, &input).unwrap().record.id
}

/// A photo larger than the copy's 1600 px, so the copy differs from it.
fn photo_file(dir: &Path) -> PathBuf {
    let img = RgbImage::from_fn(2000, 1200, |x, y| Rgb([(x % 251) as u8, (y % 241) as u8, 90]));
    let p = dir.join("施工后.jpg");
    img.save(&p).unwrap();
    p
}

fn document_file(dir: &Path, size: usize) -> PathBuf {
    let p = dir.join("验收报告.pdf");
    let bytes: Vec<u8> = b"%PDF-1.7\n".iter().copied().chain((0..size).map(|i| (i * 7 % 251) as u8)).collect();
    std::fs::write(&p, bytes).unwrap();
    p
}

fn attach(store: &Store, owner: &str, path: &Path) -> attachment::Attachment {
    let input = AttachInput {
        owner_kind: OwnerKind::Project,
        owner_id: owner.into(),
        path: path.display().to_string(),
        role: None,
        caption: None,
    };
    attachment::add(store, &input).unwrap()
}

/// Every file under a laptop's attachments folder, temporary ones too.
fn files(l: &Laptop) -> Vec<String> {
    let mut out = Vec::new();
    let root = l.dir.path().join("attachments");
    for d in std::fs::read_dir(root).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(d.path()).into_iter().flatten().flatten() {
            out.push(f.file_name().to_string_lossy().to_string());
        }
    }
    out.sort();
    out
}

fn run(l: &Laptop, server: &dyn Transport) -> Summary {
    sync(&l.store, "mem", server).unwrap()
}

#[test]
fn a_photo_and_a_document_reach_the_other_laptop_and_show_there() {
    let (a, b) = (laptop("甲"), laptop("乙"));
    let server = Memory::default();
    let owner = project(&a.store);
    let photo = attach(&a.store, &owner, &photo_file(a.dir.path()));
    let doc_path = document_file(a.dir.path(), 40_000);
    let doc = attach(&a.store, &owner, &doc_path);

    let up = run(&a, &server);
    assert_eq!((up.files_up, up.files_down, up.files_waiting), (2, 0, 0), "{up:?}");
    assert!(up.line().contains("附件文件上传 2 个,下载 0 个"), "{}", up.line());
    let down = run(&b, &server);
    assert_eq!((down.files_up, down.files_down, down.files_waiting), (0, 2, 0), "{down:?}");

    // The photo: its copy and a thumbnail made from it, not the original.
    let blobs = attachment::blobs(&b.store);
    assert!(blobs.has(&photo.sha256, Variant::Preview));
    assert!(blobs.has(&photo.sha256, Variant::Thumb));
    assert!(!blobs.has(&photo.sha256, Variant::Original), "the original stays on 甲's laptop");
    assert_eq!(
        blobs.read(&photo.sha256, Variant::Preview).unwrap(),
        attachment::blobs(&a.store).read(&photo.sha256, Variant::Preview).unwrap()
    );
    let large = attachment::preview(&b.store, &photo.id).unwrap();
    assert!(large.starts_with("data:image/jpeg;base64,"));
    let views = attachment::views_of(&b.store, OwnerKind::Project, &owner).unwrap();
    let shown = views.iter().find(|v| v.attachment.id == photo.id).unwrap();
    assert!(shown.thumb.as_deref().is_some_and(|t| t.starts_with("data:image/jpeg;base64,")));
    assert!(!shown.has_original);
    match attachment::original(&b.store, &photo.id) {
        Err(CoreError::Attachment(m)) => assert!(m.contains("原图只保存在添加它的电脑上"), "{m}"),
        other => panic!("{other:?}"),
    }
    let thumb = image::load_from_memory(&blobs.read(&photo.sha256, Variant::Thumb).unwrap().unwrap()).unwrap();
    assert!(thumb.width().max(thumb.height()) <= attachment::THUMB_PX);
    let summaries = attachment::photo_summaries(&b.store, OwnerKind::Project, &[owner.as_str()]).unwrap();
    assert!(summaries[&owner].thumb.is_some(), "the project list shows the thumbnail");

    // The document: byte for byte, where `original` finds it.
    let (_, path) = attachment::original(&b.store, &doc.id).unwrap();
    assert_eq!(std::fs::read(path).unwrap(), std::fs::read(&doc_path).unwrap());
    assert!(views.iter().any(|v| v.attachment.id == doc.id && v.has_original));

    // Nothing more goes either way.
    for l in [&a, &b] {
        let again = run(l, &server);
        assert_eq!((again.files_up, again.files_down, again.files_waiting), (0, 0, 0), "{again:?}");
    }
    assert_eq!(server.blob_puts(), 2);
    assert!(!files(&b).iter().any(|f| f.contains(".tmp-")));
}

#[test]
fn a_damaged_download_is_refused_and_fetched_again_next_sync() {
    let (a, b) = (laptop("甲"), laptop("乙"));
    let server = Memory::default();
    let owner = project(&a.store);
    let photo = attach(&a.store, &owner, &photo_file(a.dir.path()));
    let doc = attach(&a.store, &owner, &document_file(a.dir.path(), 5_000));
    run(&a, &server);

    server.damage_downloads_of(&photo.sha256);
    server.damage_downloads_of(&doc.sha256);
    let refused = run(&b, &server);
    assert_eq!((refused.files_down, refused.files_waiting), (0, 2), "{refused:?}");
    assert!(refused.files_note.as_deref().is_some_and(|n| n.contains("校验值不符")), "{refused:?}");
    assert!(refused.line().contains("2 个附件文件暂未同步,下次同步时再试"), "{}", refused.line());
    assert!(files(&b).is_empty(), "nothing of a damaged body is kept: {:?}", files(&b));
    assert_eq!(attachment::views_of(&b.store, OwnerKind::Project, &owner).unwrap().len(), 2, "the records came");

    server.repair_downloads();
    let fetched = run(&b, &server);
    assert_eq!((fetched.files_down, fetched.files_waiting), (2, 0), "{fetched:?}");
    assert!(attachment::preview(&b.store, &photo.id).is_ok());
    assert!(attachment::original(&b.store, &doc.id).is_ok());
}

#[test]
fn the_same_file_attached_on_both_laptops_is_uploaded_once() {
    let (a, b) = (laptop("甲"), laptop("乙"));
    let server = Memory::default();
    let src = tempfile::tempdir().unwrap();
    let (photo, doc) = (photo_file(src.path()), document_file(src.path(), 3_000));
    for l in [&a, &b] {
        let owner = project(&l.store);
        attach(&l.store, &owner, &photo);
        attach(&l.store, &owner, &doc);
    }
    let first = run(&a, &server);
    let second = run(&b, &server);
    assert_eq!(first.files_up, 2);
    assert_eq!((second.files_up, second.files_down), (0, 0), "{second:?}");
    run(&a, &server);
    assert_eq!(server.blob_puts(), 2);
    assert_eq!(server.blob_hashes().len(), 2);
}

#[test]
fn a_document_over_the_servers_limit_is_skipped_and_counted_and_the_sync_completes() {
    let (a, b) = (laptop("甲"), laptop("乙"));
    let server = Memory::with_blob_limit(10_000);
    let owner = project(&a.store);
    attach(&a.store, &owner, &document_file(a.dir.path(), 20_000));
    let sub = a.dir.path().join("small");
    std::fs::create_dir(&sub).unwrap();
    let small = attach(&a.store, &owner, &document_file(&sub, 10));
    let up = run(&a, &server);
    assert_eq!((up.files_up, up.files_skipped), (1, 1), "{up:?}");
    assert!(up.line().contains("1 个附件文件超过同步服务器的大小上限,未上传"), "{}", up.line());
    let down = run(&b, &server);
    assert_eq!((down.files_down, down.files_waiting), (1, 1), "the large one is not on the server: {down:?}");
    assert!(attachment::original(&b.store, &small.id).is_ok());
}

/// A server before the blob routes (the trait's defaults), or one whose file routes fail.
struct Flaky<'a> {
    server: &'a Memory,
    files: bool,
    down: Cell<bool>,
}

impl Transport for Flaky<'_> {
    fn health(&self) -> Result<Health> {
        self.server.health()
    }
    fn push(&self, page: &PushPage) -> Result<PushAck> {
        self.server.push(page)
    }
    fn pull(&self, after: i64, limit: usize, schema: u32) -> Result<PullPage> {
        self.server.pull(after, limit, schema)
    }
    fn blobs_missing(&self, hashes: &[String]) -> Result<Vec<String>> {
        self.check()?;
        self.server.blobs_missing(hashes)
    }
    fn put_blob(&self, sha256: &str, preview_of: Option<&str>, bytes: &[u8]) -> Result<()> {
        self.check()?;
        self.server.put_blob(sha256, preview_of, bytes)
    }
    fn get_blob(&self, sha256: &str) -> Result<Option<FetchedBlob>> {
        self.check()?;
        self.server.get_blob(sha256)
    }
}

impl Flaky<'_> {
    fn check(&self) -> Result<()> {
        if !self.files {
            return Err(super::super::transport::no_blobs());
        }
        if self.down.get() {
            return Err(CoreError::Sync { code: "network".into(), message: "测试:连接中断".into(), retry: true });
        }
        Ok(())
    }
}

#[test]
fn a_failing_network_or_a_server_without_files_leaves_the_records_synced_and_files_for_next_time() {
    let (a, b) = (laptop("甲"), laptop("乙"));
    let server = Memory::default();
    let owner = project(&a.store);
    attach(&a.store, &owner, &photo_file(a.dir.path()));
    attach(&a.store, &owner, &document_file(a.dir.path(), 1_000));

    let old = Flaky { server: &server, files: false, down: Cell::new(false) };
    let s = run(&a, &old);
    assert!(s.pushed > 0 && s.files_up == 0, "{s:?}");
    assert!(s.files_note.as_deref().is_some_and(|n| n.contains("不支持附件文件同步")), "{s:?}");

    let flaky = Flaky { server: &server, files: true, down: Cell::new(true) };
    let s = run(&a, &flaky);
    assert_eq!(s.files_up, 0);
    assert!(s.files_note.as_deref().is_some_and(|n| n.contains("连接中断")), "{s:?}");
    let s = run(&b, &flaky);
    assert!(s.pulled > 0, "the records came: {s:?}");
    assert_eq!((s.files_down, s.files_waiting), (0, 2), "{s:?}");

    // Nothing was queued: the next syncs work out what is missing and send it.
    flaky.down.set(false);
    assert_eq!(run(&a, &flaky).files_up, 2);
    assert_eq!(run(&b, &flaky).files_down, 2);
}

/// Working out what is missing each sync instead of keeping a queue: 10,000 live attachments
/// (rows written directly, no files), none on this device and none on the server.
#[test]
fn a_sync_finds_what_is_missing_cheaply() {
    let l = laptop("甲");
    let n: usize = 10_000;
    l.store
        .read(|c| {
            let tx = c.unchecked_transaction()?;
            {
                let mut ins = tx.prepare(
                    "INSERT INTO attachments (id, owner_kind, owner_id, sha256, file_name, mime, byte_size, kind, created_at, updated_at)
                     VALUES (?1, 'project', 'p', ?2, 'x.jpg', 'image/jpeg', 1, ?3, '2026-12-08', '2026-12-08')",
                )?;
                for i in 0..n {
                    let kind = if i % 2 == 0 { "photo" } else { "document" };
                    ins.execute(rusqlite::params![format!("a{i}"), crate::blob::sha256(&i.to_le_bytes()), kind])?;
                }
            }
            tx.commit()?;
            Ok(())
        })
        .unwrap();
    let server = Memory::default();
    let started = Instant::now();
    let mut summary = Summary::default();
    sync_files(&l.store, &server, &mut summary).unwrap();
    let took = started.elapsed();
    eprintln!("sync_files over {n} attachments, none here or there: {took:?}");
    assert_eq!((summary.files_waiting, summary.files_down), (n, 0));
    assert!(took.as_secs_f64() < 5.0, "{took:?}");
}
