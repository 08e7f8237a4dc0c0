//! Which articles of an outline a citation names.
//!
//! Citations are free text that starts with an article number as the outline writes it:
//! `"三（一）"`, `"二（四）4"`, `"第二十五条 表 单位用户 …"`, `"四 注"`, `"三、四、五"`. A
//! citation names:
//!
//! 1. the article whose number is the longest prefix of the citation that ends at a boundary
//!    (the end, or any character but a digit or a Chinese numeral: `"二（四）4"` names `二`,
//!    or `二（四）` when the outline lists that sub-clause; `"十一"` never names `十`; `"二（四）4"` names `二（四）`);
//! 2. otherwise every article whose number starts with the whole citation at a boundary (a
//!    citation of `"三"` names `三（一）`, `三（二）`, `三 注` when the outline lists only those);
//! 3. a list `"A、B、C"` whose first part is a citation of kinds 1 or 2 made exactly of an
//!    article number names the articles of each part (`"三、四、五"`, `"第一步、第二步"`);
//!    otherwise `、` is part of one citation (`"三（一）、一"` names `三`).
//!
//! Nothing named: the checker reports E0204.

/// The indices (into `numbers`, ascending, without repeats) of the articles `citation` names.
pub fn articles(numbers: &[&str], citation: &str) -> Vec<usize> {
    let c = citation.trim();
    let parts: Vec<&str> = c.split('、').map(str::trim).collect();
    let listed = parts.len() > 1 && parts.iter().all(|p| !p.is_empty()) && parts.first().is_some_and(|first| exact(numbers, first));
    let mut out: Vec<usize> = if listed { parts.iter().flat_map(|p| one(numbers, p)).collect() } else { one(numbers, c) };
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether `part` is exactly an article number, or the number of a parent of some.
fn exact(numbers: &[&str], part: &str) -> bool {
    numbers.iter().any(|n| *n == part || below(n, part))
}

/// The articles one citation (no list) names: the longest prefix, else the children.
fn one(numbers: &[&str], c: &str) -> Vec<usize> {
    let prefix = numbers.iter().enumerate().filter(|(_, n)| !n.is_empty() && c.strip_prefix(**n).is_some_and(|rest| boundary(n, rest)));
    // The first of equally long numbers (a number listed twice is E0104).
    let prefix = prefix.rev().max_by_key(|(_, n)| n.len());
    match prefix {
        Some((i, _)) => vec![i],
        None => numbers.iter().enumerate().filter(|(_, n)| below(n, c)).map(|(i, _)| i).collect(),
    }
}

/// Whether article `number` lies below the citation `c` (`三（一）` below `三`).
fn below(number: &str, c: &str) -> bool {
    !c.is_empty() && number.len() > c.len() && number.strip_prefix(c).is_some_and(|rest| boundary(c, rest))
}

/// Whether the `rest` of a text after `number` starts at a boundary: anything but a numeral
/// continuing a number that ends with a numeral (`十` + `一`; `二（四）` + `4` is a boundary).
fn boundary(number: &str, rest: &str) -> bool {
    let numeral = |ch: char| ch.is_ascii_digit() || "一二三四五六七八九十百千零〇两".contains(ch);
    !(number.chars().next_back().is_some_and(numeral) && rest.chars().next().is_some_and(numeral))
}

#[cfg(test)]
mod tests {
    use super::articles;

    const QH: &[&str] = &["一", "二（一）", "二（二）", "三（一）", "三（二）", "三 注", "四 注", "五", "十一"];

    #[test]
    fn the_longest_number_at_a_boundary_is_named() {
        assert_eq!(articles(QH, "二（一）"), vec![1]);
        assert_eq!(articles(QH, "三（一）1"), vec![3]);
        assert_eq!(articles(&["二"], "二（四）4"), vec![0]);
        assert_eq!(articles(QH, "四 注"), vec![6]);
        assert_eq!(articles(QH, "五 第二段"), vec![7]);
        assert_eq!(articles(QH, "十一"), vec![8], "十一 is not 十 followed by 一");
        assert_eq!(articles(&["一", "一（二）"], "一（二）3"), vec![1]);
        assert_eq!(articles(&["第二十五条"], "第二十五条 表 单位用户"), vec![0]);
    }

    #[test]
    fn a_parent_names_its_sub_clauses_and_a_list_each_part() {
        assert_eq!(articles(QH, "三"), vec![3, 4, 5]);
        assert_eq!(articles(QH, "三、四、五"), vec![3, 4, 5, 6, 7]);
        assert_eq!(articles(&["一", "三"], "三（一）、一"), vec![1], "a list only when its first part is a number");
    }

    #[test]
    fn nothing_is_named_by_an_unknown_number() {
        assert!(articles(QH, "六").is_empty());
        assert!(articles(QH, "一二").is_empty());
        assert!(articles(QH, "").is_empty());
        assert!(articles(&[], "一").is_empty());
    }
}
