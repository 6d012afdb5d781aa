//! The QR code on a card holds the cadre's vCard, so scanning it saves the contact.
use qrcode::{Color, EcLevel, QrCode};

/// Two-character surnames, so N: splits 欧阳晓 as 欧阳 / 晓 (phones sort and show by N:).
const COMPOUND: &[&str] = &[
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "端木", "南宫",
];

pub struct Contact<'a> {
    pub name: &'a str,
    pub mobile: Option<&'a str>,
    pub org: &'a str,
    pub department: Option<&'a str>,
    pub title: Option<&'a str>,
    pub note: Option<&'a str>,
}

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

pub fn vcard(c: &Contact) -> String {
    let name = c.name.trim();
    let split = COMPOUND.iter().find(|s| name.starts_with(*s)).map(|s| s.len()).unwrap_or_else(|| {
        name.chars().next().map(char::len_utf8).unwrap_or(0)
    });
    let (family, given) = if name.chars().count() > 1 { name.split_at(split) } else { (name, "") };
    let mut v = format!("BEGIN:VCARD\r\nVERSION:3.0\r\nN:{};{};;;\r\nFN:{}\r\n", esc(family), esc(given), esc(name));
    let org = match c.department {
        Some(d) if !d.is_empty() => format!("{};{}", esc(c.org), esc(d)),
        _ => esc(c.org),
    };
    v.push_str(&format!("ORG:{org}\r\n"));
    if let Some(t) = c.title.filter(|t| !t.is_empty()) {
        v.push_str(&format!("TITLE:{}\r\n", esc(t)));
    }
    if let Some(m) = c.mobile.filter(|m| !m.is_empty()) {
        v.push_str(&format!("TEL;TYPE=CELL:{}\r\n", esc(m)));
    }
    if let Some(n) = c.note.filter(|n| !n.is_empty()) {
        v.push_str(&format!("NOTE:{}\r\n", esc(n)));
    }
    v.push_str("END:VCARD\r\n");
    v
}

/// The QR code of `text` as one SVG path (vector in the PDF, sharp at any printer resolution),
/// each row's dark modules drawn as runs: a tenth of the size of a square per module.
pub fn qr_svg(text: &str) -> String {
    // Level L: fewer, larger modules on a 20 mm code scan better than more error correction.
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L).expect("a vCard fits in a QR code");
    let (w, quiet) = (code.width(), 4);
    let colors = code.to_colors();
    let mut d = String::new();
    for y in 0..w {
        let mut x = 0;
        while x < w {
            if colors[y * w + x] == Color::Dark {
                let start = x;
                while x < w && colors[y * w + x] == Color::Dark {
                    x += 1;
                }
                d.push_str(&format!("M{} {}h{}v1h-{}z", start + quiet, y + quiet, x - start, x - start));
            } else {
                x += 1;
            }
        }
    }
    let size = w + 2 * quiet;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{d}"/></svg>"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_at_the_surname_and_separators_are_escaped() {
        let c = Contact { name: "欧阳晓堃", mobile: Some("13800001111"), org: "高新区", department: Some("经发局;一科"), title: Some("科长"), note: None };
        let v = vcard(&c);
        assert!(v.contains("N:欧阳;晓堃;;;\r\n"), "{v}");
        assert!(v.contains("FN:欧阳晓堃\r\n"));
        assert!(v.contains("ORG:高新区;经发局\\;一科\r\n"), "{v}");
        assert!(v.contains("TEL;TYPE=CELL:13800001111\r\n"));
        let c = Contact { name: "王喆", mobile: None, org: "高新区", department: None, title: None, note: None };
        let v = vcard(&c);
        assert!(v.contains("N:王;喆;;;") && !v.contains("TEL"), "{v}");
        assert!(qr_svg(&v).starts_with("<svg") && qr_svg(&v).contains("<path"));
    }
}
