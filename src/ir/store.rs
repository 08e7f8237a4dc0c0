//! How the IR holds text, lists and sub-trees: borrowed from `static` data or owned.
//!
//! The checker builds a rule set at run time and owns everything it holds; the compiled
//! back end (`src/compiled/shipped.rs`) declares the shipped rule set as one `static` whose
//! text, lists and condition trees are all borrowed from the binary's read-only data — no
//! construction at start-up, no allocation per label. Both are the same types:
//!
//! - [`Text`]: `Cow<'static, str>`;
//! - [`List<T>`]: `Cow<'static, [T]>` (a sorted list stands in for a set or a map where
//!   the IR needs one: see [`sorted_get`]);
//! - [`Node<T>`]: a `&'static T` or a `Box<T>`, for the recursive parts of conditions and
//!   expressions.
//!
//! All three dereference to the borrowed form (`&str`, `&[T]`, `&T`) and print (`Debug`)
//! exactly as that form, so a compiled rule set and the checker's print the same.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

/// Text: static or owned.
pub type Text = Cow<'static, str>;

/// A list: static or owned.
pub type List<T> = Cow<'static, [T]>;

/// A sub-tree: static or boxed.
pub enum Node<T: 'static> {
    /// Borrowed from static data.
    Static(&'static T),
    /// Owned.
    Owned(Box<T>),
}

impl<T> Node<T> {
    /// An owned node.
    pub fn new(x: T) -> Node<T> {
        Node::Owned(Box::new(x))
    }
}

impl<T> Deref for Node<T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Node::Static(x) => x,
            Node::Owned(b) => b,
        }
    }
}

impl<T> AsRef<T> for Node<T> {
    fn as_ref(&self) -> &T {
        self
    }
}

impl<T: Clone> Clone for Node<T> {
    fn clone(&self) -> Self {
        match self {
            Node::Static(x) => Node::Static(x),
            Node::Owned(b) => Node::Owned(b.clone()),
        }
    }
}

impl<T: PartialEq> PartialEq for Node<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: fmt::Debug> fmt::Debug for Node<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

/// Owned text.
pub fn text(s: impl Into<String>) -> Text {
    Cow::Owned(s.into())
}

/// The value for `key` in a list of `(key, value)` pairs sorted by key (binary search).
pub fn sorted_get<'a, K: Ord, V>(pairs: &'a [(K, V)], key: &K) -> Option<&'a V> {
    pairs.binary_search_by(|(k, _)| k.cmp(key)).ok().and_then(|i| pairs.get(i)).map(|(_, v)| v)
}

/// Whether a sorted list holds `x` (binary search).
pub fn sorted_has<T: Ord>(list: &[T], x: &T) -> bool {
    list.binary_search(x).is_ok()
}

/// `as_str` for [`Text`], as `String` has it (so code reading the IR reads the same whether
/// the text is static or owned).
pub trait AsStr {
    /// The text.
    fn as_str(&self) -> &str;
}

impl AsStr for Text {
    fn as_str(&self) -> &str {
        self
    }
}

/// An owned list.
pub fn list<T: Clone>(v: Vec<T>) -> List<T> {
    Cow::Owned(v)
}

/// Owned texts.
pub fn texts(v: &[String]) -> List<Text> {
    Cow::Owned(v.iter().map(|s| Cow::Owned(s.clone())).collect())
}
