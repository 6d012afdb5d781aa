//! Search on a real store: every path a query can take.

use super::*;
use crate::model::cadre::{self, CadreInput, CadreRole};
use crate::model::enterprise::{self, EnterpriseInput};
use crate::store::Store;

fn store_with(names: &[&str]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().join("s.db")).unwrap();
    for n in names {
        enterprise::create(&store, &EnterpriseInput { name: n.to_string(), ..Default::default() }).unwrap();
    }
    (dir, store)
}

fn titles(r: &SearchResults, kind: SearchKind) -> Vec<String> {
    r.groups.iter().filter(|g| g.kind == kind).flat_map(|g| g.hits.iter().map(|h| h.title.clone())).collect()
}

#[test]
fn a_short_name_inside_the_name_is_indexed_once_and_still_found() {
    let (_d, store) = store_with(&[]);
    let input = EnterpriseInput { name: "洛阳昌金生物医药有限公司".into(), short_name: Some("昌金生物".into()), ..Default::default() };
    enterprise::create(&store, &input).unwrap();
    let body: String = store.read(|c| Ok(c.query_row("SELECT body FROM search_docs", [], |r| r.get(0))?)).unwrap();
    assert!(!body.split(" | ").any(|p| p == "昌金生物" || p == "changjinshengwu" || p == "cjsw"), "{body}");
    let e = |q: &str| titles(&search(&store, q, None, 10).unwrap(), SearchKind::Enterprise);
    for q in ["昌金生物", "changjinshengwu", "cjsw", "ljcjsw"] {
        let want: Vec<String> = if q == "ljcjsw" { vec![] } else { vec!["洛阳昌金生物医药有限公司".into()] };
        assert_eq!(e(q), want, "{q}");
    }
}

#[test]
fn chinese_substrings_of_every_length_pinyin_and_codes() {
    let (_d, store) = store_with(&["湘潭立发釉彩有限公司", "湘潭华泰电气有限公司", "重庆长安汽车零部件有限公司"]);
    let mut input = EnterpriseInput { name: "立发新材料有限公司".into(), ..Default::default() };
    input.uscc = Some("91350100M000100Y43".into());
    input.contact_phone = Some("13807312345".into());
    enterprise::create(&store, &input).unwrap();

    let e = |q: &str| titles(&search(&store, q, None, 10).unwrap(), SearchKind::Enterprise);
    assert_eq!(e("釉"), vec!["湘潭立发釉彩有限公司"], "one character");
    assert_eq!(e("立发"), vec!["立发新材料有限公司", "湘潭立发釉彩有限公司"], "two, prefix match first");
    assert_eq!(e("立发釉彩"), vec!["湘潭立发釉彩有限公司"], "four (trigram)");
    assert_eq!(e("lfyc"), vec!["湘潭立发釉彩有限公司"], "initials");
    assert_eq!(e("LiFaYouCai"), vec!["湘潭立发釉彩有限公司"], "full pinyin, any case");
    assert_eq!(e("ｌｆｙｃ"), vec!["湘潭立发釉彩有限公司"], "full-width letters");
    assert_eq!(e("lf").len(), 2, "two initials");
    assert_eq!(e("chongqing"), vec!["重庆长安汽车零部件有限公司"], "polyphonic 重 read chong");
    assert_eq!(e("cqca"), vec!["重庆长安汽车零部件有限公司"]);
    assert_eq!(e("M000100Y43"), vec!["立发新材料有限公司"], "USCC, any case");
    assert_eq!(e("0731234"), vec!["立发新材料有限公司"], "phone digits");
    assert!(e("火星").is_empty());
    assert!(e("").is_empty());
}

#[test]
fn groups_by_kind_counts_and_limits() {
    let names: Vec<String> = (0..30).map(|i| format!("华泰{i}号有限公司")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let (_d, store) = store_with(&refs);
    cadre::create(&store, &CadreInput { name: "华泰".into(), role: Some(CadreRole::Cadre), ..Default::default() }).unwrap();
    for q in ["华泰", "号有限", "ht"] {
        let r = search(&store, q, None, 5).unwrap();
        let ent = r.groups.iter().find(|g| g.kind == SearchKind::Enterprise).unwrap();
        assert_eq!(ent.hits.len(), 5, "{q}");
        if q != "号有限" {
            assert_eq!(ent.total, 30, "{q}");
            let cad = r.groups.iter().find(|g| g.kind == SearchKind::Cadre).unwrap();
            assert_eq!(cad.hits[0].title, "华泰");
        }
    }
    let only = search(&store, "华泰", Some(&[SearchKind::Cadre]), 5).unwrap();
    assert_eq!(only.groups.len(), 1);
}

#[test]
fn edits_and_deletes_are_seen_by_both_paths_at_once() {
    let (_d, store) = store_with(&["湘潭立发釉彩有限公司"]);
    // Build the short index first so the edit has to update it in place.
    assert_eq!(titles(&search(&store, "釉", None, 5).unwrap(), SearchKind::Enterprise).len(), 1);
    let id = enterprise::list(&store, &Default::default()).unwrap().rows[0].id.clone();
    enterprise::update(&store, &id, &EnterpriseInput { name: "湘潭华泰电气有限公司".into(), ..Default::default() }).unwrap();
    for q in ["釉", "釉彩", "lfyc"] {
        assert!(titles(&search(&store, q, None, 5).unwrap(), SearchKind::Enterprise).is_empty(), "{q}");
    }
    for q in ["电", "电气", "htdq", "华泰电气"] {
        assert_eq!(titles(&search(&store, q, None, 5).unwrap(), SearchKind::Enterprise).len(), 1, "{q}");
    }
    enterprise::delete(&store, &id).unwrap();
    for q in ["电", "htdq", "华泰电气"] {
        assert!(search(&store, q, None, 5).unwrap().groups.is_empty(), "{q}");
    }
}

#[test]
fn a_rolled_back_write_leaves_no_document() {
    let (_d, store) = store_with(&[]);
    let _ = store.write(|w| -> crate::Result<()> {
        let e = enterprise::Enterprise {
            id: "x".into(),
            name: "回滚测试有限公司".into(),
            short_name: None,
            uscc: None,
            industry: None,
            scale: None,
            stat_class: None,
            ownership: None,
            address: None,
            street_id: None,
            community_id: None,
            legal_rep: None,
            contact_name: None,
            contact_phone: None,
            tags: vec![],
            status: Default::default(),
            notes: None,
            created_at: String::new(),
            updated_at: String::new(),
        };
        w.insert(&e)?;
        Err(crate::CoreError::validation("name", "fail"))
    });
    assert!(search(&store, "回滚", None, 5).unwrap().groups.is_empty());
    assert!(search(&store, "回滚测试", None, 5).unwrap().groups.is_empty());
}

#[test]
fn the_index_is_rebuilt_when_its_version_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    {
        let store = Store::open(&path).unwrap();
        enterprise::create(&store, &EnterpriseInput { name: "湘潭立发釉彩有限公司".into(), ..Default::default() }).unwrap();
        store.read(|c| Ok(c.execute_batch("DELETE FROM search_docs; UPDATE meta SET value = '0' WHERE key = 'search_version';")?)).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(titles(&search(&store, "lfyc", None, 5).unwrap(), SearchKind::Enterprise).len(), 1);
}

#[test]
fn the_fts_index_matches_the_documents_after_mixed_writes_in_one_transaction() {
    use crate::model::enterprise::Enterprise;
    use crate::store::get;
    let (_d, store) = store_with(&["湘潭华泰电气有限公司", "湘潭宏达物流有限公司"]);
    let ids: Vec<String> = enterprise::list(&store, &Default::default()).unwrap().rows.into_iter().map(|e| e.id).collect();
    store
        .write(|w| {
            // Insert, then edit the new record twice, edit an old one, delete another — one
            // transaction, so documents change before they ever reach the FTS table.
            let mut e: Enterprise = get(w.conn(), &ids[0])?;
            e.id = "new-1".into();
            e.name = "韶山青竹湾茶叶有限公司".into();
            e.uscc = None;
            w.insert(&e)?;
            let mut e2 = e.clone();
            e2.name = "韶山青竹湾茶业有限公司".into();
            w.update(&e, &e2)?;
            let mut e3 = e2.clone();
            e3.short_name = Some("青竹湾".into());
            w.update(&e2, &e3)?;
            let old: Enterprise = get(w.conn(), &ids[1])?;
            let mut renamed = old.clone();
            renamed.name = "湘潭宏达冷链物流有限公司".into();
            w.update(&old, &renamed)?;
            let gone: Enterprise = get(w.conn(), &ids[0])?;
            w.tombstone(&gone)
        })
        .unwrap();
    store.read(|c| Ok(c.execute_batch("INSERT INTO search_fts(search_fts) VALUES ('integrity-check');")?)).unwrap();
    let e = |q: &str| titles(&search(&store, q, None, 10).unwrap(), SearchKind::Enterprise);
    assert_eq!(e("青竹湾茶业"), vec!["韶山青竹湾茶业有限公司"]);
    assert!(e("青竹湾茶叶").is_empty());
    assert_eq!(e("冷链物流"), vec!["湘潭宏达冷链物流有限公司"]);
    assert!(e("华泰电气").is_empty());
    assert_eq!(e("qzw").len(), 1);
}

/// A pasted paragraph is searched by its first `MAX_QUERY` characters, not all 100,000.
#[test]
fn a_huge_query_is_cut_to_the_search_box_length() {
    let dir = tempfile::tempdir().unwrap();
    let store = crate::Store::open(dir.path().join("q.db")).unwrap();
    let r = search(&store, &"湘潭电机".repeat(25_000), None, 8).unwrap();
    assert_eq!(r.query.chars().count(), super::query::MAX_QUERY);
    assert!(r.groups.iter().all(|g| g.hits.is_empty()));
}
