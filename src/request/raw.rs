//! The request as the decoder leaves it: JSON values kept compactly (strings borrowed from the
//! text where it holds them unescaped, numbers as `serde_json::Number`), each object key with
//! the node of the fact shape it names. Nothing here is validated yet: that needs the region,
//! which may come last in the text (see `build`).

use crate::ir::lookup::Node;
use serde_json::Number;
use std::borrow::Cow;
use std::collections::HashSet;

/// One JSON value, as far as the request reads it.
#[derive(Debug)]
pub(super) enum Raw<'de, 's> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, exactly as `serde_json::Value` holds it.
    Num(Number),
    /// A string.
    Str(Cow<'de, str>),
    /// A list, item by item (an item that is itself a list or an object is `Nested`).
    List(Vec<Raw<'de, 's>>),
    /// An object whose keys the request reads.
    Object(Level<'de, 's>),
    /// A list or object nothing reads: only what it was ("a list", "an object"). Its content
    /// was still checked (syntax, duplicate keys).
    Nested(&'static str),
}

impl<'de, 's> Raw<'de, 's> {
    /// What the value is, as error messages say it: "a string", "a number", …
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Raw::Null => "null",
            Raw::Bool(_) => "a boolean",
            Raw::Num(_) => "a number",
            Raw::Str(_) => "a string",
            Raw::List(_) => "a list",
            Raw::Object(_) => "an object",
            Raw::Nested(kind) => kind,
        }
    }

    /// The string, if it is one.
    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Raw::Str(s) => Some(s),
            _ => None,
        }
    }

    /// `null`?
    pub(super) fn is_null(&self) -> bool {
        matches!(self, Raw::Null)
    }
}

/// One key of an object with its value, in text order.
#[derive(Debug)]
pub(super) struct Entry<'de, 's> {
    /// The key.
    pub key: Cow<'de, str>,
    /// The node of the fact shape the key names at its level; `None`: not a key of the shape
    /// (or an object not read against the shape: records, observations).
    pub node: Option<&'s Node>,
    /// The value.
    pub raw: Raw<'de, 's>,
}

/// Objects with more keys than this find duplicates through a hash set.
const SCAN: usize = 16;

/// The keys of one object, in text order.
#[derive(Debug, Default)]
pub(super) struct Level<'de, 's> {
    /// The entries.
    pub entries: Vec<Entry<'de, 's>>,
    /// The keys, once there are more than [`SCAN`] (a scan of the entries before). Boxed: a
    /// real request never builds one, and every entry's value is as large as a level.
    #[allow(clippy::box_collection)]
    index: Option<Box<HashSet<Cow<'de, str>>>>,
}

impl<'de, 's> Level<'de, 's> {
    /// An empty level with room for `n` keys.
    pub(super) fn with_capacity(n: usize) -> Self {
        Level { entries: Vec::with_capacity(n), index: None }
    }

    /// How many entries there are.
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether `key` is already an entry.
    pub(super) fn has(&self, key: &str) -> bool {
        match &self.index {
            Some(index) => index.contains(key),
            None => self.entries.iter().any(|e| e.key == key),
        }
    }

    /// Adds an entry (the caller has checked [`Level::has`]).
    pub(super) fn push(&mut self, entry: Entry<'de, 's>) {
        match &mut self.index {
            Some(index) => {
                index.insert(entry.key.clone());
            }
            None if self.entries.len() >= SCAN => {
                self.index = Some(Box::new(self.entries.iter().map(|e| e.key.clone()).chain(std::iter::once(entry.key.clone())).collect()));
            }
            None => {}
        }
        self.entries.push(entry);
    }

    /// Runs `check` on every entry, in text order, and returns, of the entries that fail,
    /// the one with the smallest key with what its check returned: the first failure in
    /// sorted key order, as a walk over a sorted map would stop at (the checks of two
    /// entries are independent), without sorting. A check that fails should return only
    /// what is cheap to make, when a request may repeat that failure without bound (an
    /// unknown key): the caller words the one reported.
    pub(super) fn first_failure<'e, E>(&'e self, mut check: impl FnMut(&'e Entry<'de, 's>) -> Result<(), E>) -> Result<(), (&'e Entry<'de, 's>, E)> {
        let mut first: Option<(&'e Entry<'de, 's>, E)> = None;
        for e in &self.entries {
            if let Err(err) = check(e)
                && first.as_ref().is_none_or(|(f, _)| e.key < f.key)
            {
                first = Some((e, err));
            }
        }
        first.map_or(Ok(()), Err)
    }
}

/// The request object as decoded: the structural keys of the decision API by name, the rest
/// (facts, and keys that are not) as a level of the fact shape.
#[derive(Debug, Default)]
pub(super) struct Top<'de, 's> {
    /// Was the request an object at all?
    pub object: bool,
    /// `region`.
    pub region: Option<Raw<'de, 's>>,
    /// `question`.
    pub question: Option<Raw<'de, 's>>,
    /// `explain`.
    pub explain: Option<Raw<'de, 's>>,
    /// `submitted_documents`.
    pub submitted: Option<Raw<'de, 's>>,
    /// `observations`.
    pub observations: Option<Raw<'de, 's>>,
    /// `records`.
    pub records: Option<Raw<'de, 's>>,
    /// `together`.
    pub together: Option<Raw<'de, 's>>,
    /// `request_id`: the caller's id for the request, echoed in the answer.
    pub request_id: Option<Raw<'de, 's>>,
    /// `id`: a synonym of `request_id` (giving both is an error).
    pub id: Option<Raw<'de, 's>>,
    /// Every other key.
    pub facts: Level<'de, 's>,
}
