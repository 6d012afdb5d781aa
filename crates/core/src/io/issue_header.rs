//! The headers of office issue ledgers (问题台账) mapped to the issue's fields, and the header
//! row found under any title rows, as `header.rs` does for the registry's lists. The user can
//! override the mapping in the import wizard.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::normalize;
use super::sheet::{Cell, Sheet};
use crate::error::{CoreError, Result};

/// A ledger column an issue field is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum IssueField {
    No,
    /// A 12345 work order's number (工单编号), kept beside the app's 编号.
    HotlineNo,
    RegisteredOn,
    Source,
    Enterprise,
    Uscc,
    Reporter,
    Phone,
    Street,
    Cadre,
    Category,
    Content,
    Tier,
    Disposition,
    Lead,
    Assisting,
    AssignedOn,
    Deadline,
    Status,
    ResolvedOn,
    Result,
    Satisfaction,
    ClosedOn,
    Notes,
    /// 诉求地址 / 事发地址 of a 12345 work order: kept in the registration's note, and what
    /// ties repeated complaints about one place.
    Address,
}

struct Spec {
    field: IssueField,
    label: &'static str,
    exact: &'static [&'static str],
    /// Tried in spec order when no header matches exactly.
    contains: &'static [&'static str],
}

const fn spec(field: IssueField, label: &'static str, exact: &'static [&'static str], contains: &'static [&'static str]) -> Spec {
    Spec { field, label, exact, contains }
}

use IssueField as F;

/// In the order a contained word is tried: phones before people ("反映人电话"), dates before
/// what they date ("交办日期" before 交办…), 类别/层级/来源 before 问题 (问题类别 is a category).
static SPECS: &[Spec] = &[
    spec(F::Phone, "联系电话", &["联系电话", "电话", "手机", "手机号码", "联系方式"], &["电话", "手机", "联系方式"]),
    spec(F::HotlineNo, "工单编号", &["工单编号", "工单号", "12345工单号", "12345工单编号", "热线工单号", "工单流水号"], &["工单"]),
    spec(F::No, "编号", &["编号", "问题编号", "诉求编号", "台账编号"], &["编号"]),
    spec(F::Uscc, "统一社会信用代码", &["统一社会信用代码", "信用代码", "社会信用代码"], &["信用代码"]),
    spec(F::RegisteredOn, "登记日期", &["登记日期", "登记时间", "反映时间", "反映日期", "受理日期", "受理时间", "收集时间", "收集日期", "来电时间", "来电日期", "日期", "时间"], &["来电时间", "来电日期", "登记日期", "登记时间", "反映时间", "反映日期", "受理时间", "受理日期", "收集时间", "收集日期", "走访时间", "走访日期"]),
    spec(F::AssignedOn, "交办日期", &["交办日期", "交办时间", "转办日期", "转办时间"], &["交办日期", "交办时间", "转办时间", "转办日期"]),
    spec(F::ClosedOn, "销号日期", &["销号日期", "销号时间"], &["销号日期", "销号时间"]),
    spec(F::Deadline, "办理时限", &["办理时限", "办结时限", "时限", "完成时限", "办理期限", "办结期限", "期限", "要求完成时间", "要求办结时间"], &["时限", "期限", "要求完成", "要求办结"]),
    spec(F::ResolvedOn, "办结日期", &["办结日期", "办结时间", "完成日期", "完成时间", "解决日期", "解决时间", "实际办结时间"], &["办结日期", "办结时间", "完成时间", "完成日期", "解决时间", "解决日期"]),
    spec(F::Status, "办理状态", &["办理状态", "状态", "办结情况", "是否办结", "完成情况", "问题状态"], &["状态", "是否办结", "办结情况"]),
    spec(F::Satisfaction, "满意度", &["满意度", "满意情况", "是否满意", "评价", "回访评价", "满意度评价"], &["满意", "评价"]),
    spec(F::Source, "来源", &["来源", "问题来源", "诉求来源", "收集方式", "渠道", "反映渠道"], &["来源", "渠道"]),
    spec(F::Tier, "问题层级", &["问题层级", "层级", "分级", "问题分级", "级别", "问题级别", "等级"], &["层级", "分级", "级别"]),
    spec(F::Disposition, "处置方式", &["处置方式", "处置类型", "处置", "办理方式", "处理方式"], &["处置", "办理方式", "处理方式"]),
    spec(F::Assisting, "配合单位", &["配合单位", "协办单位", "配合部门", "协办部门"], &["配合", "协办"]),
    spec(F::Lead, "牵头单位", &["牵头单位", "责任单位", "承办单位", "办理单位", "责任部门", "牵头部门", "主办单位", "承办部门", "交办单位"], &["牵头", "责任单位", "责任部门", "承办", "主办", "办理单位"]),
    spec(F::Cadre, "联点干部", &["联点干部", "包联干部", "助企干部", "走访干部", "收集人", "联系干部"], &["干部"]),
    spec(F::Reporter, "反映人", &["反映人", "诉求人", "联系人", "来电人", "反映人姓名", "群众姓名"], &["反映人", "诉求人", "联系人", "来电人"]),
    spec(F::Street, "所属街道", &["所属街道", "街道", "镇街", "所属镇街", "乡镇"], &["街道"]),
    spec(F::Category, "问题类别", &["问题类别", "类别", "问题类型", "诉求类别", "类型", "问题分类", "分类"], &["类别", "类型", "分类"]),
    spec(F::Result, "办理结果", &["办理结果", "办理情况", "处理结果", "答复情况", "落实情况", "进展情况", "办理进展", "解决情况", "整改情况"], &["结果", "办理情况", "落实", "进展", "答复", "整改"]),
    spec(F::Notes, "备注", &["备注", "说明"], &["备注"]),
    spec(F::Address, "诉求地址", &["诉求地址", "事发地址", "地址", "事件地址", "问题地址", "发生地址", "来电地址"], &["地址"]),
    spec(F::Enterprise, "企业名称", &["企业名称", "企业", "单位名称", "诉求企业", "反映企业", "企业(个人)", "企业/群众", "反映主体", "诉求主体", "公司名称"], &["企业", "公司"]),
    spec(F::Content, "问题描述", &["问题描述", "问题内容", "诉求内容", "反映问题", "问题", "具体问题", "诉求", "企业诉求", "问题及诉求", "主要问题", "反映内容", "意见建议"], &["描述", "内容", "诉求", "问题"]),
];

/// The fields a ledger column can be imported into, content first.
pub fn issue_fields() -> Vec<IssueField> {
    let mut v: Vec<IssueField> = SPECS.iter().map(|s| s.field).collect();
    v.sort_by_key(|f| *f != F::Content);
    v
}

/// The field's Chinese label ("请填写问题描述").
pub fn issue_field_label(f: IssueField) -> &'static str {
    SPECS.iter().find(|s| s.field == f).map(|s| s.label).unwrap_or("")
}

/// A header as ledgers decorate it ("*问题描述(必填)") reduced to its words.
fn header_key(raw: &str) -> String {
    let mut out = String::new();
    let mut depth = 0i32;
    for c in normalize::half_width(raw).chars() {
        match c {
            '(' | '[' | '【' => depth += 1,
            ')' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 || c.is_whitespace() || matches!(c, '*' | '※' | ':' | '#' | '▲') => {}
            c => out.push(c),
        }
    }
    out
}

/// The field a ledger header names, if any (序号 names none).
pub fn issue_field_for(header: &str) -> Option<IssueField> {
    let key = header_key(header);
    // A title line ("湘潭高新区问题台账") is not a header, though it names a word of one.
    if key.is_empty() || key == "序号" || ["台账", "清单", "汇总表", "统计表"].iter().any(|w| key.contains(w))
    {
        return None;
    }
    let full: String = normalize::half_width(header).chars().filter(|c| !c.is_whitespace()).collect();
    SPECS
        .iter()
        .find(|s| s.exact.iter().any(|e| *e == key || *e == full))
        .or_else(|| SPECS.iter().find(|s| s.contains.iter().any(|w| key.contains(w))))
        .map(|s| s.field)
}

/// Which ledger column holds which field, and the row the headers are on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct IssueMapping {
    /// The header row as Excel shows it (1-based, title rows included).
    pub header_row: u32,
    /// One entry per column: the field it is imported into, or None to leave it out. Empty:
    /// map the header row automatically.
    pub columns: Vec<Option<IssueField>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct IssueColumn {
    pub index: u32,
    pub header: String,
    pub field: Option<IssueField>,
}

pub(super) fn map_row(row: &[Cell], width: usize) -> Vec<Option<IssueField>> {
    let mut seen = Vec::new();
    let mut cols: Vec<Option<IssueField>> = row
        .iter()
        .map(|c| {
            let f = issue_field_for(&c.text())?;
            // A field goes to its first column only.
            (!seen.contains(&f)).then(|| {
                seen.push(f);
                f
            })
        })
        .collect();
    cols.resize(width, None);
    cols
}

/// The ledger's header row: the first of the top 30 rows naming three or more fields (a
/// ledger has many columns; a title line names none), else the one naming most.
pub fn detect_issue_header(sheet: &Sheet) -> IssueMapping {
    let width = sheet.width();
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in sheet.rows.iter().take(30).enumerate() {
        let hits = map_row(row, width).iter().flatten().count();
        if hits >= 3 {
            best = Some((i, hits));
            break;
        }
        if hits > best.map_or(0, |b| b.1) {
            best = Some((i, hits));
        }
    }
    let i = best.map_or(0, |b| b.0);
    let columns = sheet.rows.get(i).map(|r| map_row(r, width)).unwrap_or_default();
    IssueMapping { header_row: sheet.user_row(i), columns }
}

pub(super) fn header_index(sheet: &Sheet, m: &IssueMapping) -> Result<usize> {
    let i = m.header_row as i64 - 1 - sheet.first_row as i64;
    if i < 0 || i as usize >= sheet.rows.len() {
        return Err(CoreError::validation(
            "header_row",
            format!(
                "表头行应在第{}行到第{}行之间",
                sheet.user_row(0),
                sheet.user_row(sheet.rows.len().saturating_sub(1))
            ),
        ));
    }
    let mut seen = Vec::new();
    for f in m.columns.iter().flatten() {
        if seen.contains(f) {
            return Err(CoreError::validation(
                "mapping",
                format!("“{}”对应了不止一列,每个字段只能选一列", issue_field_label(*f)),
            ));
        }
        seen.push(*f);
    }
    Ok(i as usize)
}
