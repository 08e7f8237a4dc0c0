//! Region headers: each region declared, its parent — a declared region, or a place of the
//! national table (GB/T 2260) that no file declares, taken with its name — and its services
//! and fact defaults.

use super::{Checker, err};
use crate::ast;
use crate::diag::Code;
use crate::ir::*;
use std::collections::BTreeMap;

impl Checker {
    /// A `region` header: the region with its code, name and aliases (its parent, services and
    /// defaults are resolved once every header is known).
    pub(super) fn declare_region(&mut self, file: &str, r: &ast::RegionDecl) -> Option<RegionId> {
        if let Some(first) = self.region_decls.get(&r.code.node).cloned() {
            self.duplicate(file, r.code.span, format!("region `{}` is declared twice", r.code.node), &first, "declare each region once, in its own file");
            return None;
        }
        let id = self.regions.len();
        self.region_index.insert(r.code.node.clone(), id);
        self.region_decls.insert(r.code.node.clone(), (file.to_string(), r.code.span));
        self.region_spans.insert(id, (file.to_string(), r.services_span.unwrap_or(r.code.span)));
        self.regions.push(Region {
            code: text(r.code.node.clone()),
            name: text(r.name.clone()),
            aliases: texts(&r.aliases),
            parent: None,
            services: List::Borrowed(&[]),
            defaults: List::Borrowed(&[]),
            default_sources: List::Borrowed(&[]),
            rules: List::Borrowed(&[]),
        });
        Some(id)
    }

    /// The parent of a region (needed before any scoped look-up).
    pub(super) fn region_parent(&mut self, file: &str, r: &ast::RegionDecl, id: RegionId) {
        let Some(pc) = r.parent.as_ref() else { return };
        let child: u32 = r.code.node.parse().unwrap_or(0);
        let par: u32 = pc.node.parse().unwrap_or(0);
        let declared = self.region_index.get(&pc.node).copied();
        let Some(p) = declared.or_else(|| (region_within(child, par) && child != par).then(|| self.place_region(par)).flatten()) else {
            let help = self.parent_help(child);
            self.push(err(Code::UnknownRegion, file, pc.span, format!("unknown parent region `{}`", pc.node)).with_help(help));
            return;
        };
        if !region_within(child, par) || child == par {
            self.push(
                err(Code::BadValue, file, pc.span, format!("region `{}` does not lie within `{}` by its GB/T 2260 code", r.code.node, pc.node))
                    .with_help("a region lies within the region whose code it extends: 152500 within 150000, 371500 within 370000"),
            );
            return;
        }
        if let Some(reg) = self.regions.get_mut(id) {
            reg.parent = Some(p);
        }
    }

    /// A parent without a rule file of its own, from the national table (GB/T 2260): a
    /// region with the table's name and no services, rules or defaults, under its own nearest
    /// place above that is declared or in the table (the national layer `100000` when it is
    /// declared). `None` when the table has no such place.
    fn place_region(&mut self, code: u32) -> Option<RegionId> {
        let key = format!("{code:06}");
        if let Some(id) = self.region_index.get(&key) {
            return Some(*id);
        }
        let name = crate::gb2260::table().name(code)?;
        let above = if !code.is_multiple_of(10000) { code / 10000 * 10000 } else { crate::ir::NATIONAL };
        let parent = match self.region_index.get(&format!("{above:06}")).copied() {
            Some(p) => Some(p),
            None if above != crate::ir::NATIONAL => self.place_region(above),
            None => None,
        };
        let id = self.regions.len();
        self.region_index.insert(key.clone(), id);
        self.regions.push(Region {
            code: text(key),
            name: text(name.to_string()),
            aliases: List::Borrowed(&[]),
            parent,
            services: List::Borrowed(&[]),
            defaults: List::Borrowed(&[]),
            default_sources: List::Borrowed(&[]),
            rules: List::Borrowed(&[]),
        });
        Some(id)
    }

    /// The help of an unknown parent: a declared region of the child's own province (GB/T
    /// 2260: the same first two digits) that the child lies within, else the national layer
    /// or the province's code from the table — never another province's region.
    fn parent_help(&self, child: u32) -> String {
        let mut same: Vec<(&String, u32)> = self
            .region_index
            .keys()
            .filter_map(|k| k.parse::<u32>().ok().map(|c| (k, c)))
            .filter(|(_, c)| *c != child && *c / 10000 == child / 10000 && region_within(child, *c))
            .collect();
        // The nearest (the longest code prefix) first.
        same.sort_by_key(|(_, c)| std::cmp::Reverse(c % 10000 != 0));
        let province = child / 10000 * 10000;
        let table = crate::gb2260::table();
        if let Some((code, _)) = same.first() {
            return format!("did you mean `{code}`? (a declared region of the same province)");
        }
        match table.name(province) {
            Some(name) if province != child => {
                format!(
                    "name the province, `parent {province:06}` ({name}: no rule file needed, its name comes from GB/T 2260), or the national layer, `parent 100000`"
                )
            }
            _ => "declare the parent region in its own file, or name the national layer, `parent 100000`".into(),
        }
    }

    /// Services and fact defaults of a region.
    pub(super) fn resolve_region(&mut self, file: &str, r: &ast::RegionDecl, id: RegionId) {
        let service_enum = self.enum_index.get("service").map(|x| x.0);
        let mut services = Vec::new();
        for (s, e) in r.services.iter().filter_map(|s| service_enum.map(|e| (s, e))) {
            match self.member(e, &s.node, Some(id)) {
                Ok(m) => services.push(m),
                Err(scope) => self.unknown_member(file, s, e, Some(id), scope),
            }
        }
        let mut defaults = BTreeMap::new();
        for (k, v, src) in &r.defaults {
            match self.fact(&k.node, Some(id)) {
                Some(f) => {
                    let ty = self.facts.get(f).map(|x| x.ty).unwrap_or(Type::Bool);
                    if let Some(val) = self.const_value(file, Some(id), v, ty) {
                        defaults.insert(f, val);
                        self.note_default(file, (Some(id), f), v.span, src.as_ref());
                    }
                }
                None => self.unknown_fact(file, k, Some(id)),
            }
        }
        if let Some(reg) = self.regions.get_mut(id) {
            reg.services = list(services);
            reg.defaults = list(defaults.into_iter().collect());
        }
    }
}
