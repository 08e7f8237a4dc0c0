//! The national table of places — provinces, prefectures and counties with their GB/T 2260
//! codes — so that a request may name any place of China, by code or by name.
//!
//! The data is `data/gb2260.tsv` (`code<TAB>name` lines, `#` comments; source, date, licence
//! and how to regenerate it in `data/README.md`), embedded in the binary — the WebAssembly
//! build has no file system — and parsed once, on first use ([`table`]). Nothing here knows
//! which regions have rules: [`crate::ir::RuleSet::resolve_region`] walks a place up to the
//! nearest region that has them.

use std::collections::HashMap as Map;
use std::sync::OnceLock;

/// The table's text: `code<TAB>name` per line, sorted by code; lines starting with `#` are
/// comments.
const TSV: &str = include_str!("../data/gb2260.tsv");

/// At most this many characters of a name are compared for suggestions (a longer text is
/// no misspelt place name, and the comparison would only cost).
const MAX_COMPARED: usize = 32;

/// One place: its 6-digit code as a number and its official name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// GB/T 2260 code (province XX0000, prefecture XXYY00, county XXYYZZ).
    pub code: u32,
    /// Official name (`格尔木市`, `海西蒙古族藏族自治州`).
    pub name: &'static str,
}

/// What a name names in the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// No place.
    None,
    /// Exactly one place: its code.
    One(u32),
    /// Several places share the name: their codes, ascending.
    Several(Vec<u32>),
}

/// The parsed table: places by code, and codes by name.
#[derive(Debug, Default)]
pub struct Table {
    /// Every place, ascending by code.
    places: Vec<Place>,
    /// A name → its entry in `named` (a map of the type the region tables use, so the
    /// WebAssembly build carries no second copy of the hash map's code).
    names: Map<String, usize>,
    /// Per name: the places whose official name it is, and those it is a short form of: the
    /// name without its suffix (`格尔木`, `海西`), or the colloquial form of an autonomous
    /// prefecture, county or banner (`海西州`, `大通县`).
    named: Vec<(Vec<u32>, Vec<u32>)>,
}

/// The table, parsed on first call (about 3,200 places; a malformed line is skipped — the
/// unit tests check there is none).
pub fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table::parse(TSV))
}

/// Suffixes of place names, longest first: what `西宁市`, `海西蒙古族藏族自治州`,
/// `锡林郭勒盟` end with. `自治…` forms are stripped with the peoples before them.
const SUFFIXES: &[&str] = &["特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "省", "市", "县", "区", "旗", "盟"];

/// The peoples named in autonomous places (`大通回族土族自治县`), without `族` (`各`: 各族, all
/// peoples, as in `龙胜各族自治县`); a name of one character is stripped only when `族`
/// follows it.
const PEOPLES: &[&str] = &[
    "柯尔克孜",
    "乌孜别克",
    "维吾尔",
    "哈萨克",
    "塔吉克",
    "鄂伦春",
    "鄂温克",
    "达斡尔",
    "俄罗斯",
    "塔塔尔",
    "蒙古",
    "朝鲜",
    "布依",
    "土家",
    "哈尼",
    "傈僳",
    "高山",
    "拉祜",
    "东乡",
    "纳西",
    "景颇",
    "仫佬",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "德昂",
    "保安",
    "裕固",
    "独龙",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "回",
    "藏",
    "苗",
    "彝",
    "壮",
    "满",
    "侗",
    "瑶",
    "白",
    "傣",
    "黎",
    "佤",
    "畲",
    "水",
    "土",
    "羌",
    "怒",
    "京",
    "各",
];

/// `name` without one trailing people (`海西蒙古族藏族` → `海西蒙古族`), keeping at least two
/// characters; `None` when nothing was stripped.
fn strip_people(name: &str) -> Option<&str> {
    let (rest, had_zu) = match name.strip_suffix('族') {
        Some(r) => (r, true),
        None => (name, false),
    };
    PEOPLES.iter().filter(|p| had_zu || p.chars().count() > 1).find_map(|p| rest.strip_suffix(p)).filter(|r| r.chars().count() >= 2)
}

/// The short forms of an official name: without its suffix (and, for an autonomous place,
/// the peoples), and for an autonomous prefecture, county or banner also that plus `州`,
/// `县` or `旗`. Names whose rest would be one character (`城区`) have none.
pub fn short_forms(name: &str) -> Vec<String> {
    let Some((suffix, rest)) = SUFFIXES.iter().find_map(|s| name.strip_suffix(s).map(|r| (*s, r))) else { return vec![] };
    let mut base = rest;
    if suffix.starts_with("自治") {
        while let Some(r) = strip_people(base) {
            base = r;
        }
        // `鄂温克族自治旗`: the people is the whole name.
        base = base.strip_suffix('族').filter(|r| r.chars().count() >= 2).unwrap_or(base);
    }
    if base.chars().count() < 2 {
        return vec![];
    }
    let mut out = vec![base.to_string()];
    let colloquial = match suffix {
        "自治州" => Some("州"),
        "自治县" => Some("县"),
        "自治旗" => Some("旗"),
        _ => None,
    };
    if let Some(c) = colloquial {
        out.push(format!("{base}{c}"));
    }
    out
}

impl Table {
    /// Parses `code<TAB>name` lines (comments and malformed lines skipped), in the order of
    /// the file: ascending codes (a unit test checks it; `data/gb2260.sh` sorts them).
    fn parse(text: &'static str) -> Table {
        let mut t = Table::default();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let Some((code, name)) = line.split_once('\t') else { continue };
            let Ok(code) = code.parse::<u32>() else { continue };
            if !(110000..1_000_000).contains(&code) || name.is_empty() {
                continue;
            }
            t.places.push(Place { code, name });
            if let Some((full, _)) = t.entry(name.to_string()) {
                push(full, code);
            }
            for s in short_forms(name) {
                if let Some((_, short)) = t.entry(s) {
                    push(short, code);
                }
            }
        }
        t
    }

    /// The entry of `name`, made if new.
    fn entry(&mut self, name: String) -> Option<&mut (Vec<u32>, Vec<u32>)> {
        let next = self.named.len();
        let i = *self.names.entry(name).or_insert(next);
        if i == next {
            self.named.push((vec![], vec![]));
        }
        self.named.get_mut(i)
    }

    /// Every place, ascending by code.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The place with this code.
    pub fn get(&self, code: u32) -> Option<&Place> {
        self.places.binary_search_by_key(&code, |p| p.code).ok().and_then(|i| self.places.get(i))
    }

    /// The official name of `code`.
    pub fn name(&self, code: u32) -> Option<&'static str> {
        self.get(code).map(|p| p.name)
    }

    /// The place or places `s` names (surrounding white space ignored): official names
    /// first (`西宁市`, `朝阳区`); only when none has it, the short forms (`西宁`, `海西`,
    /// `海西州`, see [`short_forms`]), where a province's comes before the others' (`河南` is
    /// 河南省, not 河南蒙古族自治县, which is `河南县`; `海南` is 海南省, not 海南藏族自治州 — `海南州`
    /// — or 海南区). Several places left: [`Named::Several`], never a guess.
    pub fn named(&self, s: &str) -> Named {
        let s = s.trim();
        let codes = self.names.get(s).and_then(|i| self.named.get(*i)).map(|(full, short)| {
            if !full.is_empty() {
                return &full[..];
            }
            let mut provinces = short.iter().filter(|c| c.is_multiple_of(10000));
            match (provinces.next(), provinces.next()) {
                (Some(p), None) => std::slice::from_ref(p),
                _ => &short[..],
            }
        });
        match codes {
            None | Some([]) => Named::None,
            Some([one]) => Named::One(*one),
            Some(several) => Named::Several(several.to_vec()),
        }
    }

    /// `code` with its ancestors in the table, nearest first: a county, its prefecture (when
    /// the table has one: not for the counties of a 省直辖 group such as 4290xx), its
    /// province. Codes not in the table are skipped.
    pub fn ancestry(&self, code: u32) -> Vec<u32> {
        let mut out = vec![];
        for c in [code, code / 100 * 100, code / 10000 * 10000] {
            if !out.contains(&c) && self.get(c).is_some() {
                out.push(c);
            }
        }
        out
    }

    /// The place's name with its ancestors' (`吉林省长春市朝阳区`), or the code itself when it
    /// is not in the table.
    pub fn path(&self, code: u32) -> String {
        let mut names: Vec<&str> = self.ancestry(code).iter().filter_map(|c| self.name(*c)).collect();
        if names.is_empty() {
            return format!("{code:06}");
        }
        names.reverse();
        names.concat()
    }

    /// Up to `n` places whose official name or short form is nearest to `s`: within an edit
    /// distance of a third of its length, or sharing its first two characters and more than
    /// half of it (`内蒙` → 内蒙古自治区); of those, only the nearest (the smallest distance,
    /// and among them the longest shared beginning, up to two characters: `西宁县` → 西宁市,
    /// not 西丰县), by code. Empty for a text of over 32 characters or of ASCII only (the
    /// table's names are Chinese).
    pub fn nearest(&self, s: &str, n: usize) -> Vec<u32> {
        let s = s.trim();
        let len = s.chars().count();
        if len == 0 || len > MAX_COMPARED || s.is_ascii() {
            return vec![];
        }
        let within = len / 3;
        let scored: Vec<(usize, usize, u32)> = self
            .places
            .iter()
            .filter_map(|p| {
                let forms = std::iter::once(p.name.to_string()).chain(short_forms(p.name));
                let (d, common) = forms.map(|f| (strsim::levenshtein(s, &f), common_prefix(s, &f))).min_by_key(|(d, c)| (*d, usize::MAX - c))?;
                (d <= within || (common >= 2 && common * 2 > len)).then_some((d, common, p.code))
            })
            .collect();
        let Some(&(best_d, best_common, _)) = scored.iter().min_by_key(|(d, c, _)| (*d, usize::MAX - c)) else { return vec![] };
        // The longest shared beginning first, then by code (the places are in code order).
        let near = |c: usize| scored.iter().filter(move |(d, common, _)| *d == best_d && *common == c).map(|(_, _, code)| *code);
        (best_common.min(2)..=len).rev().flat_map(near).take(n).collect()
    }
}

/// Adds `code` once.
fn push(v: &mut Vec<u32>, code: u32) {
    if !v.contains(&code) {
        v.push(code);
    }
}

/// The number of leading characters `a` and `b` share.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_a_place() {
        let lines = TSV.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(table().places().len(), lines, "a line of data/gb2260.tsv did not parse");
        assert!(lines > 3000, "{lines} places");
        let codes: Vec<u32> = table().places().iter().map(|p| p.code).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "the codes are not ascending, or one appears twice");
    }

    #[test]
    fn short_forms_strip_suffixes_and_peoples() {
        assert_eq!(short_forms("西宁市"), ["西宁"]);
        assert_eq!(short_forms("海西蒙古族藏族自治州"), ["海西", "海西州"]);
        assert_eq!(short_forms("大通回族土族自治县"), ["大通", "大通县"]);
        assert_eq!(short_forms("新疆维吾尔自治区"), ["新疆"]);
        assert_eq!(short_forms("湘西土家族苗族自治州"), ["湘西", "湘西州"]);
        assert_eq!(short_forms("鄂伦春自治旗"), ["鄂伦春", "鄂伦春旗"]);
        assert_eq!(short_forms("鄂温克族自治旗"), ["鄂温克", "鄂温克旗"]);
        assert_eq!(short_forms("锡林郭勒盟"), ["锡林郭勒"]);
        assert_eq!(short_forms("城区"), Vec::<String>::new());
        assert_eq!(short_forms("北京市"), ["北京"]);
    }

    #[test]
    fn names_codes_and_ancestry() {
        let t = table();
        assert_eq!(t.named("格尔木"), Named::One(632801));
        assert_eq!(t.named(" 格尔木市 "), Named::One(632801));
        assert_eq!(t.named("海西州"), Named::One(632800));
        assert_eq!(t.named("河南"), Named::One(410000));
        assert_eq!(t.named("河南县"), Named::One(632324));
        assert_eq!(t.named("海南"), Named::One(460000));
        assert_eq!(t.named("海南区"), Named::One(150303));
        assert!(matches!(t.named("朝阳"), Named::Several(c) if c.len() >= 3));
        assert!(matches!(t.named("朝阳区"), Named::Several(c) if c.contains(&110105) && c.contains(&220104)));
        assert_eq!(t.named("nowhere"), Named::None);
        assert_eq!(t.ancestry(632801), [632801, 632800, 630000]);
        assert_eq!(t.ancestry(429004), [429004, 420000], "仙桃: a 省直辖 county has no prefecture");
        assert_eq!(t.path(220104), "吉林省长春市朝阳区");
        assert_eq!(t.nearest("格尔目市", 5).first(), Some(&632801));
        assert_eq!(t.nearest("内蒙", 5), [150000]);
        assert_eq!(t.nearest("西宁县", 5), [630100]);
        assert!(t.nearest("qinhai", 5).is_empty());
    }
}
