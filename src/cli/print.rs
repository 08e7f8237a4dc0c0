//! Output of the printed pages (`carules handbook`, `carules notice`): HTML or Markdown as
//! rendered by the library, or PDF printed from the HTML by headless Chromium — the only
//! place carules starts a browser.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The formats of a printed page.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A complete HTML page, A4 print styles included.
    Html,
    /// Markdown.
    Md,
    /// PDF (A4), printed from the HTML by headless Chromium.
    Pdf,
}

/// Writes `text` (HTML or Markdown) to `out`, or standard output; for PDF, prints `html` to
/// `out` (required) with Chromium. Returns the exit code: 1 with a message on failure.
pub fn emit(format: Format, html: impl FnOnce() -> Result<String, String>, md: impl FnOnce() -> Result<String, String>, out: Option<&Path>) -> i32 {
    let text = match format {
        Format::Html | Format::Pdf => html(),
        Format::Md => md(),
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot render the page: {e}");
            return 1;
        }
    };
    let result = match (format, out) {
        (Format::Pdf, None) => Err("--format pdf needs --out FILE.pdf".to_string()),
        (Format::Pdf, Some(o)) => pdf(&text, o),
        (_, Some(o)) => std::fs::write(o, text).map_err(|e| format!("cannot write `{}`: {e}", o.display())),
        (_, None) => {
            print!("{text}");
            Ok(())
        }
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// The Chromium to print with: `$CHROMIUM`, else the first of `chromium`,
/// `chromium-browser`, `google-chrome` found on `PATH`.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"].iter().flat_map(|n| std::env::split_paths(&path).map(move |d| d.join(n))).find(|p| p.is_file())
}

/// Prints `html` to the PDF file `out` with headless Chromium (A4, as the page's `@page`
/// rule says), in a fresh profile directory removed afterwards.
///
/// Errors: no Chromium (naming what to install), a temporary directory that cannot be made,
/// Chromium failing or writing no file.
fn pdf(html: &str, out: &Path) -> Result<(), String> {
    let Some(browser) = chromium() else {
        return Err("PDF output needs Chromium: install it (Debian: apt-get install chromium; a CJK font: fonts-wqy-microhei), or set CHROMIUM=/path/to/chromium; --format html works without it".into());
    };
    let dir = std::env::temp_dir().join(format!("carules-print-{}-{}", std::process::id(), unique()));
    std::fs::create_dir_all(dir.join("profile")).map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    let result = print_with(&browser, &dir, html, out);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn unique() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

fn print_with(browser: &Path, dir: &Path, html: &str, out: &Path) -> Result<(), String> {
    let page = dir.join("page.html");
    std::fs::write(&page, html).map_err(|e| format!("cannot write the page to print: {e}"))?;
    let target = std::path::absolute(out).map_err(|e| format!("bad output path `{}`: {e}", out.display()))?;
    let _ = std::fs::remove_file(&target);
    let status = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .args(["--no-pdf-header-footer", "--lang=zh-CN"])
        .arg(format!("--print-to-pdf={}", target.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("cannot start Chromium (`{}`): {e}", browser.display()))?;
    if !status.success() || !target.is_file() {
        return Err(format!("Chromium (`{}`) did not print the PDF ({status})", browser.display()));
    }
    Ok(())
}
