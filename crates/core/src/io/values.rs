//! The words offices write in coded columns (行业, 规模, 经济类型, 状态, 角色, 在岗), read into
//! the model's values. Exports write the first word of each, so an export imports back.

use crate::model::cadre::CadreRole;
use crate::model::enterprise::{EnterpriseStatus, Ownership, Scale};
use crate::model::reference::INDUSTRIES;
use crate::model::stat_class::StatClass;

use super::normalize;

fn key(s: &str) -> String {
    normalize::half_width(s).chars().filter(|c| !c.is_whitespace()).collect()
}

/// A section's name without its punctuation and joining words, so 农林牧渔业 finds 农、林、牧、渔业.
fn loose(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '、' | ',' | '和' | '及' | '与')).collect()
}

/// Common sub-industry words and their GB/T 4754 sections. On a tie in length the earlier
/// entry wins, so manufacturing words come first (建筑材料 is manufacturing, not building).
const INDUSTRY_WORDS: &[(&str, &str)] = &[
    ("制造", "C"), ("加工", "C"), ("生产", "C"), ("材料", "C"), ("机械", "C"), ("装备", "C"), ("电子", "C"),
    ("化工", "C"), ("医药", "C"), ("食品", "C"), ("纺织", "C"), ("服装", "C"), ("汽车", "C"), ("冶金", "C"),
    ("钢铁", "C"), ("陶瓷", "C"), ("电机", "C"), ("仪器", "C"), ("家具", "C"), ("印刷", "C"), ("塑料", "C"),
    ("软件", "I"), ("信息技术", "I"), ("互联网", "I"), ("信息传输", "I"), ("通信", "I"), ("电信", "I"),
    ("大数据", "I"), ("人工智能", "I"), ("数据服务", "I"),
    ("农业", "A"), ("林业", "A"), ("畜牧", "A"), ("渔业", "A"), ("养殖", "A"), ("种植", "A"),
    ("采矿", "B"), ("开采", "B"), ("矿业", "B"),
    ("电力", "D"), ("热力", "D"), ("燃气", "D"), ("供水", "D"), ("自来水", "D"), ("供电", "D"),
    ("建筑", "E"), ("建设", "E"), ("装修", "E"), ("装饰", "E"), ("施工", "E"), ("安装", "E"),
    ("批发", "F"), ("零售", "F"), ("商贸", "F"), ("贸易", "F"), ("超市", "F"), ("销售", "F"), ("电商", "F"),
    ("运输", "G"), ("物流", "G"), ("仓储", "G"), ("快递", "G"), ("邮政", "G"),
    ("住宿", "H"), ("餐饮", "H"), ("酒店", "H"), ("宾馆", "H"),
    ("金融", "J"), ("银行", "J"), ("保险", "J"), ("证券", "J"), ("担保", "J"), ("小额贷款", "J"),
    ("房地产", "K"), ("物业", "K"),
    ("租赁", "L"), ("商务服务", "L"), ("咨询", "L"), ("广告", "L"), ("人力资源", "L"), ("会展", "L"),
    ("科学研究", "M"), ("科研", "M"), ("技术服务", "M"), ("研发", "M"), ("检测", "M"), ("设计", "M"),
    ("水利", "N"), ("环境", "N"), ("环保", "N"), ("公共设施", "N"), ("园林", "N"),
    ("居民服务", "O"), ("修理", "O"), ("维修", "O"), ("家政", "O"), ("美容", "O"),
    ("教育", "P"), ("培训", "P"), ("学校", "P"),
    ("卫生", "Q"), ("医院", "Q"), ("医疗", "Q"), ("诊所", "Q"), ("养老", "Q"), ("社会工作", "Q"),
    ("文化", "R"), ("体育", "R"), ("娱乐", "R"), ("传媒", "R"), ("出版", "R"), ("影视", "R"), ("旅游", "R"),
    ("公共管理", "S"), ("社会保障", "S"), ("社会组织", "S"),
    ("国际组织", "T"),
];

/// A section letter from a letter (c, C39, C3911), a section's Chinese name, or a common
/// sub-industry word.
pub fn industry(raw: &str) -> Option<&'static str> {
    let k = key(raw);
    if k.is_empty() {
        return None;
    }
    if let Some(i) = INDUSTRIES.iter().find(|i| i.zh == k || loose(i.zh) == loose(&k)) {
        return Some(i.code);
    }
    let first = k.chars().next()?.to_ascii_uppercase();
    let rest_is_digits = k.chars().skip(1).all(|c| c.is_ascii_digit()) && k.chars().count() <= 5;
    if first.is_ascii_uppercase() && rest_is_digits {
        return INDUSTRIES.iter().find(|i| i.code.starts_with(first)).map(|i| i.code);
    }
    let mut best: Option<(&'static str, usize)> = None;
    for (w, code) in INDUSTRY_WORDS {
        let n = w.chars().count();
        if k.contains(w) && best.is_none_or(|(_, b)| n > b) {
            best = Some((code, n));
        }
    }
    best.map(|(c, _)| c)
}

pub fn scale(raw: &str) -> Option<Scale> {
    let k = key(raw).to_ascii_lowercase();
    let k = k.trim_end_matches("企业");
    match k {
        "大型" | "大" | "large" => Some(Scale::Large),
        "中型" | "中" | "medium" => Some(Scale::Medium),
        "小型" | "小" | "small" => Some(Scale::Small),
        "微型" | "微" | "micro" => Some(Scale::Micro),
        _ => None,
    }
}

/// What a warning says a 统计分类 may be.
pub const STAT_CLASS_HINT: &str = "应为 规上工业/资质以上建筑业/限上批零住餐/规上服务业/四上/规下";

/// A 统计分类 from the words rosters use: 规模以上工业 / 规上工业, 资质以上建筑业, 限额以上 /
/// 限上 (批零住餐), 规模以上服务业, 四上, and 规下 / 规模以下 / 非四上 / 限下. A bare 规上 / 四上
/// takes its sector from the row's industry section (`StatClass::above_in`).
pub fn stat_class(raw: &str, industry: Option<&str>) -> Option<StatClass> {
    let k = key(raw);
    let k = k.trim_end_matches("企业").trim_end_matches("单位");
    if k.is_empty() {
        return None;
    }
    if let Some(c) = StatClass::ALL.iter().find(|c| c.zh() == k || c.as_str() == k) {
        return Some(*c);
    }
    let has = |ws: &[&str]| ws.iter().any(|w| k.contains(w));
    if has(&["规下", "规模以下", "非四上", "四下", "限下", "限额以下", "非规上", "规模以外"]) || k == "否" {
        return Some(StatClass::Below);
    }
    let above = has(&["规上", "规模以上", "四上", "限上", "限额以上", "资质"]) || k == "是";
    if !above {
        return None;
    }
    Some(if has(&["工业"]) {
        StatClass::Industry
    } else if has(&["建筑", "资质"]) {
        StatClass::Construction
    } else if has(&["限上", "限额", "批发", "零售", "住宿", "餐饮", "批零"]) {
        StatClass::Trade
    } else if has(&["服务"]) {
        StatClass::Services
    } else {
        StatClass::above_in(industry)
    })
}

pub fn scale_zh(s: Scale) -> &'static str {
    match s {
        Scale::Large => "大型",
        Scale::Medium => "中型",
        Scale::Small => "小型",
        Scale::Micro => "微型",
    }
}

/// Tried in order: 港澳台商投资 mentions 外资-like words, so it comes first.
const OWNERSHIP_WORDS: &[(&str, Ownership)] = &[
    ("港澳台", Ownership::Hmt),
    ("港资", Ownership::Hmt),
    ("澳资", Ownership::Hmt),
    ("台资", Ownership::Hmt),
    ("外资", Ownership::Foreign),
    ("外商", Ownership::Foreign),
    ("中外合", Ownership::Foreign),
    ("国有", Ownership::State),
    ("国企", Ownership::State),
    ("国资", Ownership::State),
    ("央企", Ownership::State),
    ("集体", Ownership::Collective),
    ("民营", Ownership::Private),
    ("私营", Ownership::Private),
    ("民企", Ownership::Private),
    ("个体", Ownership::Private),
    ("自然人", Ownership::Private),
    ("其他", Ownership::Other),
    ("其它", Ownership::Other),
];

pub fn ownership(raw: &str) -> Option<Ownership> {
    let k = key(raw);
    OWNERSHIP_WORDS.iter().find(|(w, _)| k.contains(w)).map(|(_, o)| *o)
}

pub fn ownership_zh(o: Ownership) -> &'static str {
    match o {
        Ownership::State => "国有",
        Ownership::Private => "民营",
        Ownership::Foreign => "外资",
        Ownership::Hmt => "港澳台",
        Ownership::Collective => "集体",
        Ownership::Other => "其他",
    }
}

pub fn status(raw: &str) -> Option<EnterpriseStatus> {
    let k = key(raw);
    if ["在营", "存续", "正常", "开业", "在业", "营业"].iter().any(|w| k.contains(w)) {
        Some(EnterpriseStatus::Operating)
    } else if k.contains("迁出") || k.contains("外迁") {
        Some(EnterpriseStatus::MovedOut)
    } else if ["注销", "吊销", "关闭", "停业", "歇业"].iter().any(|w| k.contains(w)) {
        Some(EnterpriseStatus::Closed)
    } else {
        None
    }
}

pub fn status_zh(s: EnterpriseStatus) -> &'static str {
    match s {
        EnterpriseStatus::Operating => "在营",
        EnterpriseStatus::MovedOut => "迁出",
        EnterpriseStatus::Closed => "注销",
    }
}

pub fn role(raw: &str) -> Option<CadreRole> {
    let k = key(raw);
    if k.contains("领导") {
        Some(CadreRole::Leader)
    } else if k.contains("专员") {
        Some(CadreRole::Specialist)
    } else if k.contains("干部") || k.contains("联点") || k == "cadre" {
        Some(CadreRole::Cadre)
    } else {
        match k.as_str() {
            "leader" => Some(CadreRole::Leader),
            "specialist" => Some(CadreRole::Specialist),
            _ => None,
        }
    }
}

pub fn role_zh(r: CadreRole) -> &'static str {
    match r {
        CadreRole::Leader => "领导",
        CadreRole::Cadre => "联点干部",
        CadreRole::Specialist => "专员",
    }
}

/// 在岗: yes / no in the ways a sheet says it.
pub fn yes_no(raw: &str) -> Option<bool> {
    let k = key(raw).to_ascii_lowercase();
    match k.as_str() {
        "是" | "在岗" | "在职" | "1" | "y" | "yes" | "true" | "√" | "✓" | "正常" => Some(true),
        "否" | "离岗" | "离职" | "调离" | "退休" | "0" | "n" | "no" | "false" | "×" => Some(false),
        _ => None,
    }
}

/// Cells that list several names or tags: 张三、李四 / 张三,李四.
pub fn split_list(raw: &str) -> Vec<String> {
    normalize::half_width(raw)
        .split(['、', ',', ';', '/', '|', '\n'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn industries_by_letter_name_or_word() {
        assert_eq!(industry("C"), Some("C"));
        assert_eq!(industry("c39"), Some("C"));
        assert_eq!(industry("制造业"), Some("C"));
        assert_eq!(industry("农林牧渔业"), Some("A"));
        assert_eq!(industry("软件和信息技术服务业"), Some("I"));
        assert_eq!(industry("电子信息"), Some("C"));
        assert_eq!(industry("建筑材料"), Some("C"));
        assert_eq!(industry("建筑装饰"), Some("E"));
        assert_eq!(industry("现代物流"), Some("G"));
        assert_eq!(industry("火星开发"), None);
        for i in INDUSTRIES {
            assert_eq!(industry(i.zh), Some(i.code), "{}", i.zh);
        }
    }

    #[test]
    fn enums_in_office_words() {
        assert_eq!(scale("中型企业"), Some(Scale::Medium));
        assert_eq!(scale("微"), Some(Scale::Micro));
        assert_eq!(scale("规上"), None);
        assert_eq!(ownership("港澳台商投资企业"), Some(Ownership::Hmt));
        assert_eq!(ownership("中外合资"), Some(Ownership::Foreign));
        assert_eq!(ownership("国有控股"), Some(Ownership::State));
        assert_eq!(ownership("民营企业"), Some(Ownership::Private));
        assert_eq!(ownership("有限责任公司"), None);
        assert_eq!(status("存续(在营、开业、在册)"), Some(EnterpriseStatus::Operating));
        assert_eq!(status("注销"), Some(EnterpriseStatus::Closed));
        assert_eq!(role("包联领导"), Some(CadreRole::Leader));
        assert_eq!(role("服务专员"), Some(CadreRole::Specialist));
        assert_eq!(role("联点干部"), Some(CadreRole::Cadre));
        assert_eq!(yes_no("是"), Some(true));
        assert_eq!(yes_no("离岗"), Some(false));
        assert_eq!(split_list("张三、李四, 王五"), vec!["张三", "李四", "王五"]);
        for s in [Scale::Large, Scale::Medium, Scale::Small, Scale::Micro] {
            assert_eq!(scale(scale_zh(s)), Some(s));
        }
        for o in [Ownership::State, Ownership::Private, Ownership::Foreign, Ownership::Hmt, Ownership::Collective, Ownership::Other] {
            assert_eq!(ownership(ownership_zh(o)), Some(o));
        }
        for r in [CadreRole::Leader, CadreRole::Cadre, CadreRole::Specialist] {
            assert_eq!(role(role_zh(r)), Some(r));
        }
    }
}
