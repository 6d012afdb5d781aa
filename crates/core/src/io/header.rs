//! Finding the header row under any title rows, and mapping its columns to fields from the
//! Chinese headers offices use. The user can override the mapping in the import wizard.

use serde::{Deserialize, Serialize};
use specta::Type;

use super::sheet::{Cell, Sheet};
use super::{header_ledgers, normalize};
use crate::error::{CoreError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Enterprises,
    Cadres,
    /// 民生实事 / 重点项目 ledgers (`import_project.rs`).
    Projects,
    /// 惠企台账: support outcomes per enterprise (`import_support.rs`).
    Supports,
}

impl ImportKind {
    /// Ledgers (projects, support outcomes) often head their columns in two rows, a group title
    /// merged across its columns over each column's own header; the registry's lists do not.
    fn two_row_headers(self) -> bool {
        matches!(self, ImportKind::Projects | ImportKind::Supports)
    }
}

/// A field a column can be imported into. Enterprises and cadres each use a subset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ImportField {
    /// 企业名称, or a cadre's 姓名.
    Name,
    ShortName,
    Uscc,
    LegalRep,
    ContactName,
    ContactPhone,
    Street,
    Community,
    Industry,
    Scale,
    /// 统计分类: 规上工业, 资质以上建筑业, 限上批零住餐, 规上服务业 (四上), 规下.
    StatClass,
    Ownership,
    Address,
    Tags,
    Notes,
    Status,
    /// 联点干部: a cadre's name, paired with the enterprise.
    Liaison,
    /// The day that pairing started (联点时间); today when absent.
    LiaisonSince,
    /// The 联点干部's unit (联点单位), given to a cadre the import creates.
    LiaisonUnit,
    Department,
    Position,
    Role,
    Mobile,
    Active,
    /// 项目性质: 民生实事 or 重点项目.
    ProjectKind,
    /// A project's 类别, or a support outcome's 类型 (授信, 贷款…).
    Category,
    /// 年度.
    Year,
    /// 建设地点.
    Location,
    /// 建设内容.
    Content,
    /// 建设规模 with its unit ("132盏", "约160米").
    Quantity,
    /// 总投资 / 预算, in 万元 unless the header or the cell says otherwise.
    Budget,
    /// 已完成投资 / 已拨付.
    Spent,
    /// 受益户数 / 受益人数.
    Beneficiaries,
    PlannedStart,
    PlannedFinish,
    ActualStart,
    ActualFinish,
    /// 进度: a percent, or words (已完工, 主体完工…).
    Progress,
    /// A support outcome's 金额.
    Amount,
    /// 笔数 / 人数 / 项数.
    Count,
    /// The count's unit (人, 项, 笔…).
    Unit,
    /// A support outcome's 日期.
    Date,
}

pub(super) struct Spec {
    field: ImportField,
    label: &'static str,
    /// Whole-header matches.
    exact: &'static [&'static str],
    /// Matches anywhere in a longer header ("联系人电话" → phone), tried in spec order.
    contains: &'static [&'static str],
}

pub(super) const fn spec(
    field: ImportField,
    label: &'static str,
    exact: &'static [&'static str],
    contains: &'static [&'static str],
) -> Spec {
    Spec { field, label, exact, contains }
}

use ImportField as F;

/// In the order a contained word is tried: phones before names ("联系人电话"), short name
/// before name ("企业简称"), liaison before contact ("联点干部姓名").
static ENTERPRISE: &[Spec] = &[
    spec(F::ContactPhone, "联系电话", &["联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "电话号码"], &["电话", "手机", "联系方式"]),
    spec(F::Uscc, "统一社会信用代码", &["统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "uscc"], &["信用代码"]),
    spec(F::ShortName, "简称", &["简称", "企业简称"], &["简称"]),
    spec(F::LiaisonSince, "联点时间", &["联点时间", "联点日期", "包联时间", "包联日期", "联点开始日期", "开始日期", "开始时间"], &["联点时间", "联点日期", "包联时间", "包联日期", "开始日期"]),
    spec(F::LiaisonUnit, "联点单位", &["联点单位", "联点干部单位", "包联单位", "包联干部单位", "干部单位", "帮扶单位", "派出单位", "联点干部所在单位"], &["联点单位", "干部单位", "包联单位", "帮扶单位", "派出单位"]),
    spec(F::Liaison, "联点干部", &["联点干部", "包联干部", "助企干部", "联系干部", "挂点干部", "联点领导", "包联领导"], &["联点干部", "包联干部", "助企干部", "挂点干部", "联点领导", "包联领导", "联系干部", "联点人"]),
    spec(F::LegalRep, "法定代表人", &["法定代表人", "法人", "法人代表", "法定代表"], &["法定代表", "法人"]),
    spec(F::ContactName, "联系人", &["联系人", "企业联系人", "联系人姓名"], &["联系人"]),
    spec(F::Community, "所属社区", &["所属社区", "社区", "村", "社区/村", "村/社区", "所属村", "村(社区)", "社区(村)"], &["社区"]),
    spec(F::Street, "所属街道", &["所属街道", "街道", "镇", "乡镇", "街道/镇", "镇/街道", "所属乡镇", "镇街", "所属镇街"], &["街道", "乡镇"]),
    spec(F::Industry, "行业", &["行业", "所属行业", "行业门类", "行业类别", "行业分类"], &["行业"]),
    spec(F::StatClass, "统计分类", &["统计分类", "四上分类", "四上类别", "四上类型", "规上类别", "统计类别", "是否规上", "是否四上", "规上/规下", "四上企业"], &["统计分类", "四上", "规上"]),
    spec(F::Scale, "企业规模", &["企业规模", "规模"], &["规模"]),
    spec(F::Ownership, "经济类型", &["经济类型", "企业性质", "经济性质", "所有制", "所有制性质", "企业类型"], &["经济类型", "性质", "所有制"]),
    spec(F::Address, "地址", &["地址", "注册地址", "企业地址", "经营地址", "详细地址", "办公地址", "住所"], &["地址"]),
    spec(F::Tags, "标签", &["标签", "企业标签"], &["标签"]),
    spec(F::Notes, "备注", &["备注", "说明"], &["备注"]),
    spec(F::Status, "状态", &["状态", "经营状态", "企业状态", "登记状态"], &["状态"]),
    spec(F::Name, "企业名称", &["企业名称", "单位名称", "企业全称", "名称", "企业", "公司名称"], &["企业名称", "单位名称", "公司名称"]),
];

static CADRE: &[Spec] = &[
    spec(F::Mobile, "手机", &["手机", "手机号", "手机号码", "联系电话", "电话", "联系方式"], &["手机", "电话", "联系方式"]),
    spec(F::Department, "单位", &["单位", "部门", "单位/部门", "所在单位", "工作单位", "单位名称", "所在部门", "单位部门"], &["单位", "部门"]),
    spec(F::Position, "职务", &["职务", "职位", "职务/职级", "职级"], &["职务", "职位"]),
    spec(F::Role, "角色", &["角色", "类别", "人员类别", "干部类别"], &["角色"]),
    spec(F::Active, "在岗", &["在岗", "是否在岗", "在岗状态", "状态"], &["在岗"]),
    spec(F::Name, "姓名", &["姓名", "干部姓名", "名字"], &["姓名"]),
];

fn specs(kind: ImportKind) -> &'static [Spec] {
    match kind {
        ImportKind::Enterprises => ENTERPRISE,
        ImportKind::Cadres => CADRE,
        ImportKind::Projects => header_ledgers::PROJECT,
        ImportKind::Supports => header_ledgers::SUPPORT,
    }
}

/// The fields a kind can import, in the order the wizard lists them.
pub fn fields(kind: ImportKind, with_liaison: bool) -> Vec<ImportField> {
    let mut v: Vec<ImportField> = specs(kind)
        .iter()
        .map(|s| s.field)
        .filter(|f| with_liaison || !matches!(f, F::Liaison | F::LiaisonSince | F::LiaisonUnit))
        .collect();
    // Name first: it is the one the user looks for.
    v.sort_by_key(|f| *f != F::Name);
    v
}

/// The field's Chinese label for messages ("请填写企业名称").
pub fn label(kind: ImportKind, field: ImportField) -> &'static str {
    specs(kind).iter().find(|s| s.field == field).map(|s| s.label).unwrap_or("")
}

/// A header as offices decorate it ("*企业名称(必填):") reduced to its words.
pub(super) fn header_key(raw: &str) -> String {
    let t = normalize::half_width(raw);
    let mut out = String::new();
    let mut depth = 0;
    for c in t.chars() {
        match c {
            '(' | '[' | '【' => depth += 1,
            ')' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            '*' | '※' | ':' | '#' | '▲' => {}
            c if c.is_whitespace() => {}
            c => out.push(c.to_ascii_lowercase()),
        }
    }
    // "村(社区)" style headers are all parentheses; keep the whole text then.
    if out.is_empty() {
        t.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        out
    }
}

/// The field a header names, if any.
pub fn field_for(kind: ImportKind, header: &str) -> Option<ImportField> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    let full: String = normalize::half_width(header).chars().filter(|c| !c.is_whitespace()).collect();
    let specs = specs(kind);
    specs
        .iter()
        .find(|s| s.exact.iter().any(|e| *e == key || *e == full))
        .or_else(|| specs.iter().find(|s| s.contains.iter().any(|w| key.contains(w))))
        .map(|s| s.field)
}

/// Which column holds which field, and the row the headers are on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ImportMapping {
    /// The header row as the user sees it in Excel (1-based, title rows included).
    pub header_row: u32,
    /// One entry per column: the field it is imported into, or None to leave it out.
    pub columns: Vec<Option<ImportField>>,
}

/// A column of the file as the wizard shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct ImportColumn {
    pub index: u32,
    pub header: String,
    pub field: Option<ImportField>,
}

/// How far down to look for the header row: past any title and date lines.
const HEADER_SEARCH_ROWS: usize = 30;

fn map_texts(kind: ImportKind, texts: &[String]) -> Vec<Option<ImportField>> {
    let mut seen = Vec::new();
    texts
        .iter()
        .map(|t| {
            let f = field_for(kind, t)?;
            // A field goes to its first column only.
            if seen.contains(&f) {
                return None;
            }
            seen.push(f);
            Some(f)
        })
        .collect()
}

fn row_texts(row: &[Cell]) -> Vec<String> {
    row.iter().map(|c| normalize::clean(&c.text())).collect()
}

/// The header texts of `sheet.rows[i]`: for ledgers whose row above groups it (投资情况(万元)
/// over 总投资 | 已完成投资), each under its group's title (`header_ledgers::grouped`).
fn header_texts(sheet: &Sheet, kind: ImportKind, i: usize) -> Vec<String> {
    let own = row_texts(&sheet.rows[i]);
    if !kind.two_row_headers() || i == 0 {
        return own;
    }
    let hits = |t: &[String]| map_texts(kind, t).iter().flatten().count();
    // Kept even when the row alone names as many fields: the group title carries the unit
    // (投资情况(万元)) and tells 计划 from 实际.
    match header_ledgers::grouped(&sheet.rows[i - 1], &own) {
        Some(both) if hits(&both) >= hits(&own) => both,
        _ => own,
    }
}

/// The first row in which several cells are known headers, mapped automatically.
pub fn detect(sheet: &Sheet, kind: ImportKind) -> ImportMapping {
    let width = sheet.width();
    let mut best: Option<(usize, Vec<Option<ImportField>>)> = None;
    for i in 0..sheet.rows.len().min(HEADER_SEARCH_ROWS) {
        let mut cols = map_texts(kind, &header_texts(sheet, kind, i));
        let hits = cols.iter().flatten().count();
        if hits >= 2 || (hits == 1 && width == 1) {
            // A second header row under this one: the data starts below it.
            if kind.two_row_headers() && i + 1 < sheet.rows.len() {
                let below = map_texts(kind, &header_texts(sheet, kind, i + 1));
                if below.iter().flatten().count() > hits {
                    return mapping_at(sheet, i + 1, below);
                }
            }
            cols.resize(width, None);
            return ImportMapping { header_row: sheet.user_row(i), columns: cols };
        }
        if hits == 1 && best.is_none() {
            best = Some((i, cols));
        }
    }
    let (i, cols) = best.unwrap_or((0, vec![]));
    mapping_at(sheet, i, cols)
}

fn mapping_at(sheet: &Sheet, i: usize, mut columns: Vec<Option<ImportField>>) -> ImportMapping {
    columns.resize(sheet.width(), None);
    ImportMapping { header_row: sheet.user_row(i), columns }
}

/// The columns of the row the user says holds the headers, mapped automatically.
pub fn detect_at(sheet: &Sheet, kind: ImportKind, header_row: u32) -> Result<ImportMapping> {
    let probe = ImportMapping { header_row, columns: vec![] };
    let i = header_index(sheet, &probe)?;
    Ok(mapping_at(sheet, i, map_texts(kind, &header_texts(sheet, kind, i))))
}

/// The index into `sheet.rows` of the mapping's header row, checked.
pub fn header_index(sheet: &Sheet, mapping: &ImportMapping) -> Result<usize> {
    let i = (mapping.header_row as i64) - 1 - sheet.first_row as i64;
    if i < 0 || i as usize >= sheet.rows.len() {
        return Err(CoreError::validation(
            "header_row",
            format!("表头行应在第{}行到第{}行之间", sheet.user_row(0), sheet.user_row(sheet.rows.len().saturating_sub(1))),
        ));
    }
    let mut seen = Vec::new();
    for f in mapping.columns.iter().flatten() {
        if seen.contains(f) {
            return Err(CoreError::validation("mapping", format!("“{}”对应了不止一列,每个字段只能选一列", label_any(*f))));
        }
        seen.push(*f);
    }
    Ok(i as usize)
}

fn label_any(f: ImportField) -> &'static str {
    [ImportKind::Enterprises, ImportKind::Cadres, ImportKind::Projects, ImportKind::Supports]
        .into_iter()
        .map(|k| label(k, f))
        .find(|l| !l.is_empty())
        .unwrap_or("")
}

/// The columns under the mapping's header row, with the mapping's fields.
pub fn columns(sheet: &Sheet, kind: ImportKind, mapping: &ImportMapping) -> Vec<ImportColumn> {
    let texts = header_index(sheet, mapping).map(|i| header_texts(sheet, kind, i)).unwrap_or_default();
    (0..sheet.width().max(mapping.columns.len()))
        .map(|i| ImportColumn {
            index: i as u32,
            header: texts.get(i).cloned().unwrap_or_default(),
            field: mapping.columns.get(i).copied().flatten(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "t".into(),
            file: "t.xlsx".into(),
            first_row: 0,
            rows: rows.iter().map(|r| r.iter().map(|t| Cell::Text(t.to_string())).collect()).collect(),
        }
    }

    #[test]
    fn enterprise_headers_as_offices_write_them() {
        let k = ImportKind::Enterprises;
        for (h, f) in [
            ("企业名称", F::Name),
            ("*单位名称(必填)", F::Name),
            ("统一社会信用代码", F::Uscc),
            ("信用代码", F::Uscc),
            ("法人", F::LegalRep),
            ("联系人电话", F::ContactPhone),
            ("手机", F::ContactPhone),
            ("所属街道", F::Street),
            ("镇", F::Street),
            ("村", F::Community),
            ("所属行业", F::Industry),
            ("规模", F::Scale),
            ("统计分类", F::StatClass),
            ("是否规上", F::StatClass),
            ("企业性质", F::Ownership),
            ("注册地址", F::Address),
            ("联点干部", F::Liaison),
            ("联点干部单位", F::LiaisonUnit),
            ("联点单位", F::LiaisonUnit),
            ("企业简称", F::ShortName),
            ("ＵＳＣＣ", F::Uscc),
        ] {
            assert_eq!(field_for(k, h), Some(f), "{h}");
        }
        assert_eq!(field_for(k, "序号"), None);
        assert_eq!(field_for(k, "注册资本(万元)"), None);
        assert_eq!(field_for(k, "湘潭高新区联点企业名单"), None);
    }

    #[test]
    fn cadre_headers() {
        let k = ImportKind::Cadres;
        assert_eq!(field_for(k, "姓名"), Some(F::Name));
        assert_eq!(field_for(k, "单位/部门"), Some(F::Department));
        assert_eq!(field_for(k, "单位名称"), Some(F::Department));
        assert_eq!(field_for(k, "联系电话"), Some(F::Mobile));
        assert_eq!(field_for(k, "职务"), Some(F::Position));
    }

    #[test]
    fn header_row_is_found_under_a_title() {
        let s = sheet(&[
            &["湘潭高新区联点企业名单"],
            &["制表日期:2026年11月"],
            &["序号", "企业名称", "统一社会信用代码", "联系电话", "联系电话"],
            &["1", "甲", "x", "1"],
        ]);
        let m = detect(&s, ImportKind::Enterprises);
        assert_eq!(m.header_row, 3);
        assert_eq!(detect_at(&s, ImportKind::Enterprises, 3).unwrap(), m);
        assert!(detect_at(&s, ImportKind::Enterprises, 1).unwrap().columns.iter().all(Option::is_none));
        assert!(detect_at(&s, ImportKind::Enterprises, 9).is_err());
        assert_eq!(m.columns, vec![None, Some(F::Name), Some(F::Uscc), Some(F::ContactPhone), None]);
        let cols = columns(&s, ImportKind::Enterprises, &m);
        assert_eq!(cols[1].header, "企业名称");
        assert_eq!(header_index(&s, &m).unwrap(), 2);
    }

    #[test]
    fn overridden_mappings_are_checked() {
        let s = sheet(&[&["a", "b"], &["1", "2"]]);
        let bad_row = ImportMapping { header_row: 9, columns: vec![None, None] };
        assert!(header_index(&s, &bad_row).is_err());
        let twice = ImportMapping { header_row: 1, columns: vec![Some(F::Name), Some(F::Name)] };
        let e = header_index(&s, &twice).unwrap_err();
        assert!(e.to_string().contains("企业名称"), "{e}");
    }
}

/// A file is not "0 rows imported" when it is not the list asked for: no column of its first
/// rows names a field (random text, a letter, someone's notes), or nothing follows the header.
/// `what` is the list (企业名单), `example` a header it would have (企业名称).
pub(crate) fn require_table(any_mapped: bool, data_rows: u32, header_row: u32, what: &str, example: &str) -> Result<()> {
    if !any_mapped {
        return Err(CoreError::BadFile(format!(
            "表格中没有找到可识别的表头(如“{example}”),这个文件看起来不是{what};请确认选对了文件,或在表头行写上列名后再导入"
        )));
    }
    if data_rows == 0 {
        return Err(CoreError::BadFile(format!("第{header_row}行是表头,但表头下面没有数据行,没有可导入的内容")));
    }
    Ok(())
}
