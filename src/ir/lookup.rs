//! Look-up tables of a rule set, built on first use and shared by every request: regions by
//! code, name and alias (and by numeric code for the GB/T 2260 ancestor walk), and the request
//! shape — the tree of JSON keys the declared facts make — and, built apart on the first
//! answer written as text, a cache a later stage keeps beside them ([`Lookup::cached`]: the
//! pieces of answers rendered to JSON by the answer writer, `answer::json::Rendered`, which
//! the IR does not name). They make answering a request cost the same whatever the number of
//! regions and facts, and writing it cost little more than copying.

use super::{FactId, RegionId, RuleSet, Value};
use std::any::Any;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The maps of the tables: hashed with [`KeyHasher`].
pub type Map<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

/// FxHash (as in rustc): a rotate-xor-multiply per 8 bytes, several times cheaper than the
/// default SipHash on short keys — and every key of a request is looked up here. It is not
/// keyed, which is safe for these maps: they are built from the rule set alone; a request's
/// strings are only looked up, never inserted, so no input can grow a collision chain.
#[derive(Default, Clone, Copy)]
pub struct KeyHasher(u64);

impl KeyHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            for (w, b) in word.iter_mut().zip(rest) {
                *w = *b;
            }
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The lazily built tables (see the module docs). Cloning clones the tables built (the
/// cache is built again on first use); `Debug` prints nothing of them, so two equal rule sets
/// print equal whether or not they were used.
#[derive(Default)]
pub struct Lookup(OnceLock<Tables>, OnceLock<Box<dyn Any + Send + Sync>>);

impl Clone for Lookup {
    fn clone(&self) -> Lookup {
        Lookup(self.0.clone(), OnceLock::new())
    }
}

impl std::fmt::Debug for Lookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Lookup")
    }
}

/// The tables.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    /// Code, name or alias (as written) → the first region declaring it.
    pub regions: Map<String, RegionId>,
    /// Alias in ASCII lower case → region (aliases match without regard to ASCII case).
    pub aliases_lower: Map<String, RegionId>,
    /// Numeric GB/T 2260 code → region.
    pub codes: Map<u32, RegionId>,
    /// The request shape: top-level keys.
    pub shape: Shape,
    /// By region: each fact visible there that has a default (the region's, ancestors
    /// merged, else the fact's own) with that default, in fact order — what a request that
    /// leaves the fact out assumes.
    pub defaults: Vec<Vec<(FactId, Value)>>,
}

/// A level of the request shape: JSON key → what lies under it.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// Keys of this level.
    pub keys: Map<String, Node>,
}

/// One key of the request shape.
#[derive(Debug, Clone, Default)]
pub struct Node {
    /// Facts whose path ends at this key, in declaration order (several when regions declare
    /// the same path with their own types).
    pub facts: Vec<FactId>,
    /// Facts whose path runs below this key (it is then an object), in declaration order.
    pub below: Vec<FactId>,
    /// The keys below.
    pub children: Shape,
}

impl Lookup {
    /// Tables not built yet (a `const`, so a `static` rule set can hold one).
    pub const fn new() -> Lookup {
        Lookup(OnceLock::new(), OnceLock::new())
    }
    /// The tables of `rs`, built on first call.
    pub fn get(&self, rs: &RuleSet) -> &Tables {
        self.0.get_or_init(|| Tables::build(rs))
    }

    /// The cache a later stage keeps beside the tables (one per rule set: the answer writer's
    /// rendered pieces), built by `build` on first call. `None` when the cache holds another
    /// type than `T` (a second user; the caller then does without it).
    pub fn cached<T: Any + Send + Sync>(&self, build: impl FnOnce() -> T) -> Option<&T> {
        self.1.get_or_init(|| Box::new(build())).downcast_ref()
    }
}

impl Tables {
    fn build(rs: &RuleSet) -> Tables {
        let mut t = Tables::default();
        for (i, r) in rs.regions.iter().enumerate() {
            for key in std::iter::once(&r.code).chain(std::iter::once(&r.name)).chain(r.aliases.iter()) {
                t.regions.entry(key.to_string()).or_insert(i);
            }
            for a in r.aliases.iter() {
                t.aliases_lower.entry(a.to_ascii_lowercase()).or_insert(i);
            }
            t.codes.entry(r.code_num()).or_insert(i);
        }
        t.defaults = (0..rs.regions.len())
            .map(|r| {
                let own = rs.regions.get(r).map(|x| &x.defaults[..]).unwrap_or_default();
                let visible = rs.facts.iter().enumerate().filter(|(_, f)| rs.visible(f.scope, r));
                visible.filter_map(|(i, f)| super::sorted_get(own, &i).or(f.default.as_ref()).map(|v| (i, v.clone()))).collect()
            })
            .collect();
        for (i, f) in rs.facts.iter().enumerate() {
            let mut level = &mut t.shape;
            let segs: Vec<&str> = f.path.split('.').collect();
            for (d, seg) in segs.iter().enumerate() {
                let node = level.keys.entry((*seg).to_string()).or_default();
                if d + 1 == segs.len() {
                    node.facts.push(i);
                } else {
                    node.below.push(i);
                }
                level = &mut node.children;
            }
        }
        t
    }
}
