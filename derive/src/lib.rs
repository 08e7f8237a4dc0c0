//! `#[derive(Json)]`: carules's answer writer (`carules::answer::json`) derived from an
//! answer type and the serde attributes it already carries, so a field added to a type is
//! written without touching the writer and the writer cannot fall behind the type.
//!
//! The generated `Json::json` writes what serde_json's derive writes: the fields in order,
//! each `"key":value`, `rename` and `rename_all = "snake_case"` honoured, `skip` and
//! `skip_serializing_if` fields left out, `flatten` fields written inline, unit enum members
//! as strings and `untagged` newtype members as their value. It expands to paths of the
//! carules crate (`crate::answer::json`), so it is for that crate only.
//!
//! Where the rule set already holds a part as rendered JSON (a piece), `#[json(...)]` says
//! where it is spliced in instead of writing fields:
//!
//! - on the type, `#[json(piece = whole)]` (or `waiting`): the whole value is the piece its
//!   `origin` names, when there is one (a part the engine changes carries
//!   `Origin::Answer`, so its fields are written);
//! - on a field, `#[json(head = P)]`: piece `P` holds `{` and every field before this one
//!   (`Json::head` writes that part, to render the piece);
//! - on a field, `#[json(tail = P)]`: piece `P` holds this field, those after it and `}`
//!   (`Json::tail` writes that part);
//! - on a field, `#[json(value = P)]`: piece `P` holds this field's value.
//!
//! Errors: an attribute this derive does not know, or a type it cannot write (a union, a
//! tuple struct, an enum member with fields that is not `untagged` newtype), is a compile
//! error at the attribute or the type.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields, Ident, LitStr, spanned::Spanned};

/// Derives `crate::answer::json::Json` for an answer type (see the crate docs).
#[proc_macro_derive(Json, attributes(json))]
pub fn derive_json(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// What serde and `#[json]` say of one field.
struct Field {
    ident: Ident,
    key: String,
    skip: bool,
    skip_if: Option<syn::ExprPath>,
    flatten: bool,
    head: Option<Ident>,
    tail: Option<Ident>,
    value: Option<Ident>,
}

/// What serde and `#[json]` say of the type.
#[derive(Default)]
struct Container {
    rename_all_snake: bool,
    untagged: bool,
    piece: Option<Ident>,
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let c = container(&input.attrs)?;
    let name = &input.ident;
    let mut generics = input.generics.clone();
    for t in generics.type_params_mut() {
        t.bounds.push(syn::parse_quote!(crate::answer::json::Json));
    }
    let (imp, ty, wh) = generics.split_for_impl();
    let body = match &input.data {
        Data::Struct(s) => {
            let Fields::Named(named) = &s.fields else {
                return Err(syn::Error::new(s.fields.span(), "Json: only structs with named fields"));
            };
            let fields = named.named.iter().map(field).collect::<syn::Result<Vec<_>>>()?;
            structure(&c, &fields)?
        }
        Data::Enum(e) => enumeration(&c, e)?,
        Data::Union(u) => return Err(syn::Error::new(u.union_token.span, "Json: unions are not answer types")),
    };
    Ok(quote! {
        impl #imp crate::answer::json::Json for #name #ty #wh {
            #body
        }
    })
}

/// Reads `#[serde(...)]` and `#[json(...)]` of the type.
fn container(attrs: &[syn::Attribute]) -> syn::Result<Container> {
    let mut c = Container::default();
    for a in attrs {
        if a.path().is_ident("serde") {
            a.parse_nested_meta(|m| {
                if m.path.is_ident("rename_all") {
                    let v: LitStr = m.value()?.parse()?;
                    if v.value() != "snake_case" {
                        return Err(m.error("Json: only rename_all = \"snake_case\""));
                    }
                    c.rename_all_snake = true;
                } else if m.path.is_ident("untagged") {
                    c.untagged = true;
                } else {
                    return Err(m.error("Json: a serde attribute this derive does not write"));
                }
                Ok(())
            })?;
        } else if a.path().is_ident("json") {
            a.parse_nested_meta(|m| {
                if m.path.is_ident("piece") {
                    c.piece = Some(m.value()?.parse()?);
                } else {
                    return Err(m.error("Json: expected `piece = P`"));
                }
                Ok(())
            })?;
        }
    }
    Ok(c)
}

/// Reads one field's attributes.
fn field(f: &syn::Field) -> syn::Result<Field> {
    let ident = f.ident.clone().ok_or_else(|| syn::Error::new(f.span(), "Json: a field without a name"))?;
    let mut out = Field { key: ident.to_string(), ident, skip: false, skip_if: None, flatten: false, head: None, tail: None, value: None };
    for a in &f.attrs {
        if a.path().is_ident("serde") {
            a.parse_nested_meta(|m| {
                if m.path.is_ident("skip") {
                    out.skip = true;
                } else if m.path.is_ident("skip_serializing_if") {
                    let v: LitStr = m.value()?.parse()?;
                    out.skip_if = Some(v.parse()?);
                } else if m.path.is_ident("rename") {
                    let v: LitStr = m.value()?.parse()?;
                    out.key = v.value();
                } else if m.path.is_ident("flatten") {
                    out.flatten = true;
                } else {
                    return Err(m.error("Json: a serde attribute this derive does not write"));
                }
                Ok(())
            })?;
        } else if a.path().is_ident("json") {
            a.parse_nested_meta(|m| {
                let slot = if m.path.is_ident("head") {
                    &mut out.head
                } else if m.path.is_ident("tail") {
                    &mut out.tail
                } else if m.path.is_ident("value") {
                    &mut out.value
                } else {
                    return Err(m.error("Json: expected `head = P`, `tail = P` or `value = P`"));
                };
                *slot = Some(m.value()?.parse()?);
                Ok(())
            })?;
        }
    }
    Ok(out)
}

/// Whether something is known to be written before the next field.
#[derive(Clone, Copy, PartialEq)]
enum State {
    /// Nothing yet, for certain: no comma.
    Start,
    /// Something, for certain: a comma.
    Written,
    /// Not known until run time: the local `first` says.
    Unknown,
}

/// The `"key":` of the next field in state `s`.
fn key(s: State, key: &str) -> Tokens {
    match s {
        State::Start => {
            let k = format!("\"{key}\":");
            quote! { w.raw(#k); }
        }
        State::Written => {
            let k = format!(",\"{key}\":");
            quote! { w.raw(#k); }
        }
        State::Unknown => {
            let k = format!("\"{key}\":");
            quote! { w.key(first, #k); }
        }
    }
}

/// The code writing `fields` from state `s`, and the state after them.
fn write_fields(fields: &[Field], mut s: State) -> (Tokens, State) {
    let mut out = Tokens::new();
    for f in fields.iter().filter(|f| !f.skip) {
        let id = &f.ident;
        if f.flatten {
            out.extend(match s {
                State::Written => quote! { crate::answer::json::Json::fields(&self.#id, w, &mut false); },
                State::Start | State::Unknown => quote! { crate::answer::json::Json::fields(&self.#id, w, first); },
            });
            if s == State::Start {
                s = State::Unknown;
            }
            continue;
        }
        let k = key(s, &f.key);
        let value = match &f.value {
            Some(p) => {
                let pp = camel(p);
                quote! {
                if !w.splice(self.origin, crate::answer::json::Piece::#pp) {
                    crate::answer::json::Json::json(&self.#id, w);
                }
                }
            }
            None => quote! { crate::answer::json::Json::json(&self.#id, w); },
        };
        let clear = if s == State::Written {
            Tokens::new()
        } else {
            quote! { *first = false; }
        };
        match &f.skip_if {
            Some(p) => {
                out.extend(quote! {
                    if !#p(&self.#id) {
                        #k
                        #value
                        #clear
                    }
                });
                if s == State::Start {
                    s = State::Unknown;
                }
            }
            None => {
                out.extend(quote! { #k #value #clear });
                s = State::Written;
            }
        }
    }
    (out, s)
}

/// `Json` of a struct.
fn structure(c: &Container, fields: &[Field]) -> syn::Result<Tokens> {
    let whole = match c.piece.as_ref().map(camel) {
        Some(p) => quote! {
            if w.splice(self.origin, crate::answer::json::Piece::#p) {
                return;
            }
        },
        None => Tokens::new(),
    };
    let (all, _) = write_fields(fields, State::Unknown);
    let fields_fn = quote! {
        #[allow(unused_variables)]
        fn fields(&self, w: &mut crate::answer::json::W<'_, '_>, first: &mut bool) {
            #all
        }
    };
    let split = fields.iter().position(|f| f.head.is_some() || f.tail.is_some());
    let Some(at) = split else {
        let (body, _) = write_fields(fields, State::Start);
        return Ok(quote! {
            #[allow(unused_variables)]
            fn json(&self, w: &mut crate::answer::json::W<'_, '_>) {
                #whole
                let first = &mut true;
                w.raw("{");
                #body
                w.raw("}");
            }
            #fields_fn
        });
    };
    let (before, after) = fields.split_at(at);
    let (b, sb) = write_fields(before, State::Start);
    if sb != State::Written {
        return Err(syn::Error::new(fields[at].ident.span(), "Json: a piece must follow a field that is always written"));
    }
    let (a, _) = write_fields(after, State::Written);
    let f = &fields[at];
    Ok(if let Some(p) = &f.head {
        let pp = camel(p);
        quote! {
            #[allow(unused_variables)]
            fn json(&self, w: &mut crate::answer::json::W<'_, '_>) {
                #whole
                if !w.splice(self.origin, crate::answer::json::Piece::#pp) {
                    crate::answer::json::Json::head(self, w);
                }
                #a
                w.raw("}");
            }
            #[allow(unused_variables)]
            fn head(&self, w: &mut crate::answer::json::W<'_, '_>) {
                let first = &mut true;
                w.raw("{");
                #b
            }
            #fields_fn
        }
    } else {
        let pp = f.tail.as_ref().map(camel);
        quote! {
            #[allow(unused_variables)]
            fn json(&self, w: &mut crate::answer::json::W<'_, '_>) {
                #whole
                let first = &mut true;
                w.raw("{");
                #b
                if !w.splice(self.origin, crate::answer::json::Piece::#pp) {
                    crate::answer::json::Json::tail(self, w);
                }
            }
            #[allow(unused_variables)]
            fn tail(&self, w: &mut crate::answer::json::W<'_, '_>) {
                #a
                w.raw("}");
            }
            #fields_fn
        }
    })
}

/// `Json` of an enum: unit members as strings, `untagged` newtype members as their value.
fn enumeration(c: &Container, e: &syn::DataEnum) -> syn::Result<Tokens> {
    let mut arms = Vec::new();
    for v in &e.variants {
        let id = &v.ident;
        let mut name = if c.rename_all_snake { snake(&id.to_string()) } else { id.to_string() };
        for a in &v.attrs {
            if a.path().is_ident("serde") {
                a.parse_nested_meta(|m| {
                    if m.path.is_ident("rename") {
                        let s: LitStr = m.value()?.parse()?;
                        name = s.value();
                        Ok(())
                    } else {
                        Err(m.error("Json: a serde attribute this derive does not write"))
                    }
                })?;
            }
        }
        arms.push(match (&v.fields, c.untagged) {
            (Fields::Unit, _) => {
                let text = LitStr::new(&format!("\"{name}\""), Span::call_site());
                quote! { Self::#id => w.raw(#text), }
            }
            (Fields::Unnamed(u), true) if u.unnamed.len() == 1 => {
                let x = format_ident!("x");
                quote! { Self::#id(#x) => crate::answer::json::Json::json(#x, w), }
            }
            _ => return Err(syn::Error::new(v.span(), "Json: an enum member must be a unit, or an untagged newtype")),
        });
    }
    Ok(quote! {
        fn json(&self, w: &mut crate::answer::json::W<'_, '_>) {
            match self {
                #(#arms)*
            }
        }
    })
}

/// serde's `snake_case` of a member name: `OfficeHours` → `office_hours`.
fn snake(s: &str) -> String {
    let mut out = String::new();
    for (i, ch) in s.char_indices() {
        if ch.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(ch.to_lowercase());
    }
    out
}

/// The `Piece` member a lower-case piece name stands for: `whole` → `Whole`.
fn camel(p: &Ident) -> Ident {
    let s = p.to_string();
    let mut c = s.chars();
    let up: String = c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default();
    Ident::new(&up, p.span())
}

#[cfg(test)]
mod tests {
    use super::{camel, snake};

    /// Member names as serde's `rename_all = "snake_case"` writes them.
    #[test]
    fn snake_case_is_serdes() {
        for (name, want) in
            [("Deny", "deny"), ("OfficeHours", "office_hours"), ("PiecePerYear", "piece_per_year"), ("AllExceptHolidays", "all_except_holidays")]
        {
            assert_eq!(snake(name), want);
        }
    }

    /// A piece name in `#[json(...)]` names the member of `Piece`.
    #[test]
    fn piece_names_are_members() {
        for (name, want) in [("whole", "Whole"), ("tail", "Tail"), ("need", "Need")] {
            assert_eq!(camel(&proc_macro2::Ident::new(name, proc_macro2::Span::call_site())).to_string(), want);
        }
    }
}
