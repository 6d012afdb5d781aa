//! The first-run demo set: a zone shaped like the articles' (湘潭高新区 and its neighbours):
//! its departments and streets, ~60 cadres and a few hundred enterprises with plausible names.
//! Deterministic by seed. It writes through the one write path, so it has change rows like
//! anything typed in by hand.

use crate::error::Result;
use crate::model::cadre::{Cadre, CadreRole};
use crate::model::department::{Department, DepartmentKind};
use crate::model::enterprise::{Enterprise, EnterpriseStatus, Ownership, Scale};
use crate::model::new_id;
use crate::store::Store;
use crate::uscc;

/// SplitMix64: tiny, fast, and the same sequence on every platform and release.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

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

const PLACES: &[&str] = &["湘潭", "淮南", "济源", "菏泽", "高邮", "湖南", "中部", "潇湘", "韶山", "昭山"];
const BRAND: &[&str] = &[
    "立", "发", "华", "泰", "金", "鑫", "恒", "远", "宏", "达", "博", "雅", "中", "联", "天", "成", "瑞",
    "丰", "鸿", "运", "永", "盛", "新", "铭", "德", "润", "兴", "和", "信", "安", "嘉", "凯", "亿", "捷",
];
/// (business words, industry section)
const TRADES: &[(&str, &str)] = &[
    ("釉彩", "C"), ("机械制造", "C"), ("电子科技", "C"), ("新材料", "C"), ("精密铸造", "C"),
    ("食品", "C"), ("纺织", "C"), ("生物医药", "C"), ("汽车零部件", "C"), ("电气", "C"),
    ("化工", "C"), ("包装", "C"), ("建材", "C"), ("智能装备", "C"), ("物流", "G"),
    ("软件", "I"), ("信息技术", "I"), ("环保科技", "N"), ("建设工程", "E"), ("商贸", "F"),
    ("检测技术", "M"), ("酒店管理", "H"), ("能源", "D"),
];
const SUFFIXES: &[&str] = &["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭", "林",
    "何", "高", "罗", "郑", "梁", "谢", "宋", "唐", "游", "邓", "彭", "曾", "肖",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
    "志华", "建国", "海燕", "国庆", "玉梅", "明艳", "晓东", "红梅", "文斌", "立新", "春花", "敬", "霏",
];
const POSITIONS: &[&str] = &["主任", "副主任", "局长", "副局长", "科长", "副科长", "科员", "专干"];
const TAGS: &[&str] = &["规上企业", "高新技术企业", "专精特新", "重点项目", "外贸企业", "小微企业"];

pub fn person_name(r: &mut Rng) -> String {
    format!("{}{}", r.pick(SURNAMES), r.pick(GIVEN))
}

pub fn mobile(r: &mut Rng) -> String {
    format!("1{}{:09}", r.pick(&["3", "5", "7", "8", "9"]), r.next_u64() % 1_000_000_000)
}

/// A USCC for a company registered in `region` (6 digits); `valid` decides the check character.
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

pub fn enterprise_name(r: &mut Rng) -> (String, String, &'static str) {
    let brand = format!("{}{}", r.pick(BRAND), r.pick(BRAND));
    let (trade, section) = *r.pick(TRADES);
    let name = format!("{}{}{}{}", r.pick(PLACES), brand, trade, r.pick(SUFFIXES));
    (name, format!("{brand}{trade}"), section)
}

fn dept(name: &str, kind: DepartmentKind, parent: Option<&str>, order: i32) -> Department {
    Department {
        id: new_id(),
        name: name.into(),
        kind,
        parent_id: parent.map(str::to_string),
        phone: None,
        sort_order: order,
        active: true,
        created_at: String::new(),
        updated_at: String::new(),
    }
}

/// Adds the demo set, unless the database already has enterprises. Returns how many
/// enterprises were added.
pub fn populate(store: &Store, seed: u64) -> Result<usize> {
    let existing: i64 = store.read(|c| Ok(c.query_row("SELECT count(*) FROM enterprises", [], |r| r.get(0))?))?;
    if existing > 0 {
        return Ok(0);
    }
    let mut r = Rng::new(seed);
    store.write(|w| {
        let mut functions = vec![];
        for (i, n) in FUNCTION_DEPARTMENTS.iter().enumerate() {
            let d = dept(n, DepartmentKind::Function, None, i as i32);
            w.insert(&d)?;
            functions.push(d);
        }
        for (i, n) in COMPANIES.iter().enumerate() {
            w.insert(&dept(n, DepartmentKind::Company, None, i as i32))?;
        }
        let mut streets = vec![];
        for (i, (s, communities)) in STREETS.iter().enumerate() {
            let street = dept(s, DepartmentKind::Street, None, i as i32);
            w.insert(&street)?;
            let mut cs = vec![];
            for (j, c) in communities.iter().enumerate() {
                let c = dept(c, DepartmentKind::Community, Some(&street.id), j as i32);
                w.insert(&c)?;
                cs.push(c);
            }
            streets.push((street, cs));
        }

        for i in 0..60 {
            let d = &functions[r.below(functions.len())];
            let c = Cadre {
                id: new_id(),
                name: person_name(&mut r),
                department_id: Some(d.id.clone()),
                position: Some(r.pick(POSITIONS).to_string()),
                role: if i < 8 { CadreRole::Leader } else if i % 10 == 0 { CadreRole::Specialist } else { CadreRole::Cadre },
                mobile: Some(mobile(&mut r)),
                active: true,
                created_at: String::new(),
                updated_at: String::new(),
            };
            w.insert(&c)?;
        }

        let mut names = std::collections::HashSet::new();
        let mut added = 0;
        while added < 300 {
            let (name, short, section) = enterprise_name(&mut r);
            if !names.insert(name.clone()) {
                continue;
            }
            let (street, communities) = &streets[r.below(streets.len())];
            let community = &communities[r.below(communities.len())];
            let scale = *r.pick(&[Scale::Large, Scale::Medium, Scale::Medium, Scale::Small, Scale::Small, Scale::Small, Scale::Micro, Scale::Micro]);
            let mut tags = vec![];
            if r.chance(30) {
                tags.push(r.pick(TAGS).to_string());
            }
            let uscc = if r.chance(95) {
                let valid = !r.chance(3);
                Some(make_uscc(&mut r, "430300", valid))
            } else {
                None
            };
            let e = Enterprise {
                id: new_id(),
                name,
                short_name: Some(short),
                uscc,
                industry: Some(section.to_string()),
                scale: Some(scale),
                ownership: Some(*r.pick(&[Ownership::Private, Ownership::Private, Ownership::Private, Ownership::State, Ownership::Foreign, Ownership::Hmt])),
                address: Some(format!("{}{}路{}号", street.name.trim_end_matches("街道"), r.pick(&["建设", "高新", "创业", "芙蓉", "晓塘", "湘江"]), 1 + r.below(300))),
                street_id: Some(street.id.clone()),
                community_id: Some(community.id.clone()),
                legal_rep: Some(person_name(&mut r)),
                contact_name: Some(person_name(&mut r)),
                contact_phone: Some(if r.chance(80) { mobile(&mut r) } else { format!("0731-5{:07}", r.next_u64() % 10_000_000) }),
                tags,
                status: if r.chance(96) { EnterpriseStatus::Operating } else { EnterpriseStatus::MovedOut },
                notes: None,
                created_at: String::new(),
                updated_at: String::new(),
            };
            w.insert(&e)?;
            added += 1;
        }
        Ok(added)
    })
}
