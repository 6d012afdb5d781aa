//! Each document printed from a demo zone and read back as a user's tools would: poppler's
//! pdftotext, pdfinfo and pdftoppm (Debian's poppler-utils), and a QR decoder on the rendered page.
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use lianxin_core::model::cadre::{self, CadreInput};
use lianxin_core::model::zone::Onboarding;
use lianxin_core::{generate, Store};
use lianxin_print::{print, CardScope, Job, Options, Paper, PrintError};

struct Zone {
    _dir: tempfile::TempDir,
    db: PathBuf,
    /// The cadre renamed 王堃, with mobile 13912345678.
    kun: String,
}

/// One demo zone (set S) for every test, with two cadres renamed to names a GB2312 font lacks.
fn zone() -> &'static Zone {
    static ZONE: OnceLock<Zone> = OnceLock::new();
    ZONE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("zone.db");
        let store = Store::open(&db).unwrap();
        generate::onboard(&store, &Onboarding { zone_name: "高新区".into(), operator_name: "张三".into(), demo: true }).unwrap();
        let lead: Vec<(String, String)> = store
            .read(|c| {
                let mut s = c.prepare(
                    "SELECT c.id, c.name FROM cadres c WHERE c.deleted = 0 AND EXISTS (SELECT 1 FROM liaisons l
                     WHERE l.cadre_id = c.id AND l.role = 'lead' AND l.end_date IS NULL AND l.deleted = 0) ORDER BY c.id LIMIT 2",
                )?;
                let rows = s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(rows)
            })
            .unwrap();
        let rename = |id: &str, name: &str, mobile: &str| {
            let c = cadre::get_one(&store, id).unwrap();
            let input = CadreInput {
                name: name.into(),
                department_id: c.department_id,
                position: Some("科长".into()),
                role: Some(c.role),
                mobile: Some(mobile.into()),
                active: Some(true),
            };
            cadre::update(&store, id, &input).unwrap();
        };
        rename(&lead[0].0, "王堃", "13912345678");
        rename(&lead[1].0, "李喆", "13887654321");
        Zone { kun: lead[0].0.clone(), db, _dir: dir }
    })
}

fn store() -> Store {
    Store::open(&zone().db).unwrap()
}

fn options() -> Options {
    Options { today: Some("2026-11-20".into()), ..Options::default() }
}

/// Writes `job`'s PDF into a temp dir and returns it with the dir.
fn pdf(job: &Job) -> (tempfile::TempDir, PathBuf, lianxin_print::PrintReport) {
    let printed = print(&store(), job, &options()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(job.file_name());
    printed.write(&path).unwrap();
    (dir, path, printed.report)
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name} (poppler-utils): {e}"));
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn text(path: &Path) -> String {
    tool("pdftotext", &["-layout", path.to_str().unwrap(), "-"])
}

fn page_text(path: &Path, page: u32) -> String {
    let p = page.to_string();
    tool("pdftotext", &["-f", &p, "-l", &p, "-layout", path.to_str().unwrap(), "-"])
}

/// (pages, "W x H pts" of the first page)
fn info(path: &Path) -> (u32, String) {
    let out = tool("pdfinfo", &[path.to_str().unwrap()]);
    let field = |k: &str| out.lines().find(|l| l.starts_with(k)).unwrap().split_once(':').unwrap().1.trim().to_string();
    (field("Pages").parse().unwrap(), field("Page size"))
}

fn cadre_enterprises(store: &Store, cadre_id: &str) -> Vec<String> {
    store
        .read(|c| {
            let mut s = c.prepare(
                "SELECT e.name FROM enterprises e JOIN liaisons l ON l.enterprise_id = e.id AND l.deleted = 0 AND l.end_date IS NULL
                 WHERE l.cadre_id = ?1 AND e.deleted = 0 AND e.status = 'operating' ORDER BY e.name",
            )?;
            let rows = s.query_map([cadre_id], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(rows)
        })
        .unwrap()
}

#[test]
fn a_cadres_cards_name_the_cadre_and_come_as_sheets_of_ten_with_backs() {
    let z = zone();
    let names = cadre_enterprises(&store(), &z.kun);
    assert!(!names.is_empty());
    let (_d, path, report) = pdf(&Job::Cards { scope: CardScope::Cadre(z.kun.clone()) });
    assert_eq!(report.count as usize, names.len());
    let sheets = names.len().div_ceil(10) as u32;
    let (pages, size) = info(&path);
    assert_eq!(pages, 2 * sheets, "a front and a back page per sheet");
    assert!(size.contains("595.") && size.contains("841.") && size.contains("A4"), "{size}");
    let all = text(&path);
    for s in ["王堃", "13912345678", "助企连心卡", "高新区", "问题办理记录", "扫码保存联系方式"] {
        assert!(all.contains(s), "{s} not in the cards' text");
    }
    for name in &names {
        let prefix: String = name.chars().take(4).collect();
        assert!(all.contains(&prefix), "{name}");
    }
    assert!(report.missing.is_empty(), "{:?}", report.missing);
}

/// The words pdftotext -bbox finds on a page, with their left and top in points.
fn words(path: &Path, page: u32) -> Vec<(String, f64, f64)> {
    let p = page.to_string();
    let html = tool("pdftotext", &["-bbox", "-f", &p, "-l", &p, path.to_str().unwrap(), "-"]);
    html.lines()
        .filter_map(|l| {
            let l = l.trim();
            let attr = |k: &str| -> Option<f64> { l.split(&format!("{k}=\"")).nth(1)?.split('"').next()?.parse().ok() };
            let word = l.strip_prefix("<word ")?.split('>').nth(1)?.split("</word").next()?.to_string();
            Some((word, attr("xMin")?, attr("yMin")?))
        })
        .collect()
}

#[test]
fn backs_are_mirrored_so_each_lies_behind_its_front() {
    let (_d, path, report) = pdf(&Job::Cards { scope: CardScope::All });
    // Over 200 cards are laid out in parts and joined: every sheet is still there.
    assert!(report.count > 200, "{}", report.count);
    assert_eq!(info(&path).0, 2 * report.count.div_ceil(10));
    assert!(report.notes.iter().any(|n| n.contains("没有在任的联点干部")), "{:?}", report.notes);
    let (front, back) = (words(&path, 1), words(&path, 2));
    // Card cells: 2 columns of 85.6 mm starting at (210 - 171.2) / 2 mm, rows of 54 mm.
    let mm = 72.0 / 25.4;
    let (x0, y0) = ((210.0 - 171.2) / 2.0 * mm, (297.0 - 270.0) / 2.0 * mm);
    let cell = |x: f64, y: f64| (((x - x0) / (85.6 * mm)).floor() as i32, ((y - y0) / (54.0 * mm)).floor() as i32);
    let mut checked = 0;
    let fronts: Vec<&(String, f64, f64)> = front.iter().filter(|w| w.0.chars().count() >= 6).collect();
    for (w, x, y) in fronts {
        // The back names the enterprise in its header; find the same word there.
        if let Some((_, bx, by)) = back.iter().find(|b| b.0 == *w) {
            let (fc, fr) = cell(*x, *y);
            let (bc, br) = cell(*bx, *by);
            assert_eq!((bc, br), (1 - fc, fr), "{w}: front cell ({fc},{fr}), back cell ({bc},{br})");
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} cards found on both faces");
}

#[test]
fn the_qr_code_holds_the_cadres_vcard() {
    let z = zone();
    let (dir, path, _) = pdf(&Job::Cards { scope: CardScope::Cadre(z.kun.clone()) });
    let png = dir.path().join("front");
    tool("pdftoppm", &["-f", "1", "-l", "1", "-r", "300", "-png", "-gray", path.to_str().unwrap(), png.to_str().unwrap()]);
    let file = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).find(|p| p.extension().is_some_and(|e| e == "png")).unwrap();
    let img = image::open(&file).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let found: Vec<String> = prepared.detect_grids().iter().filter_map(|g| g.decode().ok().map(|(_, s)| s)).collect();
    assert!(!found.is_empty(), "no QR code decoded");
    for v in &found {
        assert!(v.starts_with("BEGIN:VCARD") && v.contains("FN:王堃"), "{v}");
        assert!(v.contains("TEL;TYPE=CELL:13912345678") && v.contains("N:王;堃;;;") && v.contains("ORG:高新区"), "{v}");
    }
}

#[test]
fn a_card_for_one_enterprise_and_a_clear_word_when_it_has_no_cadre() {
    let store = store();
    let (with, without): (String, Option<String>) = store
        .read(|c| {
            let with = c.query_row("SELECT enterprise_id FROM liaisons WHERE deleted = 0 AND end_date IS NULL AND enterprise_id IS NOT NULL LIMIT 1", [], |r| r.get(0))?;
            let without = c
                .query_row(
                    "SELECT id FROM enterprises e WHERE deleted = 0 AND NOT EXISTS (SELECT 1 FROM liaisons l WHERE l.enterprise_id = e.id AND l.deleted = 0 AND l.end_date IS NULL) LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .ok();
            Ok((with, without))
        })
        .unwrap();
    let (_d, path, report) = pdf(&Job::Cards { scope: CardScope::Enterprise(with) });
    assert_eq!((report.count, info(&path).0), (1, 2));
    if let Some(id) = without {
        match print(&store, &Job::Cards { scope: CardScope::Enterprise(id) }, &options()) {
            Err(PrintError::Empty(m)) => assert!(m.contains("联点干部"), "{m}"),
            other => panic!("{:?}", other.map(|p| p.report)),
        }
    }
}

#[test]
fn the_wall_lists_departments_and_leaders_on_a4_and_a3() {
    let store = store();
    let (department, leader): (String, String) = store
        .read(|c| {
            Ok((
                c.query_row("SELECT d.name FROM departments d WHERE d.kind = 'function' AND d.deleted = 0 AND EXISTS (SELECT 1 FROM cadres c WHERE c.department_id = d.id AND c.deleted = 0 AND c.active = 1) ORDER BY sort_order LIMIT 1", [], |r| r.get(0))?,
                c.query_row("SELECT name FROM cadres WHERE role = 'leader' AND deleted = 0 AND active = 1 LIMIT 1", [], |r| r.get(0))?,
            ))
        })
        .unwrap();
    for (paper, size) in [(Paper::A4, "A4"), (Paper::A3, "A3")] {
        let (_d, path, _) = pdf(&Job::Wall { paper });
        let (_, got) = info(&path);
        assert!(got.contains(size), "{got}");
        let t = text(&path).replace([' ', '\n'], "");
        for s in ["连心墙", "主要负责人", department.as_str(), leader.as_str(), "王堃"] {
            assert!(t.contains(s), "{s} not on the {size} wall");
        }
    }
}

#[test]
fn supervision_notices_have_a_page_per_issue_and_the_assignment_sheet_a_page_per_department() {
    let store = store();
    let nos: Vec<String> = store
        .read(|c| {
            let mut s = c.prepare("SELECT no FROM issues WHERE lead_department_id IS NOT NULL AND deleted = 0 ORDER BY no LIMIT 3")?;
            let rows = s.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<Vec<String>>>()?;
            Ok(rows)
        })
        .unwrap();
    let (_d, path, report) = pdf(&Job::Supervision { issue_ids: nos.clone() });
    assert_eq!(report.count, 3);
    let (pages, _) = info(&path);
    assert!(pages >= 3);
    // Each issue starts its own page (a long history may run onto the next).
    let mut page = 1;
    for no in &nos {
        while !page_text(&path, page).contains(no.as_str()) {
            page += 1;
            assert!(page <= pages, "{no} not at the top of a page");
        }
        let t = page_text(&path, page).replace([' ', '\n'], "");
        assert!(t.starts_with("督办单") && t.contains("办理经过") && t.contains("督办要求"), "page {page}:\n{t}");
    }
    assert!(text(&path).contains("盖章"));
    let bad = print(&store, &Job::Supervision { issue_ids: vec!["1999-99999".into()] }, &options());
    assert!(matches!(bad, Err(PrintError::Invalid(ref m)) if m.contains("1999-99999")));

    let (batch, departments): (String, u32) = store
        .read(|c| {
            Ok(c.query_row(
                "SELECT b.no, count(DISTINCT coalesce(i.lead_department_id, '')) FROM issue_batches b JOIN issues i ON i.batch_id = b.id AND i.deleted = 0
                 GROUP BY b.id ORDER BY count(*) DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    let (_d, path, _) = pdf(&Job::Assignment { batch_id: batch.clone() });
    let (pages, size) = info(&path);
    assert!(pages >= departments, "{pages} pages for {departments} departments");
    assert!(size.contains("841.") && size.starts_with("841"), "landscape A4: {size}");
    let t = text(&path).replace([' ', '\n'], "");
    assert!(t.contains("问题交办单") && t.contains(&batch), "{batch}");
}

#[test]
fn the_bulletin_quotes_cores_figures() {
    use lianxin_core::model::issue::figures::{figures, FiguresQuery};
    let store = store();
    let (from, to) = lianxin_print::parse_period("2026").unwrap();
    let total = figures(&store, &FiguresQuery { from: Some(from.clone()), to: Some(to.clone()), today: Some("2026-11-20".into()), ..Default::default() }).unwrap().total;
    let (_d, path, report) = pdf(&Job::Bulletin { from, to });
    assert_eq!(report.count, total.total);
    let t = text(&path).replace([' ', '\n'], "");
    assert!(t.contains("工作通报") && t.contains("关于2026年企业和群众问题办理情况的通报"), "{t}");
    assert!(t.contains(&format!("共登记问题{}个,已办结{}个", total.total, total.done).replace(',', "，")), "{t}");
    assert!(t.contains("超期未办结问题"));
    // The list is the figures' 超期 (open past the deadline), its length said when cut.
    if total.overdue > 40 {
        assert!(t.contains(&format!("以上列出40个，共{}个", total.overdue)), "{t}");
    }
    assert_eq!(info(&path).1.contains("A4"), true);
    let empty = print(&store, &Job::Bulletin { from: "2001-01-01".into(), to: "2001-12-31".into() }, &options());
    assert!(matches!(empty, Err(PrintError::Empty(ref m)) if m.contains("2001年")), "{:?}", empty.err());
}

#[test]
fn the_same_records_give_the_same_bytes() {
    let z = zone();
    let job = Job::Cards { scope: CardScope::Cadre(z.kun.clone()) };
    let a = print(&store(), &job, &options()).unwrap().pdf().unwrap();
    let b = print(&store(), &job, &options()).unwrap().pdf().unwrap();
    assert!(a == b, "two prints of the same cards differ");
}

#[test]
fn a_character_the_font_lacks_is_named_with_its_record() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("z.db")).unwrap();
    generate::onboard(&store, &Onboarding { zone_name: "高新区".into(), operator_name: "张三".into(), demo: false }).unwrap();
    let c = cadre::create(&store, &CadreInput { name: "赵\u{E123}".into(), role: Some(cadre::CadreRole::Leader), mobile: Some("13800000000".into()), ..Default::default() }).unwrap();
    let printed = print(&store, &Job::Wall { paper: Paper::A4 }, &options()).unwrap();
    let m = &printed.report.missing;
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].record.contains("赵") && m[0].character == "\u{E123}", "{m:?}");
    assert!(m[0].message().contains("空白"));
    drop(c);
}

#[test]
fn an_offices_own_template_replaces_the_built_in_one_and_its_mistakes_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("wall.typ"), "#let d = json(\"/data.json\")\n本区自制连心墙：#d.office.zone\n").unwrap();
    let opts = Options { templates: Some(dir.path().to_path_buf()), ..options() };
    let printed = print(&store(), &Job::Wall { paper: Paper::A4 }, &opts).unwrap();
    let path = dir.path().join("w.pdf");
    printed.write(&path).unwrap();
    assert!(text(&path).contains("本区自制连心墙：高新区"));
    std::fs::write(dir.path().join("wall.typ"), "#let d = json(\"/data.json\")\n#d.nothing_here\n").unwrap();
    match print(&store(), &Job::Wall { paper: Paper::A4 }, &opts) {
        Err(e @ PrintError::Template { .. }) => assert!(e.to_string().starts_with("排版模板「wall」出错"), "{e}"),
        other => panic!("{:?}", other.map(|p| p.report)),
    }
}

#[test]
fn a_big_batch_reports_progress_and_stops_when_cancelled() {
    let mut seen = Vec::new();
    let result = lianxin_print::print_with(&store(), &Job::Cards { scope: CardScope::All }, &options(), &mut |done, total| {
        seen.push((done, total));
        done < 200
    });
    assert!(matches!(result, Err(PrintError::Cancelled)), "{:?}", result.map(|p| p.report));
    // Parts of 100 cards, as many at once as there are cores: the second report comes after the
    // first round, and the run stops there.
    assert_eq!(seen.len(), 2, "stopped after the first round: {seen:?}");
    assert!(seen[1].0 >= 100 && seen[1].0 < seen[1].1, "{seen:?}");
}

#[test]
fn periods_are_read_as_offices_write_them() {
    use lianxin_print::parse_period;
    assert_eq!(parse_period("2026-11").unwrap(), ("2026-11-01".into(), "2026-11-30".into()));
    assert_eq!(parse_period("2024-02").unwrap().1, "2024-02-29");
    assert_eq!(parse_period("2026-Q4").unwrap(), ("2026-10-01".into(), "2026-12-31".into()));
    assert_eq!(parse_period("2026").unwrap(), ("2026-01-01".into(), "2026-12-31".into()));
    assert_eq!(parse_period("2026-01-05..2026-02-10").unwrap(), ("2026-01-05".into(), "2026-02-10".into()));
    for bad in ["2026-13", "2026-Q5", "去年", "2026-01-05..", ""] {
        let e = parse_period(bad).unwrap_err().to_string();
        assert!(e.contains("看不懂"), "{bad}: {e}");
    }
}
