//! The HTML report: a snapshot of the bundled example, and proofs that no
//! string from the repository can become markup, a script or a network load.

mod support;

use std::path::Path;

use infragap::scan::ScanOutput;

/// Every element the template writes. A `<` that starts anything else means
/// repository text escaped its escaping.
const TAGS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "footer",
    "nav",
    "section",
    "article",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "ol",
    "li",
    "a",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "div",
    "span",
    "strong",
    "code",
    "details",
    "summary",
    "br",
    "svg",
    "g",
    "rect",
    "path",
    "text",
    "tspan",
    "line",
];

/// Every attribute the template writes; no event handler, no `src`.
const ATTRS: &[&str] = &[
    "lang",
    "charset",
    "http-equiv",
    "content",
    "name",
    "class",
    "id",
    "href",
    "viewbox",
    "role",
    "aria-label",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "width",
    "height",
    "rx",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "d",
    "text-anchor",
    "transform",
];

#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// A minimal tokenizer for the report's own shape: every `<` starts a
/// whitelisted tag, every attribute is whitelisted and double-quoted, text
/// holds no raw `>`, and `<style>` holds no `<`. Panics with the offending
/// position otherwise; returns the tags for further checks.
fn tokenize(doc: &str) -> Vec<Tag> {
    let b = doc.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    let ctx = |i: usize| &doc[i.saturating_sub(60)..(i + 60).min(doc.len())];
    let doctype = "<!DOCTYPE html>";
    assert!(doc.starts_with(doctype));
    i += doctype.len();
    while i < b.len() {
        match b[i] {
            b'>' => panic!("raw `>` in text at {i}: {}", ctx(i)),
            b'<' => {}
            _ => {
                i += 1;
                continue;
            }
        }
        i += 1;
        let closing = b.get(i) == Some(&b'/');
        if closing {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let name = doc[start..i].to_ascii_lowercase();
        assert!(
            TAGS.contains(&name.as_str()),
            "unexpected tag <{}{name}> at {start}: {}",
            if closing { "/" } else { "" },
            ctx(start)
        );
        let mut attrs = Vec::new();
        loop {
            while b[i] == b' ' || b[i] == b'\n' {
                i += 1;
            }
            if b[i] == b'>' {
                i += 1;
                break;
            }
            if b[i] == b'/' && b[i + 1] == b'>' {
                i += 2;
                break;
            }
            assert!(!closing, "attribute on a closing tag at {i}: {}", ctx(i));
            let a = i;
            while b[i] != b'=' && b[i] != b' ' && b[i] != b'>' && b[i] != b'/' {
                i += 1;
            }
            let attr = doc[a..i].to_ascii_lowercase();
            assert!(
                ATTRS.contains(&attr.as_str()),
                "unexpected attribute `{attr}` on <{name}> at {a}: {}",
                ctx(a)
            );
            assert_eq!(b[i], b'=', "attribute without a value at {a}: {}", ctx(a));
            assert_eq!(b[i + 1], b'"', "unquoted attribute at {a}: {}", ctx(a));
            let v = i + 2;
            let end = v + doc[v..].find('"').expect("closing quote");
            let value = &doc[v..end];
            assert!(
                !value.contains('<'),
                "`<` in an attribute at {v}: {}",
                ctx(v)
            );
            attrs.push((attr, value.to_string()));
            i = end + 1;
        }
        if name == "style" && !closing {
            let end = i + doc[i..].find("</style>").expect("</style>");
            assert!(!doc[i..end].contains('<'), "`<` inside <style>");
            i = end;
        }
        tags.push(Tag { name, attrs });
    }
    tags
}

/// No loads and no script: only in-page links, no URL in any attribute
/// (the CSP's own text excepted), nothing in the stylesheet that fetches.
fn assert_inert(doc: &str, tags: &[Tag]) {
    let lower = doc.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "a <script> tag");
    assert!(!lower.contains("<img"), "an <img> tag");
    assert!(!lower.contains("<iframe"), "an <iframe> tag");
    assert!(
        doc.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        ),
        "strict CSP meta"
    );
    for t in tags {
        for (a, v) in &t.attrs {
            let v = v.to_ascii_lowercase();
            assert!(
                !v.contains("javascript:"),
                "javascript: in {a} on <{}>",
                t.name
            );
            assert!(
                !v.contains("http:") && !v.contains("https:") && !v.contains("//"),
                "URL in {a}=\"{v}\" on <{}>",
                t.name
            );
            if a == "href" {
                assert!(v.starts_with('#'), "href to elsewhere: {v}");
            }
        }
    }
    let style_start = doc.find("<style>").unwrap();
    let style = &lower[style_start..lower.find("</style>").unwrap()];
    for needle in ["url(", "@import", "http", "@font-face"] {
        assert!(
            !style.contains(needle),
            "stylesheet loads something: {needle}"
        );
    }
}

/// The report with run-specific values (temp path, commit, version) pinned.
fn stable_html(mut out: ScanOutput, name: &str) -> String {
    out.target = name.to_string();
    out.commit = None;
    infragap::report::html::render(&out).replace(
        &format!("infragap {}", env!("CARGO_PKG_VERSION")),
        "infragap [version]",
    )
}

#[test]
fn acme_notes_html_snapshot() {
    let tmp = support::copy_fixture(&support::root().join("examples/acme-notes"));
    let out = support::scan_dir(tmp.path());
    let doc = stable_html(out, "examples/acme-notes");
    let tags = tokenize(&doc);
    assert_inert(&doc, &tags);
    insta::assert_snapshot!("acme_notes_html", doc);
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const FAKE_KEY: &str = "sk_live_51HxQz8EXAMPLEEXAMPLEkeyzzzz9876543210abcd";

fn build_hostile(root: &Path) {
    write(
        root,
        "package.json",
        r#"{
  "name": "<svg onload=alert(1)>",
  "scripts": { "test": "vitest run \"<script>alert(3)</script>\" javascript:alert(4)" },
  "dependencies": { "next": "14.0.0", "react": "18.2.0", "stripe": "14.0.0" },
  "devDependencies": { "vitest": "1.0.0" }
}
"#,
    );
    write(
        root,
        "<script>alert(1)</script>.js",
        "export const x = () => fetch('javascript:alert(1)');\n",
    );
    write(
        root,
        "x\" onmouseover=\"alert(1).yml",
        "key: \"<img src=x onerror=alert(1)>\"\n",
    );
    write(
        root,
        ".github/workflows/<img src=x onerror=alert(1)>.yml",
        "name: \"<script>alert(2)</script>\"\non: [push, pull_request]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: npm test -- '\" onerror=\"alert(5)'\n",
    );
    write(
        root,
        ".env",
        &format!("STRIPE_SECRET_KEY={FAKE_KEY}\nNEXT_PUBLIC_URL=javascript:alert(6)\n"),
    );
    write(
        root,
        "app/api/<b onmouseover=alert(7)>/route.ts",
        "import Stripe from 'stripe';\nexport async function GET() { return new Response(process.env.STRIPE_SECRET_KEY); }\n",
    );
    write(
        root,
        "lib/a.test.ts",
        "import { test } from 'vitest';\ntest('a', () => {});\n",
    );
}

#[test]
fn hostile_names_stay_text() {
    let tmp = tempfile::tempdir().unwrap();
    build_hostile(tmp.path());
    let out = support::scan_dir(tmp.path());
    let doc = infragap::report::html::render(&out);
    let tags = tokenize(&doc);
    assert_inert(&doc, &tags);
    // The hostile names did reach the report, as escaped text.
    assert!(
        doc.contains(".github/workflows/&lt;img src=x onerror=alert(1)&gt;.yml"),
        "the workflow's name is shown, escaped"
    );
    assert!(
        doc.contains("&lt;script&gt;alert(2)&lt;/script&gt;"),
        "the pipeline's name is shown, escaped"
    );
    assert!(!doc.contains(FAKE_KEY), "the fake key is never printed");
    assert!(!doc.contains(&FAKE_KEY[..20]), "nor a long prefix of it");
}

#[test]
fn every_fixture_renders_inert_html() {
    for (name, dir, _) in support::fixtures_with_expectations() {
        let tmp = support::copy_fixture(&dir);
        let out = support::scan_dir(tmp.path());
        let doc = infragap::report::html::render(&out);
        let tags = tokenize(&doc);
        assert_inert(&doc, &tags);
        assert!(doc.ends_with("</html>\n"), "{name}: complete document");
    }
}

/// Every other big fixture's HTML, inert, snapshotted. The stylesheet is the
/// same in every document (it is in the acme-notes snapshot), so it is
/// folded here to keep the snapshots to what the repository decides.
#[test]
fn every_fixture_html_snapshot() {
    let fixtures = support::schema::big_fixtures();
    assert!(fixtures.len() >= 9, "only {} fixtures", fixtures.len());
    for (name, dir) in fixtures {
        if name == "examples/acme-notes" {
            continue;
        }
        let tmp = support::copy_fixture(&dir);
        let doc = stable_html(support::scan_dir(tmp.path()), &name);
        let tags = tokenize(&doc);
        assert_inert(&doc, &tags);
        let start = doc.find("<style>").expect("inline stylesheet") + "<style>".len();
        let end = start + doc[start..].find("</style>").unwrap();
        let folded = format!("{}[style.css]{}", &doc[..start], &doc[end..]);
        insta::assert_snapshot!(format!("html__{}", name.replace('/', "__")), folded);
    }
}
