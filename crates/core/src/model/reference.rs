//! Fixed reference lists: the national industry classification's sections (GB/T 4754-2017 门类).

use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, Serialize, Type)]
pub struct Industry {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

pub const INDUSTRIES: &[Industry] = &[
    Industry { code: "A", zh: "农、林、牧、渔业", en: "Agriculture, forestry, animal husbandry and fishery" },
    Industry { code: "B", zh: "采矿业", en: "Mining" },
    Industry { code: "C", zh: "制造业", en: "Manufacturing" },
    Industry { code: "D", zh: "电力、热力、燃气及水生产和供应业", en: "Electricity, heat, gas and water" },
    Industry { code: "E", zh: "建筑业", en: "Construction" },
    Industry { code: "F", zh: "批发和零售业", en: "Wholesale and retail" },
    Industry { code: "G", zh: "交通运输、仓储和邮政业", en: "Transport, storage and post" },
    Industry { code: "H", zh: "住宿和餐饮业", en: "Accommodation and catering" },
    Industry { code: "I", zh: "信息传输、软件和信息技术服务业", en: "Information, software and IT services" },
    Industry { code: "J", zh: "金融业", en: "Finance" },
    Industry { code: "K", zh: "房地产业", en: "Real estate" },
    Industry { code: "L", zh: "租赁和商务服务业", en: "Leasing and business services" },
    Industry { code: "M", zh: "科学研究和技术服务业", en: "Scientific research and technical services" },
    Industry { code: "N", zh: "水利、环境和公共设施管理业", en: "Water, environment and public facilities" },
    Industry { code: "O", zh: "居民服务、修理和其他服务业", en: "Residential, repair and other services" },
    Industry { code: "P", zh: "教育", en: "Education" },
    Industry { code: "Q", zh: "卫生和社会工作", en: "Health and social work" },
    Industry { code: "R", zh: "文化、体育和娱乐业", en: "Culture, sports and entertainment" },
    Industry { code: "S", zh: "公共管理、社会保障和社会组织", en: "Public administration and social organisations" },
    Industry { code: "T", zh: "国际组织", en: "International organisations" },
];

pub fn industry(code: &str) -> Option<&'static Industry> {
    INDUSTRIES.iter().find(|i| i.code == code)
}
