//! Word pools for realistic Chinese data: the departments, streets and communities the articles
//! name, enterprise names built as place + brand + trade + legal form (湘潭立发釉彩有限公司),
//! people's names, mobiles and USCCs.

use super::rng::Rng;
use crate::uscc;

pub const FUNCTION_DEPARTMENTS: &[&str] = &[
    "党政办公室", "产业局", "投资服务中心", "行政审批服务局", "社会事业发展中心", "财政局",
    "自然资源和规划分局", "生态环境分局", "应急管理局", "建设局", "人力资源和社会保障局",
    "市场监督管理分局", "税务分局", "科技创新局", "招商合作局",
];
pub const COMPANIES: &[&str] = &["供电公司", "水务公司", "燃气公司"];
/// Streets and their communities, as the articles name them.
pub const STREETS: &[(&str, &[&str])] = &[
    ("双马街道", &["国强社区", "新华村", "法华村", "双马社区"]),
    ("板塘街道", &["板塘社区", "和平社区", "金桥社区"]),
    ("万福街道", &["万福社区", "登禹社区", "刘敬庄村"]),
    ("城南街道", &["城南社区", "东风社区", "迎宾社区"]),
];
/// Syllables for the streets and communities of larger generated sets.
const PLACE_SYLLABLES: &[&str] = &[
    "东", "西", "南", "北", "新", "和", "平", "安", "兴", "隆", "福", "康", "宁", "泰", "丰", "华",
    "金", "桥", "湖", "山", "河", "塘", "坪", "桂", "花", "荷", "柳", "杨", "枫", "林", "岭", "湾",
];

pub const PLACES: &[&str] = &[
    "湘潭", "淮南", "济源", "菏泽", "高邮", "湖南", "中部", "潇湘", "韶山", "昭山", "长沙", "株洲",
    "岳阳", "衡阳", "郑州", "洛阳", "合肥", "芜湖", "扬州", "泰州",
];
const BRAND: &[&str] = &[
    "立", "发", "华", "泰", "金", "鑫", "恒", "远", "宏", "达", "博", "雅", "中", "联", "天", "成", "瑞",
    "丰", "鸿", "运", "永", "盛", "新", "铭", "德", "润", "兴", "和", "信", "安", "嘉", "凯", "亿", "捷",
    "科", "创", "佳", "美", "宇", "正", "通", "力", "元", "晟", "祥", "裕", "昌", "源",
];
/// (business words, GB/T 4754 section, weight)
const TRADES: &[(&str, &str, u32)] = &[
    ("釉彩", "C", 2), ("机械制造", "C", 6), ("电子科技", "C", 5), ("新材料", "C", 5), ("精密铸造", "C", 3),
    ("食品", "C", 4), ("纺织", "C", 3), ("生物医药", "C", 3), ("汽车零部件", "C", 4), ("电气", "C", 4),
    ("化工", "C", 3), ("包装", "C", 3), ("建材", "C", 3), ("智能装备", "C", 4), ("物流", "G", 4),
    ("软件", "I", 3), ("信息技术", "I", 3), ("环保科技", "N", 2), ("建设工程", "E", 3), ("商贸", "F", 5),
    ("检测技术", "M", 2), ("酒店管理", "H", 2), ("能源", "D", 1), ("农业开发", "A", 2), ("置业", "K", 1),
];
const SUFFIXES: &[(&str, u32)] = &[("有限公司", 6), ("股份有限公司", 1), ("有限责任公司", 2)];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭", "林",
    "何", "高", "罗", "郑", "梁", "谢", "宋", "唐", "游", "邓", "彭", "曾", "肖", "欧阳", "武", "卢", "孙",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
    "志华", "建国", "海燕", "国庆", "玉梅", "明艳", "晓东", "红梅", "文斌", "立新", "春花", "敬", "霏",
    "安琪", "子涵", "浩然", "思远", "雨欣", "建华", "卫东", "秀英", "桂兰", "德明",
];
pub const POSITIONS: &[&str] = &["主任", "副主任", "局长", "副局长", "科长", "副科长", "科员", "专干"];
pub const TAGS: &[&str] = &["规上企业", "高新技术企业", "专精特新", "重点项目", "外贸企业", "小微企业"];
pub const ROADS: &[&str] = &["建设", "高新", "创业", "芙蓉", "晓塘", "湘江", "人民", "解放", "迎宾", "科技"];

pub fn person_name(r: &mut Rng) -> String {
    format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN))
}

pub fn mobile(r: &mut Rng) -> String {
    format!("1{}{:09}", r.pick(&["3", "5", "7", "8", "9"]), r.next_u64() % 1_000_000_000)
}

pub fn landline(r: &mut Rng) -> String {
    format!("0731-5{:07}", r.next_u64() % 10_000_000)
}

/// A USCC of a company registered in `region` (6 digits); `valid` decides the check character.
pub fn make_uscc(r: &mut Rng, region: &str, valid: bool) -> String {
    const ALPHA: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let mut s = format!("91{region}");
    for _ in 0..9 {
        s.push(ALPHA[r.below(ALPHA.len())] as char);
    }
    let good = uscc::check_char(&s).expect("built from the alphabet");
    let c = if valid { good } else { ALPHA.iter().map(|&b| b as char).find(|&c| c != good).unwrap_or('0') };
    s.push(c);
    s
}

/// (full name, short name, industry section)
pub fn enterprise_name(r: &mut Rng) -> (String, String, &'static str) {
    let brand = format!("{}{}", r.pick(BRAND), r.pick(BRAND));
    let trades: Vec<((&str, &str), u32)> = TRADES.iter().map(|(t, s, w)| ((*t, *s), *w)).collect();
    let (trade, section) = r.weighted(&trades);
    let suffix = r.weighted(SUFFIXES);
    (format!("{}{}{}{}", r.pick(PLACES), brand, trade, suffix), format!("{brand}{trade}"), section)
}

/// A made-up place name of two syllables, for generated streets and communities.
pub fn place(r: &mut Rng) -> String {
    format!("{}{}", r.pick(PLACE_SYLLABLES), r.pick(PLACE_SYLLABLES))
}
