//! YAML as the interop formats are written: every string double-quoted, so that any text reads
//! back as itself whatever it holds.

use std::fmt::Write;

/// `s` as a YAML double-quoted scalar: `"`, `\\` and every character YAML does not allow
/// printed as is (controls, DEL and C1 controls, line separators, U+FEFF, U+FFFE/FFFF)
/// escaped, so that any spec text reads back as the same text.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // YAML 1.2's printable set, less the line breaks a reader would fold.
            ' '..='~'
            | '\u{a0}'..='\u{2027}'
            | '\u{202a}'..='\u{d7ff}'
            | '\u{e000}'..='\u{fefe}'
            | '\u{ff00}'..='\u{fffd}'
            | '\u{10000}'.. => out.push(c),
            // What is left is in the Basic Multilingual Plane.
            c => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// `items` as a YAML flow sequence of quoted strings.
pub(crate) fn strings(items: &[String]) -> String {
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    list(&items)
}

/// `items` as a YAML flow sequence of quoted strings.
pub(crate) fn list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A line `key: value` of an item two levels down (an entry's, a probe's, a metric's field).
pub(crate) fn field(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "    {key}: {value}");
}

#[cfg(test)]
mod tests {
    /// Spec text of any characters reads back from the YAML as itself (serde_json's quoting,
    /// used before, left C1 controls raw, which YAML does not allow).
    #[test]
    fn quoted_text_reads_back_as_itself() {
        for text in [
            "plain",
            "quote \" and \\ backslash",
            "tab\tnew\nline",
            "del \u{7f} c1 \u{85}\u{9f} seps \u{2028}\u{2029} bom \u{feff} \u{fffe}",
            "emoji 🎉 and 日本語",
        ] {
            let yaml = format!("key: {}\n", super::quote(text));
            let json = crate::to_json(&crate::Source::new("q.yaml", yaml.as_str())).unwrap();
            assert_eq!(json["key"], text, "{yaml}");
        }
    }
}
