//! Office rules: where and how a service is done — the office's name (the rule's title) and
//! its address, window, hotlines, online service, forms, e-mail, WeChat and mini programs, each as
//! the regulation gives it. An office without an address is online-only.

use super::rules::BodyResult;
use super::{Checker, Ctx, err};
use crate::ast::{self, Clause, ContactKind};
use crate::diag::Code;
use crate::ir::*;

impl Checker {
    pub(super) fn office_body(&mut self, ctx: &Ctx, rd: &ast::RuleDecl) -> BodyResult {
        let file = ctx.file;
        let mut ok = true;
        let mut contacts = Vec::new();
        for c in &rd.body {
            match &c.node {
                Clause::Contact { kind, value, label } => {
                    if matches!(kind, ContactKind::Address | ContactKind::Window) && contacts.iter().any(|x: &Contact| x.kind == *kind) {
                        let msg = format!("a second `{}` in office `{}`", kind.as_str(), rd.id.node);
                        self.push(
                            err(Code::Duplicate, file, c.span, msg)
                                .with_help("an office has one address and one window; write another `office` rule for another place"),
                        );
                        ok = false;
                    }
                    let url = match kind {
                        ContactKind::Online => Some(value),
                        ContactKind::Form => label.as_ref(),
                        _ => None,
                    };
                    if let Some(u) = url.filter(|u| !(u.starts_with("http://") || u.starts_with("https://"))) {
                        let msg = format!("`{u}` is not a web address");
                        self.push(
                            err(Code::BadValue, file, c.span, msg).with_help("write the address as the regulation gives it, starting with http:// or https://"),
                        );
                        ok = false;
                    }
                    if *kind == ContactKind::Email && !is_email(value) {
                        let msg = format!("`{value}` is not an e-mail address");
                        self.push(
                            err(Code::BadValue, file, c.span, msg)
                                .with_help("write the address as the regulation gives it: one `@`, no spaces (`service@example.cn`)"),
                        );
                        ok = false;
                    }
                    if value.trim().is_empty() {
                        self.push(err(Code::BadValue, file, c.span, format!("empty `{}`", kind.as_str())));
                        ok = false;
                    }
                    contacts.push(Contact { kind: *kind, value: text(value.clone()), label: label.clone().map(text) });
                }
                _ => {
                    self.not_allowed(file, Kind::Office, c);
                    ok = false;
                }
            }
        }
        let Some(name) = rd.title.as_ref().map(|t| t.node.clone()) else {
            self.missing(file, rd, "office name (the title after the rule id: `office hall \"…服务中心\" { … }`)");
            return None;
        };
        if contacts.is_empty() {
            self.missing(file, rd, "`address`, `window`, `hotline`, `online`, `form`, `email`, `wechat` or `mini_program` line");
            return None;
        }
        ok.then(|| Body::Office { name: text(name), contacts: list(contacts) })
    }
}

/// An e-mail address as a regulation writes one: a name, one `@`, a domain with a dot; no
/// white space.
fn is_email(v: &str) -> bool {
    let mut parts = v.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !v.chars().any(char::is_whitespace)
        }
        _ => false,
    }
}
