//! `carules lsp`: a language server over standard input and output (feature `cli`), on the
//! rust-analyzer project's `lsp-server` (JSON-RPC framing, threads) and `lsp-types`.
//!
//! What it does (docs/editors.md): diagnostics as you type — the open file checked with the
//! rule set it belongs to, the shipped rules with every open file in place of the shipped
//! file of the same name —, hover, go to definition, find references, completion,
//! formatting and the outline. `analysis` reads the declarations of a file and runs the checker; `features`
//! answers the requests; `text` converts byte spans to LSP positions (UTF-16).
//!
//! A malformed message never stops the server: a request whose parameters do not decode is
//! answered with `InvalidParams`, an unknown one with `MethodNotFound`, a bad notification
//! is ignored. Text that is not framed JSON-RPC at all ends the transport (lsp-server's
//! reader), and the server with it.

pub mod analysis;
mod cite;
mod features;
mod publish;
pub mod text;

use analysis::FileSymbols;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use std::collections::{BTreeMap, HashMap};
use text::LineIndex;

/// An open document.
pub(crate) struct Doc {
    /// Its URI as the client sent it.
    pub(crate) uri: lsp_types::Uri,
    /// The file name it stands for in the rule set (the URI's last segment).
    pub(crate) name: String,
    /// Current text.
    pub(crate) text: String,
    /// Line starts of `text`.
    pub(crate) lines: LineIndex,
    /// Its declarations (read again on every change).
    pub(crate) symbols: FileSymbols,
    /// When it does not parse: the text the checker reads instead (broken items blanked) and
    /// the syntax diagnostics of the text as written ([`analysis::recover`]).
    pub(crate) recovered: Option<analysis::Recovered>,
}

impl Doc {
    fn new(uri: lsp_types::Uri, text: String) -> Self {
        let name = file_name(uri.as_str());
        let lines = LineIndex::new(&text);
        let symbols = analysis::file_symbols(&name, &text);
        let recovered = if symbols.parsed { None } else { analysis::recover(&name, &text) };
        Doc { uri, name, text, lines, symbols, recovered }
    }
}

/// The server's state: the shipped rules (read once) and the open documents.
pub(crate) struct State {
    /// The shipped rule files.
    pub(crate) shipped: Vec<(String, String)>,
    /// Declarations of the shipped files.
    pub(crate) shipped_symbols: BTreeMap<String, FileSymbols>,
    /// Open documents by URI.
    pub(crate) docs: HashMap<String, Doc>,
    /// Documents changed since diagnostics were last published.
    dirty: bool,
    /// URIs closed since then (their diagnostics are cleared).
    closed: Vec<lsp_types::Uri>,
}

impl State {
    fn new() -> Self {
        let shipped = crate::rules::shipped_files();
        let shipped_symbols = shipped.iter().map(|(n, t)| (n.clone(), analysis::file_symbols(n, t))).collect();
        State { shipped, shipped_symbols, docs: HashMap::new(), dirty: false, closed: vec![] }
    }

    /// Every declaration of the rule set: the open files', then the shipped files' not
    /// replaced by an open one.
    pub(crate) fn symbols(&self) -> impl Iterator<Item = &analysis::Symbol> {
        let open = self.docs.values().flat_map(|d| d.symbols.symbols.iter());
        let shipped = self.shipped_symbols.iter().filter(|(n, _)| !self.docs.values().any(|d| &d.name == *n)).flat_map(|(_, s)| s.symbols.iter());
        open.chain(shipped)
    }

    /// The open document named `name` (a file of the rule set), if any.
    pub(crate) fn doc_named(&self, name: &str) -> Option<&Doc> {
        self.docs.values().find(|d| d.name == name)
    }
}

/// The decoded last path segment of a URI: the rule file's name; `outlines/NAME` for a file
/// in an `outlines` folder, as the shipped outlines are named in the rule set (so an open
/// outline replaces its shipped copy instead of being added beside it).
pub(crate) fn file_name(uri: &str) -> String {
    let path = uri.split(['?', '#']).next().unwrap_or(uri);
    let mut segments = path.rsplit('/');
    let last = percent_decode(segments.next().unwrap_or(path));
    match segments.next() {
        Some("outlines") => format!("outlines/{last}"),
        _ => last,
    }
}

/// `%XX` escapes decoded (as UTF-8; invalid sequences replaced).
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b, hex) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How long the server waits for another change before checking (diagnostics are then
/// published at most this much later than the check could start).
const SETTLE: std::time::Duration = std::time::Duration::from_millis(30);

/// What the server can do, for `initialize`.
fn capabilities() -> lsp_types::ServerCapabilities {
    use lsp_types::*;
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions { trigger_characters: Some(vec![".".to_string()]), ..Default::default() }),
        document_formatting_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

/// Runs the server on standard input and output until the client says `exit`.
///
/// Errors: the protocol failed (the client closed the connection without `shutdown`, or
/// sent text that is not JSON-RPC).
pub fn run() -> Result<(), String> {
    let (connection, io) = Connection::stdio();
    let served = serve(&connection);
    drop(connection);
    match served {
        Ok(()) => io.join().map_err(|e| e.to_string()),
        // The reader has ended (end of input, or text that is not LSP): its error says why.
        Err(e) if e.contains("disconnected") || e.contains("without `exit`") => match io.join() {
            Ok(()) => Err("the input ended without `exit`".to_string()),
            Err(io) => Err(format!("the input is not LSP messages: {io}")),
        },
        Err(e) => Err(e),
    }
}

/// Serves one client on `connection`: the handshake, then messages until `exit`.
///
/// Errors: as [`run`].
pub fn serve(connection: &Connection) -> Result<(), String> {
    let caps = serde_json::to_value(capabilities()).map_err(|e| e.to_string())?;
    let (id, _params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let info = serde_json::json!({"capabilities": caps, "serverInfo": {"name": "carules", "version": env!("CARGO_PKG_VERSION")}});
    // Answered here rather than by `initialize_finish`, which ends the session when the next
    // message is not `initialized`: that notification is ignored like any other.
    send(connection, Message::Response(Response { id, response_result: Ok(info) }))?;
    let mut state = State::new();
    loop {
        // While diagnostics are owed, wait a little for more changes: a burst of keystrokes
        // is checked once, [`SETTLE`] after the last. Requests are answered as they come.
        let owed = state.dirty || !state.closed.is_empty();
        let msg = match owed {
            true => connection.receiver.recv_timeout(SETTLE).ok(),
            false => connection.receiver.recv().ok(),
        };
        let Some(msg) = msg else {
            if !owed {
                return Err("the client closed the connection without `exit`".to_string());
            }
            for n in publish::all(&mut state) {
                send(connection, Message::Notification(n))?;
            }
            state.dirty = false;
            continue;
        };
        match msg {
            Message::Request(req) => {
                if connection.handle_shutdown(&req).map_err(|e| e.to_string())? {
                    return Ok(());
                }
                let resp = request(&state, req);
                send(connection, Message::Response(resp))?;
            }
            Message::Notification(n) if n.method == lsp_types::notification::Exit::METHOD => return Ok(()),
            Message::Notification(n) => notification(&mut state, n),
            Message::Response(_) => {}
        }
    }
}

/// Sends a message to the client.
fn send(connection: &Connection, msg: Message) -> Result<(), String> {
    connection.sender.send(msg).map_err(|e| e.to_string())
}

/// Updates the open documents.
fn notification(state: &mut State, n: Notification) {
    use lsp_types::notification::{DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument};
    use lsp_types::{DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams};
    match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                let doc = Doc::new(p.text_document.uri, p.text_document.text);
                state.docs.insert(doc.uri.as_str().to_string(), doc);
                state.dirty = true;
            }
        }
        DidChangeTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params)
                && let Some(doc) = state.docs.get_mut(p.text_document.uri.as_str())
            {
                let mut text = std::mem::take(&mut doc.text);
                for change in p.content_changes {
                    text = apply(&text, change);
                }
                *doc = Doc::new(p.text_document.uri, text);
                state.dirty = true;
            }
        }
        DidCloseTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params)
                && let Some(doc) = state.docs.remove(p.text_document.uri.as_str())
            {
                state.closed.push(doc.uri);
                state.dirty = true;
            }
        }
        _ => {}
    }
}

/// One content change applied: the whole text, or a range of it replaced (for clients that
/// send ranges whatever the sync kind).
fn apply(text: &str, change: lsp_types::TextDocumentContentChangeEvent) -> String {
    match change.range {
        None => change.text,
        Some(r) => {
            let lines = LineIndex::new(text);
            let (start, end) = (lines.offset(text, r.start), lines.offset(text, r.end));
            let (start, end) = (start.min(end), end.max(start));
            format!("{}{}{}", text.get(..start).unwrap_or(""), change.text, text.get(end..).unwrap_or(""))
        }
    }
}

/// Answers a request.
fn request(state: &State, req: Request) -> Response {
    use lsp_types::request::{Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, References};
    let id = req.id.clone();
    let result = match req.method.as_str() {
        HoverRequest::METHOD => decode(req).map(|p| features::hover(state, p)).and_then(to_value),
        GotoDefinition::METHOD => decode(req).map(|p| features::definition(state, p)).and_then(to_value),
        References::METHOD => decode(req).map(|p| features::references(state, p)).and_then(to_value),
        Completion::METHOD => decode(req).map(|p| features::completion(state, p)).and_then(to_value),
        Formatting::METHOD => decode(req).map(|p| features::formatting(state, p)).and_then(to_value),
        DocumentSymbolRequest::METHOD => decode(req).map(|p| features::symbols(state, p)).and_then(to_value),
        _ => Err((ErrorCode::MethodNotFound, format!("unknown request `{}`", req.method))),
    };
    match result {
        Ok(v) => Response { id, response_result: Ok(v) },
        Err((code, message)) => Response::new_err(id, code as i32, message),
    }
}

/// A request's parameters, or `InvalidParams`.
fn decode<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(req.params).map_err(|e| (ErrorCode::InvalidParams, format!("`{}`: {e}", req.method)))
}

/// A result as JSON.
fn to_value<R: serde::Serialize>(r: R) -> Result<serde_json::Value, (ErrorCode, String)> {
    serde_json::to_value(r).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn an_outline_is_named_as_the_rule_set_names_it() {
        assert_eq!(file_name("file:///w/rules/630000-qinghai.carules"), "630000-qinghai.carules");
        assert_eq!(file_name("file:///w/rules/outlines/630000-qinghai.carules?x"), "outlines/630000-qinghai.carules");
        assert_eq!(file_name("file:///w/%E9%9D%92.carules"), "青.carules");
    }
}
