//! The written reports: the Markdown gap analysis of every big fixture and
//! the terminal summary of the bundled example, snapshotted; the same numbers
//! in every format; and a repository with hostile file names, whose names
//! must reach the Markdown only escaped.

mod support;

use std::path::Path;

use infragap::report::{json, markdown, terminal};
use infragap::scan::ScanOutput;

/// Pins what changes between runs and machines: the temporary path, the
/// commit, the timings, the tool's version.
fn pinned(mut out: ScanOutput, name: &str) -> ScanOutput {
    out.target = name.to_string();
    out.commit = None;
    out.stats.duration_ms = 0;
    out
}

fn stable_markdown(out: &ScanOutput) -> String {
    markdown::render(out).replace(
        &format!("infragap {}", env!("CARGO_PKG_VERSION")),
        "infragap [version]",
    )
}

fn big_fixtures() -> Vec<(String, std::path::PathBuf)> {
    support::fixtures_with_expectations()
        .into_iter()
        .filter(|(name, _, _)| !name.starts_with("controls/"))
        .map(|(name, dir, _)| (name, dir))
        .collect()
}

#[test]
fn markdown_report_snapshots() {
    let fixtures = big_fixtures();
    assert!(fixtures.len() >= 9, "only {} fixtures", fixtures.len());
    for (name, dir) in fixtures {
        let tmp = support::copy_fixture(&dir);
        let out = pinned(support::scan_dir(tmp.path()), &name);
        let md = stable_markdown(&out);
        assert_tables_well_formed(&name, &md);
        assert_plain_markdown(&name, &md);
        insta::assert_snapshot!(format!("md__{}", name.replace('/', "__")), md);
    }
}

#[test]
fn terminal_summary_snapshot() {
    let root = support::root().join("examples/acme-notes");
    let tmp = support::copy_fixture(&root);
    let out = pinned(support::scan_dir(tmp.path()), "examples/acme-notes");
    let plain = anstream::adapter::strip_str(&terminal::render(&out)).to_string();
    // The summary fits on one screen, before the per-control detail.
    let summary: Vec<&str> = plain
        .lines()
        .take_while(|l| !l.starts_with("languages"))
        .collect();
    assert!(summary.len() <= 25, "{} summary lines", summary.len());
    assert!(summary.iter().any(|l| l.starts_with("posture")));
    insta::assert_snapshot!("terminal__examples__acme-notes", plain);
}

/// The terminal report of every other big fixture, plain.
#[test]
fn every_fixture_terminal_snapshot() {
    for (name, dir) in big_fixtures() {
        if name == "examples/acme-notes" {
            continue;
        }
        let tmp = support::copy_fixture(&dir);
        let out = pinned(support::scan_dir(tmp.path()), &name);
        let plain = anstream::adapter::strip_str(&terminal::render(&out)).to_string();
        insta::assert_snapshot!(format!("terminal__{}", name.replace('/', "__")), plain);
    }
}

/// Completeness, level, posture and gap counts read the same in the JSON,
/// the Markdown, the terminal and the SARIF: all render one assessment.
#[test]
fn every_format_gives_the_same_numbers() {
    let root = support::root().join("examples/acme-notes");
    let tmp = support::copy_fixture(&root);
    let out = pinned(support::scan_dir(tmp.path()), "examples/acme-notes");
    let v: serde_json::Value = serde_json::from_str(&json::render(&out)).unwrap();
    let md = markdown::render(&out);
    let term = anstream::adapter::strip_str(&terminal::render(&out)).to_string();

    let pct = format!(
        "{:.0}%",
        v["summary"]["completeness"].as_f64().unwrap() * 100.0
    );
    let level = v["summary"]["maturity_level"].as_u64().unwrap();
    let posture = v["summary"]["posture"].as_str().unwrap();
    let gaps = v["priorities"].as_array().unwrap().len();
    let weeks = &v["roadmap"]["total_weeks"];
    let weeks = format!("{}–{}", weeks[0], weeks[1]);

    assert!(md.contains(&format!("**Completeness: {pct}**")));
    assert!(term.contains(&format!("complete   {pct}")));
    assert!(md.contains(&format!("**Maturity level {level} of 5.**")));
    assert!(term.contains(&format!("level {level} of 5")));
    assert!(md.contains(&format!("**Risk posture: {posture}**")));
    assert!(term.contains(&format!("posture    {}", posture.to_uppercase())));
    assert!(md.contains(&format!("**{gaps} gaps:**")));
    assert!(term.contains(&format!("{gaps} gaps")));
    assert!(md.contains(&format!("{weeks} weeks at")));
    assert!(term.contains(&format!("{weeks} weeks at")));
    // SARIF: the run carries the same summary, and one rule id per gap.
    let sarif: serde_json::Value =
        serde_json::from_str(&infragap::report::sarif::render(&out, support::pack())).unwrap();
    let run = &sarif["runs"][0];
    assert_eq!(
        run["properties"]["completeness"],
        v["summary"]["completeness"]
    );
    assert_eq!(run["properties"]["maturityLevel"], level);
    assert_eq!(run["properties"]["posture"], posture);
    let gap_ids: std::collections::HashSet<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(gap_ids.len(), gaps);
    // HTML: the same figures in the summary block and the gauge.
    let html = infragap::report::html::render(&out);
    let applicable = v["summary"]["controls_applicable"].as_u64().unwrap();
    assert!(
        html.contains(&format!(
            "<strong>{pct}</strong> over {applicable} applicable controls"
        )),
        "completeness in HTML"
    );
    assert!(md.contains(&format!("over {applicable} applicable controls")));
    assert!(
        html.contains(&format!("<dd><strong>{level}</strong> of 5</dd>")),
        "level in HTML"
    );
    let capitalised = format!("{}{}", posture[..1].to_uppercase(), &posture[1..]);
    assert!(
        html.contains(&format!("\">{capitalised}</span>")),
        "posture in HTML"
    );
    for (p, n) in v["summary"]["priorities"].as_object().unwrap() {
        assert!(
            md.contains(&format!("{p} {n}")),
            "priority count {p} {n} in Markdown"
        );
    }
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// Names carrying markup, table pipes, Markdown links, backticks and a
/// newline, in places the controls cite: a committed env file with a live
/// looking key, a workflow, a test file, a migration.
#[test]
fn hostile_names_reach_the_markdown_only_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let env_name = "evil|<img src=x onerror=alert(1)>.env";
    // Built at run time so no key-shaped literal sits in the source.
    let key = format!("{}{}", "sk_live_", "51Hx9QmKc3Zt7Wb2Lp8Rv4Ny6Td0Fa");
    write(
        root,
        env_name,
        format!("STRIPE_SECRET_KEY={key}\n").as_bytes(),
    );
    write(
        root,
        "package.json",
        br#"{ "name": "evil", "scripts": { "test": "vitest" },
  "dependencies": { "next": "14.0.0", "react": "18.2.0", "stripe": "14.0.0" },
  "devDependencies": { "vitest": "1.0.0" } }
"#,
    );
    write(
        root,
        ".github/workflows/ci`rm -rf`[x](javascript:alert(1)).yml",
        b"name: \"CI <script>alert(1)</script> | *x*\"\non: [push, pull_request]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n",
    );
    write(
        root,
        "lib/x\ny_<b>.test.ts",
        b"import { test } from 'vitest';\ntest('a', () => {});\n",
    );
    write(
        root,
        "app/page.tsx",
        b"export default function Page() { return <main>hi</main>; }\n",
    );

    let out = pinned(support::scan_dir(root), "hostile");
    let md = markdown::render(&out);

    // The names are cited (so the checks below test something) ...
    assert!(
        md.contains("evil\\|&lt;img src=x onerror=alert(1)&gt;.env"),
        "env file not cited:\n{md}"
    );
    assert!(
        md.contains("x\\\\u{a}y\\_&lt;b&gt;.test.ts"),
        "test file not cited:\n{md}"
    );
    assert!(
        md.contains("ci\\`rm -rf\\`\\[x\\](javascript:alert(1)).yml"),
        "workflow not cited:\n{md}"
    );
    // ... and never raw: no markup, no cell-splitting pipe, no live link.
    assert!(!md.contains('<'), "raw '<' in the Markdown");
    assert!(!md.contains('>'), "raw '>' in the Markdown");
    assert!(!md.contains("evil|"));
    assert!(!md.contains("[x]("));
    assert!(!md.contains("`rm -rf`"));
    assert!(!md.contains(&key), "the key itself is printed");
    assert_tables_well_formed("hostile", &md);
    // A CommonMark parser sees the names as text, and no markup at all.
    let text = assert_plain_markdown("hostile", &md);
    assert!(text.contains(env_name), "env file name not shown as text");
    assert!(text.contains("ci`rm -rf`[x](javascript:alert(1)).yml"));
    assert!(text.contains("CI <script>alert(1)</script> | *x*"));
}

/// Parses the report as GitHub-flavoured CommonMark: no HTML, no link or
/// image, every table row as wide as its header. Returns the text shown.
fn assert_plain_markdown(name: &str, md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM;
    let mut text = String::new();
    let (mut head_cells, mut row_cells) = (0usize, 0usize);
    for ev in Parser::new_ext(md, opts) {
        match ev {
            Event::Html(h) | Event::InlineHtml(h) => panic!("{name}: HTML in the Markdown: {h}"),
            Event::InlineMath(m) | Event::DisplayMath(m) => panic!("{name}: maths: {m}"),
            Event::Start(Tag::Link { dest_url, .. }) => panic!("{name}: link to {dest_url}"),
            Event::Start(Tag::Image { dest_url, .. }) => panic!("{name}: image {dest_url}"),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => row_cells = 0,
            Event::Start(Tag::TableCell) => row_cells += 1,
            Event::End(TagEnd::TableHead) => head_cells = row_cells,
            Event::End(TagEnd::TableRow) => {
                assert_eq!(
                    row_cells, head_cells,
                    "{name}: a table row of another width"
                )
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            _ => {}
        }
    }
    text
}

/// Every row of every table has as many unescaped pipes as its header: a
/// name that split a cell would show here.
fn assert_tables_well_formed(name: &str, md: &str) {
    let pipes = |line: &str| {
        let mut n = 0;
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '|' => n += 1,
                _ => {}
            }
        }
        n
    };
    let mut header: Option<usize> = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        match header {
            None => header = Some(pipes(line)),
            Some(h) => assert_eq!(pipes(line), h, "{name}: broken table row: {line}"),
        }
    }
}
