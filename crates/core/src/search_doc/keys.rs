//! Search keys of a name: full pinyin and initials, polyphonic characters included.
//!
//! A name's readings are every combination of its characters' readings when there are few
//! (most names have none or two polyphonic characters: 重庆长安 → chongqingchangan and its
//! siblings), else its default reading plus one variant per other reading of each character,
//! so a name never yields more than MAX_VARIANTS keys.

use pinyin::{ToPinyin, ToPinyinMulti};

/// At most this many readings per name.
const MAX_VARIANTS: usize = 16;

/// Folds full-width ASCII into half-width and lower-cases it.
pub fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// One reading of a name, per character: (full syllable, initial). Non-Chinese characters
/// stand for themselves (letters lower-cased, digits kept); spaces and punctuation are dropped.
fn default_reading(name: &str) -> Vec<(String, String)> {
    name.chars()
        .zip(name.to_pinyin())
        .filter_map(|(c, p)| match p {
            Some(p) => Some((p.plain().to_string(), p.first_letter().to_string())),
            None if c.is_alphanumeric() => {
                let s: String = c.to_lowercase().collect();
                Some((s.clone(), s))
            }
            None => None,
        })
        .collect()
}

/// Characters whose other readings people actually use in names and places. The dictionary
/// lists rare readings for many more (汽 gai, 有 wei, 限 wen), which would only add noise and
/// crowd out the combinations that matter.
const COMMON_POLYPHONES: &str = "重长行乐厦朝曾单解区仇查藏都传调降会车石薄翟尉盛参省券称差种仔宿曲沈折落约弹校蔚";

/// Other plain readings of each character, by position in `default_reading`'s output.
fn alternatives(name: &str) -> Vec<Vec<&'static str>> {
    name.chars()
        .zip(name.to_pinyin_multi())
        .filter_map(|(c, m)| match m {
            Some(_) if !COMMON_POLYPHONES.contains(c) => Some(vec![]),
            Some(m) => {
                let default = c.to_pinyin().map(|p| p.plain()).unwrap_or("");
                let mut alts: Vec<&'static str> = Vec::new();
                for p in m {
                    let s = p.plain();
                    if s != default && !alts.contains(&s) {
                        alts.push(s);
                    }
                }
                Some(alts)
            }
            None if c.is_alphanumeric() => Some(vec![]),
            None => None,
        })
        .collect()
}

/// (full pinyin readings, initials readings), deduplicated, default reading first.
pub fn pinyin_keys(name: &str) -> (Vec<String>, Vec<String>) {
    let base = default_reading(name);
    let alts = alternatives(name);
    let mut readings: Vec<Vec<(String, String)>> = vec![base.clone()];
    let syllable = |a: &str| (a.to_string(), a.chars().next().map(String::from).unwrap_or_default());
    let product: usize = alts.iter().map(|a| a.len() + 1).try_fold(1usize, |acc, n| acc.checked_mul(n)).unwrap_or(usize::MAX);
    if product <= MAX_VARIANTS {
        // Few enough: every combination (重庆长安 read chongqing chang'an needs two at once).
        for (pos, alt) in alts.iter().enumerate() {
            let mut more = Vec::new();
            for r in &readings {
                for a in alt {
                    let mut r = r.clone();
                    if let Some(slot) = r.get_mut(pos) {
                        *slot = syllable(a);
                    }
                    more.push(r);
                }
            }
            readings.extend(more);
        }
    } else {
        // Otherwise one character at a time.
        for (pos, alt) in alts.iter().enumerate() {
            for a in alt {
                let mut r = base.clone();
                if let Some(slot) = r.get_mut(pos) {
                    *slot = syllable(a);
                }
                readings.push(r);
            }
        }
    }
    let mut full: Vec<String> = Vec::new();
    let mut initials: Vec<String> = Vec::new();
    for r in readings {
        if full.len() >= MAX_VARIANTS {
            break;
        }
        let f: String = r.iter().map(|(f, _)| f.as_str()).collect();
        let i: String = r.iter().map(|(_, i)| i.as_str()).collect();
        if !full.contains(&f) {
            full.push(f);
        }
        if !initials.contains(&i) {
            initials.push(i);
        }
    }
    (full, initials)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_pinyin_and_initials() {
        let (full, initials) = pinyin_keys("湘潭立发釉彩有限公司");
        assert_eq!(full[0], "xiangtanlifayoucaiyouxiangongsi");
        assert_eq!(initials[0], "xtlfycyxgs");
        assert!(initials.iter().any(|i| i.contains("lfyc")));
    }

    #[test]
    fn polyphonic_characters_get_their_other_readings() {
        // 重 is zhong (heavy) or chong (again); 重庆 is read chongqing.
        let (full, initials) = pinyin_keys("重庆长安");
        assert!(full.iter().any(|f| f.starts_with("chongqing")), "{full:?}");
        assert!(full.iter().any(|f| f.starts_with("zhongqing")), "{full:?}");
        assert!(full.iter().any(|f| f.contains("zhangan")) || full.iter().any(|f| f.contains("changan")), "{full:?}");
        assert!(initials.contains(&"cqca".to_string()) || initials.contains(&"zqca".to_string()), "{initials:?}");
        assert!(full.len() <= MAX_VARIANTS);
    }

    #[test]
    fn letters_and_digits_stand_for_themselves() {
        let (full, initials) = pinyin_keys("ABC科技 3号");
        assert_eq!(full[0], "abckeji3hao");
        assert_eq!(initials[0], "abckj3h");
    }

    #[test]
    fn fold_makes_full_width_half_width_and_lower() {
        assert_eq!(fold("ＬＦＹＣ　１２"), "lfyc 12");
    }
}
