//! The headers of project ledgers (民生实事台账, 重点项目台账) and support ledgers (惠企台账),
//! and the two-row headers such ledgers use: a group title merged across its columns
//! (投资情况(万元), 计划时间) over each column's own header (总投资 | 已完成投资, 开工 | 完工).

use super::header::{spec, ImportField as F, Spec};
use super::normalize;
use super::sheet::Cell;

/// In the order a contained word is tried: money before dates (实际完成投资 is money), actual
/// dates before planned ones (实际开工 before 开工), 挂钩/联系领导 before 单位.
pub(super) static PROJECT: &[Spec] = &[
    spec(F::Spent, "已完成投资(万元)", &["已完成投资", "完成投资", "累计完成投资", "已拨付", "已拨付资金", "已支付", "累计投资", "已投资"], &["完成投资", "拨付", "已支付", "累计投资", "已投资"]),
    spec(F::Budget, "总投资(万元)", &["总投资", "预算", "计划投资", "投资额", "总预算", "预算金额", "投资", "概算", "项目总投资", "投资总额", "资金"], &["总投资", "预算", "计划投资", "投资", "概算"]),
    spec(F::ActualStart, "实际开工", &["实际开工", "实际开工时间", "实际开工日期"], &["实际开工"]),
    spec(F::ActualFinish, "实际完工", &["实际完工", "实际完工时间", "实际完工日期", "竣工日期", "竣工时间", "实际完成时间"], &["实际完工", "实际完成", "竣工"]),
    spec(F::PlannedStart, "计划开工", &["计划开工", "计划开工时间", "计划开工日期", "开工时间", "开工日期"], &["计划开工", "开工"]),
    spec(F::PlannedFinish, "计划完工", &["计划完工", "计划完工时间", "计划完工日期", "完工时间", "完成时限", "完成时间", "计划完成时间", "时限", "办理时限", "完成期限", "完工日期"], &["计划完工", "计划完成", "完工", "时限", "期限"]),
    spec(F::Beneficiaries, "受益户数", &["受益户数", "受益人数", "受益群众", "受益人口", "惠及人数", "惠及户数", "受益对象", "受益"], &["受益", "惠及"]),
    spec(F::Quantity, "建设规模", &["建设规模", "工程量", "数量", "规模"], &["规模", "工程量"]),
    spec(F::Content, "建设内容", &["建设内容", "主要建设内容", "项目内容", "建设内容及规模", "实施内容", "主要内容", "内容"], &["内容"]),
    spec(F::Liaison, "挂钩联系人", &["挂钩联系人", "联系领导", "挂点领导", "挂钩领导", "包联领导", "联点领导", "联系人", "挂钩干部", "责任领导", "分管领导", "责任人"], &["挂钩", "联系领导", "挂点", "包联", "联点", "责任领导", "分管领导", "责任人"]),
    spec(F::Department, "责任单位", &["责任单位", "牵头单位", "实施单位", "责任部门", "牵头部门", "主管单位", "业主单位", "建设单位", "承办单位"], &["责任单位", "牵头", "实施单位", "责任部门", "业主", "建设单位"]),
    spec(F::Progress, "进度", &["进度", "形象进度", "工程进度", "完成进度", "项目进度", "进展情况", "进展", "推进情况", "完成情况", "进度情况"], &["进度", "进展", "推进"]),
    spec(F::Status, "状态", &["状态", "项目状态", "建设状态", "实施状态", "是否完工"], &["状态"]),
    spec(F::Community, "社区", &["社区", "村", "所属社区", "社区/村", "村/社区", "村(社区)"], &["社区"]),
    spec(F::Street, "街道", &["街道", "所属街道", "镇", "乡镇", "镇街", "所属镇街"], &["街道", "镇街"]),
    spec(F::Location, "建设地点", &["建设地点", "地点", "位置", "项目地点", "项目位置", "实施地点", "地址", "建设位置", "项目地址"], &["地点", "位置", "地址"]),
    spec(F::Year, "年度", &["年度", "年份", "所属年度"], &["年度"]),
    spec(F::ProjectKind, "项目性质", &["项目性质", "性质", "项目属性"], &["性质"]),
    spec(F::Category, "类别", &["类别", "类型", "项目类别", "项目类型", "项目分类", "分类", "建设类别"], &["类别", "类型", "分类"]),
    spec(F::Notes, "备注", &["备注", "说明"], &["备注"]),
    spec(F::Name, "项目名称", &["项目名称", "名称", "项目", "实事项目", "民生实事项目", "项目名"], &["项目名称"]),
];

/// 单位 alone is the count's unit here (the export's column); the helping department is
/// 帮办单位 and its kin.
pub(super) static SUPPORT: &[Spec] = &[
    spec(F::Uscc, "统一社会信用代码", &["统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "uscc"], &["信用代码"]),
    spec(F::Date, "日期", &["日期", "时间", "办理日期", "办理时间", "放款日期", "放款时间", "拨付日期", "到位日期", "到位时间", "兑现日期", "发生日期", "签约日期"], &["日期", "时间"]),
    spec(F::Count, "数量", &["数量", "笔数", "人数", "项数", "户数", "件数", "次数", "个数", "用工人数", "招聘人数"], &["笔数", "人数", "项数", "户数", "件数", "数量"]),
    spec(F::Unit, "单位", &["单位", "计量单位", "数量单位"], &["计量单位", "数量单位"]),
    spec(F::Amount, "金额(万元)", &["金额", "资金", "授信金额", "贷款金额", "融资金额", "拨付金额", "奖补金额", "退税金额", "缓缴金额", "额度", "资金额", "兑现金额"], &["金额", "资金", "额度"]),
    spec(F::Category, "成效类型", &["成效类型", "类型", "类别", "支持类型", "服务类型", "惠企类型", "事项", "事项类型", "帮扶类型", "政策类型"], &["类型", "类别"]),
    spec(F::Status, "状态", &["状态", "办理状态", "进展", "进度", "办理情况", "是否到位"], &["状态", "到位", "进展"]),
    spec(F::Department, "帮办单位", &["帮办单位", "责任单位", "服务单位", "对接单位", "经办单位", "帮扶单位", "办理单位", "部门", "牵头单位", "承办单位", "金融机构"], &["帮办", "责任单位", "服务单位", "对接单位", "经办", "帮扶单位", "办理单位", "部门"]),
    spec(F::Notes, "备注", &["备注", "说明"], &["备注"]),
    spec(F::Name, "企业名称", &["企业名称", "企业", "单位名称", "公司名称", "企业全称", "名称"], &["企业名称", "企业", "公司"]),
];

/// The header row `own` under the row `above`, each header under its group's title, when
/// `above` is a group row: some of its cells stand over their own column (a vertical merge,
/// filled down into `own`, or a header written in the upper row only) and the others title the
/// columns to their right until the next such cell. A title or a 填报单位 line above a header
/// stands over no column of its own, and a data row holds numbers; neither groups anything.
pub(super) fn grouped(above: &[Cell], own: &[String]) -> Option<Vec<String>> {
    if above.iter().any(|c| matches!(c, Cell::Number(_) | Cell::Date(_))) {
        return None;
    }
    let width = own.len().max(above.len());
    let mut group = String::new();
    let mut vertical = false;
    let mut combined = false;
    let mut out = Vec::with_capacity(width);
    let text = |c: usize| above.get(c).map(|x| normalize::clean(&x.text())).unwrap_or_default();
    for c in 0..width {
        let a = text(c);
        let o = own.get(c).cloned().unwrap_or_default();
        if !a.is_empty() {
            group = a.clone();
        }
        out.push(match (a.is_empty(), o.is_empty()) {
            (false, true) => {
                vertical = true;
                a
            }
            (false, false) if a == o => {
                vertical = true;
                group.clear();
                o
            }
            // A group title spans the next column too (merged across); a cell over a single
            // column that differs from it (序号 over 1) means `own` is data, not headers.
            (false, false) if !(text(c + 1).is_empty() && own.get(c + 1).is_some_and(|n| !n.is_empty())) => return None,
            (_, false) if !group.is_empty() => {
                combined = true;
                format!("{group} {o}")
            }
            _ => o,
        });
    }
    (vertical && combined).then_some(out)
}

/// A row that is no record: a 合计/小计 line (its sums are the ledger's, not a project), or a
/// note under the table (注:…, 填表说明, 填表人/审核人). The note's text, for a warning.
pub(super) enum NotData {
    Total,
    Note(String),
}

pub(super) fn not_data(cells: &[Cell]) -> Option<NotData> {
    let filled: Vec<String> = cells.iter().filter(|c| !c.is_empty()).map(|c| normalize::clean(&c.text())).collect();
    let first: String = filled.first()?.chars().filter(|c| !c.is_whitespace()).collect();
    if filled.iter().take(3).any(|t| {
        let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        matches!(t.as_str(), "合计" | "总计" | "小计" | "累计" | "合计:" | "总计:")
    }) {
        return Some(NotData::Total);
    }
    let note = ["注:", "注1", "说明:", "填表说明", "备注:", "填表人", "制表人", "审核人", "填报人", "联系人:"];
    (filled.len() <= 3 && note.iter().any(|w| first.starts_with(w))).then(|| NotData::Note(filled.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::super::header::{field_for, ImportKind};
    use super::*;

    #[test]
    fn project_headers_as_ledgers_write_them() {
        let k = ImportKind::Projects;
        for (h, f) in [
            ("项目名称", F::Name),
            ("建设内容", F::Content),
            ("总投资(万元)", F::Budget),
            ("投资情况(万元) 总投资", F::Budget),
            ("投资情况(万元) 已完成投资", F::Spent),
            ("实际完成投资", F::Spent),
            ("计划时间 开工", F::PlannedStart),
            ("计划时间 完工", F::PlannedFinish),
            ("完成时限", F::PlannedFinish),
            ("实际完工时间", F::ActualFinish),
            ("责任单位", F::Department),
            ("挂钩联系人", F::Liaison),
            ("联系领导", F::Liaison),
            ("形象进度", F::Progress),
            ("受益户数", F::Beneficiaries),
            ("建设地点", F::Location),
            ("街道", F::Street),
            ("类别", F::Category),
        ] {
            assert_eq!(field_for(k, h), Some(f), "{h}");
        }
        assert_eq!(field_for(k, "序号"), None);
    }

    #[test]
    fn support_headers() {
        let k = ImportKind::Supports;
        assert_eq!(field_for(k, "企业名称"), Some(F::Name));
        assert_eq!(field_for(k, "金额(元)"), Some(F::Amount));
        assert_eq!(field_for(k, "授信金额(万元)"), Some(F::Amount));
        assert_eq!(field_for(k, "单位"), Some(F::Unit));
        assert_eq!(field_for(k, "帮办单位"), Some(F::Department));
        assert_eq!(field_for(k, "人数"), Some(F::Count));
        assert_eq!(field_for(k, "成效类型"), Some(F::Category));
        assert_eq!(field_for(k, "放款日期"), Some(F::Date));
    }

    #[test]
    fn a_group_row_titles_its_columns_and_a_title_row_does_not() {
        let t = |s: &str| if s.is_empty() { Cell::Empty } else { Cell::Text(s.into()) };
        let above = ["序号", "项目名称", "投资情况(万元)", "", "责任单位"].map(t);
        let own: Vec<String> = ["序号", "项目名称", "总投资", "已完成投资", "责任单位"].map(String::from).to_vec();
        let g = grouped(&above, &own).unwrap();
        assert_eq!(g[2], "投资情况(万元) 总投资");
        assert_eq!(g[3], "投资情况(万元) 已完成投资");
        assert_eq!(g[4], "责任单位");
        let title = ["2026年民生实事项目推进情况表"].map(t);
        assert_eq!(grouped(&title, &own), None);
        let data: Vec<String> = ["1", "芙蓉路路灯改造", "8", "", "经发局"].map(String::from).to_vec();
        assert_eq!(grouped(&above, &data), None, "a data row under a group row is not a header");
        assert!(matches!(not_data(&[t("合计"), t(""), Cell::Number(1800.0)]), Some(NotData::Total)));
        assert!(matches!(not_data(&[t("注:金额单位为万元")]), Some(NotData::Note(_))));
        assert!(not_data(&[t("1"), t("路灯改造")]).is_none());
    }
}
