//! `carules lsp` spoken to as an editor does: JSON-RPC with `Content-Length` framing over
//! the child's standard input and output. Every read waits at most [`WAIT`], so a server that
//! stops answering fails the test instead of hanging it.

// The client helpers outside the #[test] function fail loudly: a broken conversation is a failed test.
#![allow(clippy::panic, clippy::expect_used)]

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(60);

struct Client {
    child: Child,
    stdin: ChildStdin,
    from_server: Receiver<Value>,
    /// Notifications read while waiting for a response, for [`Client::diagnostics`].
    skipped: std::collections::VecDeque<Value>,
    next_id: i64,
}

/// Reads framed messages from the server until its output ends.
fn read_messages(out: impl Read, to_test: std::sync::mpsc::Sender<Value>) {
    let mut r = BufReader::new(out);
    loop {
        let mut len = None;
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length: ") {
                len = v.parse::<usize>().ok();
            }
        }
        let mut body = vec![0; len.expect("a Content-Length header")];
        r.read_exact(&mut body).expect("the announced body");
        let v: Value = serde_json::from_slice(&body).expect("a JSON body");
        if to_test.send(v).is_err() {
            return;
        }
    }
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("carules"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("carules lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || read_messages(stdout, tx));
        Client { child, stdin, from_server: rx, skipped: Default::default(), next_id: 0 }
    }

    fn send(&mut self, msg: Value) {
        let body = serde_json::to_string(&msg).expect("json");
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its response (`result` or `error`), skipping
    /// notifications in between.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self.from_server.recv_timeout(WAIT).unwrap_or_else(|_| panic!("no answer to `{method}` within {WAIT:?}"));
            if msg["id"] == id {
                return msg;
            }
            self.skipped.push_back(msg);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let msg = match self.skipped.pop_front() {
                Some(m) => m,
                None => self.from_server.recv_timeout(WAIT).unwrap_or_else(|_| panic!("no diagnostics within {WAIT:?}")),
            };
            if msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri {
                return msg["params"]["diagnostics"].as_array().cloned().unwrap_or_default();
            }
        }
    }
}

/// The LSP position (line, UTF-16 unit) of the `nth` occurrence of `needle` (+ `plus` bytes).
fn pos(text: &str, needle: &str, nth: usize, plus: usize) -> Value {
    let at = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("`{needle}` #{nth} in the text")).0 + plus;
    let before = &text[..at];
    let line = before.matches('\n').count();
    let col = before.rsplit('\n').next().unwrap_or("").encode_utf16().count();
    json!({"line": line, "character": col})
}

#[test]
fn an_editor_session() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let uri = format!("file://{}/630000-qinghai.carules", dir.display());
    let shipped = std::fs::read_to_string(dir.join("630000-qinghai.carules")).expect("the 青海 file");
    // A rule reading a misspelt fact, and a `let` whose name has a character outside the
    // Basic Multilingual Plane (2 UTF-16 units, 1 character, 4 bytes) before another.
    let text = shipped.replacen("and not applicant.registered\n", "and not applicant.registerd\n", 1).replacen(
        "region 630000",
        "let 𠀀已入库 = applicant.registerd\n\nregion 630000",
        1,
    );
    let mut c = Client::start();

    let init = c.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": {}}));
    assert_eq!(init["result"]["capabilities"]["hoverProvider"], true, "{init}");
    assert_eq!(init["result"]["capabilities"]["documentFormattingProvider"], true);
    c.notify("initialized", json!({}));
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "carules", "version": 1, "text": text}}));

    // Diagnostics: both misspellings, at their ranges, with code and help.
    let diags = c.diagnostics(&uri);
    let unknown: Vec<&Value> = diags.iter().filter(|d| d["code"] == "E0101").collect();
    assert_eq!(unknown.len(), 2, "{diags:#?}");
    let let_line = pos(&text, "applicant.registerd", 0, 0);
    assert_eq!(let_line["character"], 12, "UTF-16 units: 𠀀 counts 2");
    assert_eq!(unknown[0]["range"]["start"], let_line);
    assert_eq!(unknown[0]["range"]["end"], pos(&text, "applicant.registerd", 0, "applicant.registerd".len()));
    assert_eq!(unknown[1]["range"]["start"], pos(&text, "applicant.registerd", 1, 0));
    assert_eq!(unknown[1]["severity"], 1);
    assert!(unknown[1]["message"].as_str().unwrap_or("").contains("applicant.registerd"), "{}", unknown[1]);
    assert!(unknown[1]["message"].as_str().unwrap_or("").contains("help: did you mean `applicant.registered`?"), "{}", unknown[1]);

    // Hover on a fact of the prelude: label, type, where declared.
    let at = pos(&text, "applicant.roles has", 0, 3);
    let hover = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": at}));
    let shown = hover["result"]["contents"]["value"].as_str().unwrap_or("").to_string();
    assert!(shown.contains("**fact** `applicant.roles` — 交易角色"), "{shown}");
    assert!(shown.contains("type: `set of role`"), "{shown}");
    assert!(shown.contains("declared in `prelude.carules:"), "{shown}");
    assert_eq!(hover["result"]["range"]["start"], pos(&text, "applicant.roles has", 0, 0));

    // Hover on a document id: its title.
    let at = pos(&text, "source qh_ca_guide", 0, 10);
    let hover = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": at}));
    let shown = hover["result"]["contents"]["value"].as_str().unwrap_or("").to_string();
    assert!(shown.contains("title: 青海省公共资源交易平台CA数字证书办理指南"), "{shown}");

    // Hover on a citation: the text of the article it names, from the outline (issue 19);
    // on an item's citation, the sub-clause's article.
    {
        let at = pos(&text, "source qh_ca_guide \"五\"", 0, "source qh_ca_guide \"".len());
        let hover = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": at}));
        let shown = hover["result"]["contents"]["value"].as_str().unwrap_or("").to_string();
        assert!(shown.contains("《青海省公共资源交易平台CA数字证书办理指南》") && shown.contains("**五**"), "{shown}");
        assert!(shown.contains("> CA数字证书服务及签章服务期限为1年或2年（申请方可自主选择服务期）"), "{shown}");
        assert_eq!(hover["result"]["range"]["start"], pos(&text, "source qh_ca_guide \"五\"", 0, "source qh_ca_guide ".len()));
        let at = pos(&text, "source \"三（一）1\"", 0, "source \"三".len());
        let hover = c.request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": at}));
        let shown = hover["result"]["contents"]["value"].as_str().unwrap_or("").to_string();
        assert!(shown.contains("**三（一）**") && shown.contains("> 1.法人授权委托书（下载）；"), "{shown}");
    }

    // Definition: the document in the open file; the fact in the prelude beside it on disk.
    let def = c.request("textDocument/definition", json!({"textDocument": {"uri": uri}, "position": at}));
    assert_eq!(def["result"][0]["uri"], uri.as_str(), "{def}");
    assert_eq!(def["result"][0]["range"]["start"], pos(&text, "document qh_ca_guide", 0, "document ".len()));
    let at = pos(&text, "applicant.roles has", 0, 3);
    let def = c.request("textDocument/definition", json!({"textDocument": {"uri": uri}, "position": at}));
    let target = def["result"][0]["uri"].as_str().unwrap_or("").to_string();
    assert!(target.ends_with("/prelude.carules"), "{def}");
    let prelude = std::fs::read_to_string(dir.join("prelude.carules")).expect("the prelude");
    assert_eq!(def["result"][0]["range"]["start"], pos(&prelude, "fact applicant.roles", 0, "fact ".len()), "{def}");

    // References: every `source qh_ca_guide` of the file and its declaration, and its
    // outline in the rule set beside the file (outlines/); a prelude fact in the prelude too.
    let at = pos(&text, "source qh_ca_guide", 0, 10);
    let refs = c.request("textDocument/references", json!({"textDocument": {"uri": uri}, "position": at, "context": {"includeDeclaration": true}}));
    let in_file = |suffix: &str| refs["result"].as_array().map(|a| a.iter().filter(|l| l["uri"].as_str().is_some_and(|u| u.ends_with(suffix))).count());
    assert_eq!(in_file("rules/630000-qinghai.carules"), Some(text.matches(" qh_ca_guide").count()), "{refs}");
    assert_eq!(in_file("outlines/630000-qinghai.carules"), Some(1), "the outline names the document: {refs}");
    let at = pos(&text, "applicant.roles has", 0, 3);
    let refs = c.request("textDocument/references", json!({"textDocument": {"uri": uri}, "position": at, "context": {"includeDeclaration": false}}));
    let uris: Vec<&str> = refs["result"].as_array().map(|a| a.iter().filter_map(|l| l["uri"].as_str()).collect()).unwrap_or_default();
    assert!(uris.contains(&uri.as_str()) && uris.iter().any(|u| u.ends_with("/540000-xizang.carules")), "{uris:?}");
    assert!(!uris.iter().any(|u| u.ends_with("/prelude.carules")), "the declaration is left out: {uris:?}");
    // A rule id of 青海 (other regions have an `org.new` too): 青海's only.
    let at = pos(&text, "include org.new", 0, "include ".len());
    let refs = c.request("textDocument/references", json!({"textDocument": {"uri": uri}, "position": at, "context": {"includeDeclaration": true}}));
    let uris: Vec<&str> = refs["result"].as_array().map(|a| a.iter().filter_map(|l| l["uri"].as_str()).collect()).unwrap_or_default();
    assert_eq!(uris.len(), text.matches(" org.new\n").count() + text.matches(" org.new {").count(), "{refs}");
    assert!(uris.iter().all(|u| *u == uri), "{uris:?}");

    // Completion inside the misspelt name: the fact it should be, replacing the whole prefix.
    let at = pos(&text, "applicant.registerd\n", 0, "applicant.reg".len());
    let done = c.request("textDocument/completion", json!({"textDocument": {"uri": uri}, "position": at}));
    let items = done["result"].as_array().cloned().unwrap_or_default();
    let item = items.iter().find(|i| i["label"] == "applicant.registered").unwrap_or_else(|| panic!("{done}"));
    assert_eq!(item["textEdit"]["range"]["start"], pos(&text, "applicant.registerd\n", 0, 0));
    assert!(items.iter().any(|i| i["label"] == "when" && i["kind"] == 14), "keywords too");
    // After a comparison with an enum fact: its members.
    let at = pos(&text, "applicant.roles has ", 0, "applicant.roles has ".len());
    let done = c.request("textDocument/completion", json!({"textDocument": {"uri": uri}, "position": at}));
    let labels: Vec<&str> = done["result"].as_array().map(|a| a.iter().filter_map(|i| i["label"].as_str()).collect()).unwrap_or_default();
    assert!(labels.contains(&"evaluation_expert") && labels.contains(&"bidder") && !labels.contains(&"when"), "{labels:?}");
    // Inside a citation string: the article numbers of the document's outline (issue 19),
    // for a rule's `source doc "` and an item's `source "` alike.
    for (needle, skip) in [("source qh_ca_guide \"五\"", "source qh_ca_guide \"".len()), ("source \"三（一）1\"", "source \"".len())] {
        let at = pos(&text, needle, 0, skip);
        let done = c.request("textDocument/completion", json!({"textDocument": {"uri": uri}, "position": at}));
        let items = done["result"].as_array().cloned().unwrap_or_default();
        let five = items.iter().find(|i| i["label"] == "五").unwrap_or_else(|| panic!("{done}"));
        assert_eq!(five["detail"], "五、CA数字证书服务及相关要求", "{done}");
        assert_eq!(five["textEdit"]["range"]["start"], at, "{done}");
        assert_eq!(items.len(), 14, "every article of the guide: {done}");
    }

    // Outline: the region, the document and the rules.
    let outline = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    let names: Vec<&str> = outline["result"].as_array().map(|a| a.iter().filter_map(|s| s["name"].as_str()).collect()).unwrap_or_default();
    assert!(names.contains(&"630000") && names.contains(&"qh_ca_guide") && names.contains(&"applicant.not_registered"), "{names:?}");

    // Formatting: a misplaced indent is put back, as one edit of the whole text.
    let messy = text.replacen("\n  source qh_ca_guide", "\n        source qh_ca_guide", 1);
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": messy}]}));
    let edits = c.request("textDocument/formatting", json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}));
    assert_eq!(edits["result"][0]["newText"], text.as_str(), "{edits}");
    // A file that does not parse: E0001 published, and no edit.
    let broken = text.replacen("finding applicant.not_registered {", "finding applicant.not_registered {{", 1);
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": broken}]}));
    let edits = c.request("textDocument/formatting", json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}));
    assert_eq!(edits["result"], Value::Null, "{edits}");
    let diags = loop {
        let d = c.diagnostics(&uri);
        if d.iter().any(|d| d["code"] == "E0001") {
            break d;
        }
    };
    assert!(diags.iter().any(|d| d["code"] == "E0001"), "{diags:#?}");
    // The syntax error in one rule does not hide the misspelt fact elsewhere in the file.
    let unknown: Vec<&Value> = diags.iter().filter(|d| d["code"] == "E0101").collect();
    assert_eq!(unknown.len(), 1, "{diags:#?}");
    assert_eq!(unknown[0]["range"]["start"], let_line);

    // A malformed request is answered with an error, and the server goes on.
    let bad = c.request("textDocument/hover", json!({"textDocument": 7}));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    let bad = c.request("carules/unknown", json!({}));
    assert_eq!(bad["error"]["code"], -32601, "{bad}");
    // Positions past the end, unknown documents, notifications that do not decode: no
    // answer is an error, and the server goes on.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": 1}, "contentChanges": "no"}));
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///nowhere/x.carules", "version": 9}, "contentChanges": [{"text": ""}]}));
    c.notify("textDocument/didOpen", json!({}));
    for (method, position) in
        [("textDocument/hover", json!({"line": 100000, "character": 5})), ("textDocument/completion", json!({"line": 3, "character": 100000}))]
    {
        let r = c.request(method, json!({"textDocument": {"uri": uri}, "position": position}));
        assert!(r.get("error").is_none(), "{r}");
    }
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///nowhere/x.carules"}, "position": {"line": 0, "character": 0}}));
    assert_eq!(r["result"], Value::Null, "{r}");
    let r = c.request("textDocument/documentSymbol", Value::Null);
    assert_eq!(r["error"]["code"], -32602, "{r}");

    let down = c.request("shutdown", Value::Null);
    assert_eq!(down["result"], Value::Null, "{down}");
    c.notify("exit", Value::Null);
    let start = std::time::Instant::now();
    loop {
        if let Some(status) = c.child.try_wait().expect("wait") {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(start.elapsed() < WAIT, "the server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The VS Code extension's files are JSON where they must be, and its grammar highlights
/// every keyword the server completes.
#[test]
fn the_vscode_grammar_knows_every_keyword() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode");
    for f in ["package.json", "language-configuration.json", "syntaxes/carules.tmLanguage.json"] {
        let text = std::fs::read_to_string(dir.join(f)).expect("the extension's file");
        serde_json::from_str::<Value>(&text).unwrap_or_else(|e| panic!("editors/vscode/{f}: {e}"));
    }
    let grammar = std::fs::read_to_string(dir.join("syntaxes/carules.tmLanguage.json")).expect("the grammar");
    let words: std::collections::BTreeSet<&str> = grammar.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).collect();
    let missing: Vec<&&str> = carules::lsp::analysis::KEYWORDS.iter().filter(|k| !words.contains(**k)).collect();
    assert!(missing.is_empty(), "keywords the grammar does not highlight: {missing:?}");
}
