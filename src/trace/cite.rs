//! Which articles of an outline a citation names.
//!
//! Citations are free text that starts with an article number as the outline writes it:
//! `"三（一）"`, `"二（四）4"`, `"第二十五条 表 单位用户 …"`, `"四 注"`, `"三、四、五"`. A
//! citation names:
//!
//! 1. for `A至B`, the articles from the one `A` names to the one `B` names, in outline order
//!    (`"第八条至第十一条"`);
//! 2. else the article whose number is the longest prefix of the citation ending at a
//!    boundary — a numeral right after a number that ends with a numeral continues it, so
//!    `"十一"` never names `十`, while `"二（四）4"` names `二（四）`, or `二` when the outline
//!    lists no `二（四）`;
//! 3. else every article whose number starts with the whole citation at a boundary (a
//!    citation of `"三"` names `三（一）`, `三（二）`, `三 注` when the outline lists those);
//! 4. a list — parts separated by `、` or `；` outside parentheses — each part of which
//!    names articles by 1 to 3 names all of them (`"三、四、五"`, `"第一步、第二步"`,
//!    `"二（一）；二（四）4"`); when some part names none, the whole is one citation
//!    (`"三（一）、一"` names only `三（一）` when the outline has no `一`).
//!
//! Nothing named: the checker reports E0204.

/// The indices (into `numbers`, ascending, without repeats) of the articles `citation` names.
pub fn articles(numbers: &[&str], citation: &str) -> Vec<usize> {
    let c = citation.trim();
    let parts = top_level_parts(c);
    let each: Vec<Vec<usize>> = parts.iter().map(|p| one(numbers, p)).collect();
    let listed = parts.len() > 1 && each.iter().all(|named| !named.is_empty());
    let mut out: Vec<usize> = if listed { each.into_iter().flatten().collect() } else { one(numbers, c) };
    out.sort_unstable();
    out.dedup();
    out
}

/// The parts of a citation separated by `、` or `；` outside parentheses, trimmed.
fn top_level_parts(c: &str) -> Vec<&str> {
    let (mut parts, mut depth, mut start) = (Vec::new(), 0usize, 0usize);
    for (i, ch) in c.char_indices() {
        match ch {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            '、' | '；' if depth == 0 => {
                parts.push(c.get(start..i).unwrap_or("").trim());
                start = i + ch.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(c.get(start..).unwrap_or("").trim());
    parts
}

/// The articles one citation (no list) names: a range `A至B` (every article from the one `A`
/// names to the one `B` names, in outline order), else the longest prefix, else the children.
fn one(numbers: &[&str], c: &str) -> Vec<usize> {
    if let Some((from, to)) = c.split_once('至')
        && let (Some(&a), Some(&b)) = (one(numbers, from.trim()).first(), one(numbers, to.trim()).last())
        && a <= b
    {
        return (a..=b).collect();
    }
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
        assert_eq!(articles(&["一", "三"], "三（一）、一"), vec![0, 1]);
        assert_eq!(articles(&["二", "三"], "三（一）、一"), vec![1], "a list only when every part names an article");
        assert_eq!(articles(&["第八条", "第二十五条"], "第八条、第二十五条（第三章、第七章）"), vec![0, 1], "a 、 inside parentheses separates nothing");
        assert_eq!(articles(&["二（一）", "二（四）"], "二（一）；二（四）4"), vec![0, 1]);
        assert_eq!(articles(&["第七条", "第八条", "第九条", "第十条"], "第八条至第十条：全文未列"), vec![1, 2, 3]);
    }

    #[test]
    fn nothing_is_named_by_an_unknown_number() {
        assert!(articles(QH, "六").is_empty());
        assert!(articles(QH, "一二").is_empty());
        assert!(articles(QH, "").is_empty());
        assert!(articles(&[], "一").is_empty());
    }
}
