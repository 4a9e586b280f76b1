//! `pom.xml`, read by a minimal tag scanner (no XML crate): every
//! `<dependency>` as `groupId:artifactId` (`<scope>test</scope>` → dev,
//! `<optional>true</optional>` → optional) and every build `<plugin>` as a
//! build dependency. Entries under `dependencyManagement`/`pluginManagement`
//! only pin versions and are not dependencies.

use super::{LineIndex, strip_bom};
use crate::facts::{DepKind, Dependency, Ecosystem};

/// Element nesting beyond this is refused as malformed.
const MAX_DEPTH: usize = 256;

#[derive(Default)]
struct Record {
    offset: usize,
    group: Option<String>,
    artifact: Option<String>,
    version: Option<String>,
    scope: Option<String>,
    optional: bool,
}

pub fn parse(path: &str, text: &str) -> Result<Vec<Dependency>, String> {
    let text = strip_bom(text);
    if text.trim().is_empty() {
        return Err("empty file".to_string());
    }
    let lines = LineIndex::new(text);
    let mut out = Vec::new();
    let mut stack: Vec<&str> = Vec::new();
    // Open `<dependency>`/`<plugin>` records, innermost last.
    let mut records: Vec<(usize, &str, Record)> = Vec::new();
    let mut text_start = 0usize;
    let mut pos = 0usize;
    let bytes = text.as_bytes();
    let mut saw_root = false;

    while let Some(rel) = memchr::memchr(b'<', bytes.get(pos..).unwrap_or(&[])) {
        let lt = pos + rel;
        let rest = text.get(lt..).unwrap_or("");
        // Text content of the element just before this tag.
        if let (Some(top), Some(content)) = (stack.last(), text.get(text_start..lt)) {
            let content = content.trim();
            if !content.is_empty()
                && let Some((depth, _, rec)) = records.last_mut()
                && *depth + 2 == stack.len()
            {
                let v = Some(content.to_string());
                match *top {
                    "groupId" => rec.group = v,
                    "artifactId" => rec.artifact = v,
                    "version" => rec.version = v,
                    "scope" => rec.scope = v,
                    "optional" => rec.optional = content.eq_ignore_ascii_case("true"),
                    _ => {}
                }
            }
        }
        let skip_to = |end: &str| -> Result<usize, String> {
            rest.find(end)
                .map(|i| lt + i + end.len())
                .ok_or_else(|| format!("unterminated markup at line {}", lines.line(lt)))
        };
        if rest.starts_with("<!--") {
            pos = skip_to("-->")?;
            text_start = pos;
            continue;
        }
        if rest.starts_with("<![CDATA[") {
            // CDATA is text; keep the content window open across it.
            pos = skip_to("]]>")?;
            continue;
        }
        if rest.starts_with("<?") {
            pos = skip_to("?>")?;
            text_start = pos;
            continue;
        }
        if rest.starts_with("<!") {
            pos = skip_to(">")?;
            text_start = pos;
            continue;
        }
        let gt = skip_to(">")?;
        let inner = text.get(lt + 1..gt - 1).unwrap_or("");
        pos = gt;
        text_start = gt;
        if let Some(name) = inner.strip_prefix('/') {
            let name = local(name.trim());
            // Pop to the matching element (tolerates stray closers).
            let Some(at) = stack.iter().rposition(|n| *n == name) else {
                continue;
            };
            stack.truncate(at);
            while records.last().is_some_and(|(d, _, _)| *d >= stack.len()) {
                if let Some((_, kind, rec)) = records.pop() {
                    emit(path, kind, rec, &lines, &mut out);
                }
            }
            continue;
        }
        let self_closing = inner.ends_with('/');
        let name = local(
            inner
                .trim_end_matches('/')
                .split(|c: char| c.is_whitespace())
                .next()
                .unwrap_or(""),
        );
        if name.is_empty() {
            return Err(format!("empty tag at line {}", lines.line(lt)));
        }
        saw_root = true;
        if self_closing {
            continue;
        }
        if stack.len() >= MAX_DEPTH {
            return Err("elements nested too deeply".to_string());
        }
        let in_management = stack
            .iter()
            .any(|n| *n == "dependencyManagement" || *n == "pluginManagement");
        if !in_management && (name == "dependency" || name == "plugin") {
            let parent_ok = matches!(
                (name, stack.last().copied()),
                ("dependency", Some("dependencies")) | ("plugin", Some("plugins"))
            );
            if parent_ok {
                let in_plugin = records.iter().any(|(_, k, _)| *k == "plugin");
                let kind = if in_plugin { "plugin" } else { name };
                records.push((
                    stack.len(),
                    kind,
                    Record {
                        offset: lt,
                        ..Record::default()
                    },
                ));
            }
        }
        stack.push(name);
    }
    if !saw_root {
        return Err("no XML elements".to_string());
    }
    if !stack.is_empty() {
        return Err(format!(
            "unclosed element <{}>",
            stack.last().copied().unwrap_or("")
        ));
    }
    Ok(out)
}

/// Element name without a namespace prefix.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn emit(path: &str, kind: &str, rec: Record, lines: &LineIndex, out: &mut Vec<Dependency>) {
    let Some(artifact) = rec.artifact else { return };
    let group = rec.group.unwrap_or_else(|| {
        if kind == "plugin" {
            // Maven's default plugin group.
            "org.apache.maven.plugins".to_string()
        } else {
            String::new()
        }
    });
    let name = if group.is_empty() {
        artifact
    } else {
        format!("{group}:{artifact}")
    };
    let kind = if kind == "plugin" {
        DepKind::Build
    } else if rec.scope.as_deref() == Some("test") {
        DepKind::Dev
    } else if rec.optional {
        DepKind::Optional
    } else {
        DepKind::Runtime
    };
    out.push(Dependency {
        ecosystem: Ecosystem::Maven,
        name,
        version: rec.version,
        kind,
        manifest: path.to_string(),
        line: Some(lines.line(rec.offset)),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn got(deps: &[Dependency]) -> Vec<(&str, DepKind, Option<u32>)> {
        deps.iter()
            .map(|d| (d.name.as_str(), d.kind, d.line))
            .collect()
    }

    const POM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <!-- <dependency><groupId>commented</groupId><artifactId>out</artifactId></dependency> -->
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>org.bom</groupId><artifactId>bom</artifactId></dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter-web</artifactId>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>5.10.0</version>
      <scope>test</scope>
      <exclusions>
        <exclusion><groupId>x</groupId><artifactId>y</artifactId></exclusion>
      </exclusions>
    </dependency>
    <dependency>
      <groupId>io.sentry</groupId><artifactId>sentry</artifactId><optional>true</optional>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <artifactId>maven-surefire-plugin</artifactId>
      </plugin>
      <plugin>
        <groupId>org.jacoco</groupId>
        <artifactId>jacoco-maven-plugin</artifactId>
        <dependencies>
          <dependency><groupId>a</groupId><artifactId>b</artifactId></dependency>
        </dependencies>
      </plugin>
    </plugins>
  </build>
</project>
"#;

    #[test]
    fn dependencies_scopes_and_plugins() {
        let deps = parse("pom.xml", POM).unwrap();
        assert_eq!(
            got(&deps),
            vec![
                (
                    "org.springframework.boot:spring-boot-starter-web",
                    DepKind::Runtime,
                    Some(10)
                ),
                ("org.junit.jupiter:junit-jupiter", DepKind::Dev, Some(14)),
                ("io.sentry:sentry", DepKind::Optional, Some(23)),
                (
                    "org.apache.maven.plugins:maven-surefire-plugin",
                    DepKind::Build,
                    Some(29)
                ),
                ("a:b", DepKind::Build, Some(36)),
                ("org.jacoco:jacoco-maven-plugin", DepKind::Build, Some(32)),
            ]
        );
        assert_eq!(deps[1].version.as_deref(), Some("5.10.0"));
    }

    #[test]
    fn malformed_and_edges() {
        assert!(parse("pom.xml", "").is_err());
        assert!(parse("pom.xml", "<project><dependencies>").is_err());
        assert!(parse("pom.xml", "<project><!-- never closed").is_err());
        assert!(parse("pom.xml", "not xml at all").is_err());
        assert!(parse("pom.xml", &"<a>".repeat(10_000)).is_err());
        let crlf = "\u{feff}<project>\r\n<dependencies>\r\n<dependency>\r\n<groupId>g</groupId>\r\n<artifactId>a</artifactId>\r\n</dependency>\r\n</dependencies>\r\n</project>\r\n";
        assert_eq!(
            got(&parse("pom.xml", crlf).unwrap()),
            vec![("g:a", DepKind::Runtime, Some(3))]
        );
        // Multi-byte text near tags does not break slicing.
        assert!(
            parse("pom.xml", "<project>é<x>ü</x>ß</project>")
                .unwrap()
                .is_empty()
        );
    }
}
