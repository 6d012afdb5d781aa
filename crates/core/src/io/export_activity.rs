//! Exports of the 走访会议 list and the 惠企台账, filtered as on screen (every page), to .xlsx or
//! CSV: amounts in 万元 and counts as numbers a spreadsheet sums, links named.

use std::path::Path;

use super::export::{run, ExportResult};
use super::table_out::{ExportFormat, TableOut, Val};
use crate::error::Result;
use crate::model::engagement::{self, EngagementQuery, LinkedName};
use crate::model::list::MAX_PAGE_SIZE;
use crate::model::support::{self, SupportQuery};
use crate::store::Store;

pub const ENGAGEMENT_HEADERS: &[&str] = &["日期", "类型", "企业", "社区", "参加干部", "地点", "活动内容", "成效", "发现问题"];
pub const SUPPORT_HEADERS: &[&str] =
    &["日期", "企业名称", "成效类型", "金额(万元)", "数量", "单位", "状态", "帮办单位", "备注"];

fn names(xs: &[LinkedName]) -> Val {
    if xs.is_empty() {
        Val::Empty
    } else {
        Val::Text(xs.iter().map(|x| x.name.as_str()).collect::<Vec<_>>().join("、"))
    }
}

/// Every engagement `q` matches, newest first.
pub fn export_engagements(store: &Store, q: &EngagementQuery, path: &Path, format: ExportFormat) -> Result<ExportResult> {
    run(path, || {
        let mut out = TableOut::create(path, format, "走访会议", ENGAGEMENT_HEADERS)?;
        let mut n = 0u64;
        for page in 1.. {
            let p = engagement::list(store, &EngagementQuery { page, page_size: MAX_PAGE_SIZE, ..q.clone() })?;
            for r in &p.rows {
                let e = &r.engagement;
                out.row(&[
                    Val::Text(e.date.clone()),
                    Val::Text(e.kind.zh().into()),
                    names(&r.enterprises),
                    names(&r.communities),
                    names(&r.cadres),
                    Val::opt(&e.place),
                    Val::Text(e.summary.clone()),
                    Val::opt(&e.outcome),
                    names(&r.issues),
                ])?;
            }
            n += p.rows.len() as u64;
            if p.rows.len() < MAX_PAGE_SIZE as usize {
                break;
            }
        }
        out.finish()?;
        Ok(n)
    })
}

/// Every support outcome `q` matches, newest first.
pub fn export_supports(store: &Store, q: &SupportQuery, path: &Path, format: ExportFormat) -> Result<ExportResult> {
    run(path, || {
        let mut out = TableOut::create(path, format, "惠企台账", SUPPORT_HEADERS)?;
        let mut n = 0u64;
        for page in 1.. {
            let p = support::list(store, &SupportQuery { page, page_size: MAX_PAGE_SIZE, ..q.clone() })?;
            for r in &p.rows {
                let s = &r.support;
                out.row(&[
                    Val::Text(s.date.clone()),
                    Val::Text(r.enterprise_name.clone()),
                    Val::Text(s.kind.zh().into()),
                    s.amount_fen.map(|f| Val::Num(f as f64 / 1_000_000.0)).unwrap_or(Val::Empty),
                    s.count.map(|c| Val::Num(c as f64)).unwrap_or(Val::Empty),
                    Val::opt(&s.unit),
                    Val::Text(s.status.zh().into()),
                    Val::opt(&r.department_name),
                    Val::opt(&s.note),
                ])?;
            }
            n += p.rows.len() as u64;
            if p.rows.len() < MAX_PAGE_SIZE as usize {
                break;
            }
        }
        out.finish()?;
        Ok(n)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::sheet::{read_path, Cell};
    use crate::model::cadre::CadreRole;
    use crate::model::engagement::{EngagementInput, EngagementKind};
    use crate::model::liaison::tests::fixture;
    use crate::model::support::{SupportInput, SupportKind};

    #[test]
    fn supports_go_out_with_amounts_in_wan_as_numbers_and_engagements_with_their_links_named() {
        let f = fixture();
        let c = f.cadre("刘思远", CadreRole::Cadre);
        let e = f.enterprise("湘潭电机股份有限公司", None);
        let credit = SupportInput {
            enterprise_id: e.clone(),
            kind: Some(SupportKind::Credit),
            amount_fen: Some(1800 * 1_000_000),
            date: Some("2026-03-01".into()),
            ..Default::default()
        };
        crate::model::support::create(&f.store, &credit).unwrap();
        let hired = SupportInput { kind: Some(SupportKind::Hiring), amount_fen: None, count: Some(79), unit: Some("人".into()), ..credit };
        crate::model::support::create(&f.store, &hired).unwrap();
        let visit = EngagementInput {
            date: Some("2026-03-02".into()),
            kind: Some(EngagementKind::BankMeeting),
            summary: "银企对接会".into(),
            cadre_ids: vec![c],
            enterprise_ids: vec![e],
            ..Default::default()
        };
        crate::model::engagement::create(&f.store, &visit).unwrap();

        let dir = tempfile::tempdir().unwrap();
        let x = dir.path().join("惠企台账.xlsx");
        assert_eq!(export_supports(&f.store, &SupportQuery::default(), &x, ExportFormat::Xlsx).unwrap().rows, 2);
        let sheet = read_path(&x).unwrap();
        let header: Vec<String> = sheet.rows[0].iter().map(|c| c.text()).collect();
        assert_eq!(header, SUPPORT_HEADERS);
        let amounts: Vec<&Cell> = sheet.rows[1..].iter().map(|r| &r[3]).collect();
        assert!(amounts.contains(&&Cell::Number(1800.0)), "{amounts:?}");
        assert!(sheet.rows[1..].iter().any(|r| r[4] == Cell::Number(79.0) && r[5].text() == "人"));

        let csv = dir.path().join("走访会议.csv");
        export_engagements(&f.store, &EngagementQuery::default(), &csv, ExportFormat::Csv).unwrap();
        let text = std::fs::read_to_string(&csv).unwrap();
        assert!(text.contains("银企对接会") && text.contains("湘潭电机股份有限公司") && text.contains("刘思远"), "{text}");
    }
}
