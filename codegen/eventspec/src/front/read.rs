//! Reading a [`Node`] tree into typed values while collecting every structural problem:
//! wrong types, missing keys, unknown keys (with a "did you mean"), duplicate keys.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::front::format::Mapping;
use crate::front::source::Span;
use crate::front::yaml::{Node, Value};

/// A value with the span it was read from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Located<T> {
    /// Pairs a value with its span.
    pub fn new(value: T, span: Span) -> Self {
        Located { value, span }
    }
}

/// Collects diagnostics while reading.
pub struct Reader<'d> {
    diagnostics: &'d mut Diagnostics,
}

impl<'d> Reader<'d> {
    /// A reader that reports into `diagnostics`.
    pub fn new(diagnostics: &'d mut Diagnostics) -> Self {
        Reader { diagnostics }
    }

    /// Reads each of `nodes` with `read`, keeping what reads.
    pub fn each<T>(
        &mut self,
        nodes: &[Node],
        read: impl Fn(&mut Reader<'_>, &Node) -> Option<T>,
    ) -> Vec<T> {
        // Sized to the nodes: a vector grown by doubling keeps up to half its room unused
        // (a spec's events are large structs).
        let mut items = Vec::with_capacity(nodes.len());
        items.extend(nodes.iter().filter_map(|n| read(self, n)));
        items
    }

    /// Reports a diagnostic.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn wrong_type(&mut self, node: &Node, what: &str, expected: &str) {
        let found = node.value.kind();
        let mut diagnostic = Diagnostic::error(
            Code::WrongType,
            format!("{what} must be {expected}, found {found}"),
        )
        .at(node.span, format!("expected {expected}"));
        if expected == "a string"
            && matches!(node.value, Value::Int(_) | Value::Float(_) | Value::Bool(_))
        {
            diagnostic = diagnostic.with_help("quote the value to make it a string");
        }
        self.report(diagnostic);
    }

    /// `node` as a mapping; reports and returns `None` otherwise.
    pub fn map<'n>(&mut self, node: &'n Node<'n>, what: &str) -> Option<MapView<'n>> {
        let Value::Map(entries) = &node.value else {
            self.wrong_type(node, what, "a mapping");
            return None;
        };
        let mut view = MapView {
            span: node.span,
            what: what.to_string(),
            entries: Vec::with_capacity(entries.len()),
            known: Vec::new(),
            mapping: None,
        };
        // Duplicate keys found by a scan in a small mapping, by a hash in a large one (a file
        // of a million keys would otherwise take hours).
        let mut index: Option<std::collections::HashMap<&str, usize>> =
            (entries.len() > 16).then(|| std::collections::HashMap::with_capacity(entries.len()));
        for (key, value) in entries {
            let Value::Str(name) = &key.value else {
                self.report(
                    Diagnostic::error(Code::WrongType, format!("keys of {what} must be strings"))
                        .at(key.span, format!("{} used as a key", key.value.kind())),
                );
                continue;
            };
            let first = match &mut index {
                Some(index) => match index.entry(name) {
                    std::collections::hash_map::Entry::Occupied(first) => {
                        Some(&view.entries[*first.get()])
                    }
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(view.entries.len());
                        None
                    }
                },
                None => view.entries.iter().find(|e| e.key.value == name),
            };
            if let Some(first) = first {
                self.report(
                    Diagnostic::error(
                        Code::DuplicateKey,
                        format!("duplicate key `{name}` in {what}"),
                    )
                    .at(key.span, "defined again here")
                    .also(first.key.span, "first defined here"),
                );
                continue;
            }
            view.entries.push(Entry {
                key: Located::new(name, key.span),
                value,
                used: false,
            });
        }
        Some(view)
    }

    /// `node` as a sequence; reports and returns an empty slice otherwise.
    pub fn seq<'n>(&mut self, node: &'n Node<'n>, what: &str) -> &'n [Node<'n>] {
        match &node.value {
            Value::Seq(items) => items,
            _ => {
                self.wrong_type(node, what, "a sequence");
                &[]
            }
        }
    }

    /// `node` as a string.
    pub fn string(&mut self, node: &Node, what: &str) -> Option<Located<String>> {
        match &node.value {
            Value::Str(s) => Some(Located::new(String::from(&**s), node.span)),
            _ => {
                self.wrong_type(node, what, "a string");
                None
            }
        }
    }

    /// `node` as a non-empty string (a name or a description).
    pub fn text(&mut self, node: &Node, what: &str) -> Option<Located<String>> {
        let text = self.string(node, what)?;
        if text.value.trim().is_empty() {
            self.report(
                Diagnostic::error(Code::EmptyValue, format!("{what} must not be empty"))
                    .at(node.span, "empty"),
            );
            return None;
        }
        Some(text)
    }

    /// `node` as a boolean.
    pub fn boolean(&mut self, node: &Node, what: &str) -> Option<Located<bool>> {
        match node.value {
            Value::Bool(b) => Some(Located::new(b, node.span)),
            _ => {
                self.wrong_type(node, what, "`true` or `false`");
                None
            }
        }
    }

    /// `node` as an integer in `min..=max` (which `T` holds).
    pub fn integer<T: TryFrom<i128>>(
        &mut self,
        node: &Node,
        what: &str,
        min: i128,
        max: i128,
    ) -> Option<Located<T>> {
        match node.value {
            Value::Int(i) if (min..=max).contains(&i) => {
                T::try_from(i).ok().map(|v| Located::new(v, node.span))
            }
            Value::Int(i) => {
                self.report(
                    Diagnostic::error(
                        Code::OutOfRange,
                        format!("{what} must be between {min} and {max}, found {i}"),
                    )
                    .at(node.span, "out of range"),
                );
                None
            }
            _ => {
                self.wrong_type(node, what, "an integer");
                None
            }
        }
    }

    /// A sequence of strings, or one string taken as a sequence of one.
    pub fn strings(&mut self, node: &Node, what: &str) -> Vec<Located<String>> {
        if let Value::Str(_) = node.value {
            return self.string(node, what).into_iter().collect();
        }
        let items = self.seq(node, what);
        items
            .iter()
            .filter_map(|item| self.string(item, what))
            .collect()
    }

    /// `node` as a mapping of the format whose keys `mapping` lists.
    pub fn mapping<'n>(
        &mut self,
        node: &'n Node<'n>,
        mapping: &'static Mapping,
        what: &str,
    ) -> Option<MapView<'n>> {
        let mut view = self.map(node, what)?;
        view.mapping = Some(mapping);
        Some(view)
    }

    /// Reports every key of `view` that was not asked for, suggesting the closest known key.
    pub fn finish(&mut self, view: MapView<'_>) {
        // Every key of the format's table was asked for: none is accepted and then ignored.
        if let Some(m) = view.mapping.filter(|_| cfg!(debug_assertions)) {
            for key in m.keys() {
                debug_assert!(
                    view.known.contains(&key.name),
                    "`{}` of `{}` is in front/format.rs but is not read",
                    key.name,
                    m.name
                );
            }
        }
        for entry in view.entries.iter().filter(|e| !e.used) {
            let name = entry.key.value;
            let mut diagnostic = Diagnostic::error(
                Code::UnknownKey,
                format!("unknown key `{name}` in {}", view.what),
            )
            .at(entry.key.span, "not a key of this mapping");
            match closest(name, &view.known) {
                Some(suggestion) => {
                    diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"))
                }
                None if !view.known.is_empty() => {
                    diagnostic =
                        diagnostic.with_note(format!("known keys: {}", view.known.join(", ")));
                }
                None => {}
            }
            self.report(diagnostic);
        }
    }
}

struct Entry<'n> {
    key: Located<&'n str>,
    value: &'n Node<'n>,
    used: bool,
}

/// A mapping being read: each key asked for is marked, the rest are unknown keys.
pub struct MapView<'n> {
    /// The span of the whole mapping.
    pub span: Span,
    what: String,
    entries: Vec<Entry<'n>>,
    known: Vec<&'static str>,
    /// The format's table of this mapping's keys, when it has fixed keys.
    mapping: Option<&'static Mapping>,
}

impl<'n> MapView<'n> {
    /// The value of `key`, if present.
    pub fn get(&mut self, key: &'static str) -> Option<&'n Node<'n>> {
        // The format's table and the reader cannot drift: a key the table lacks is a bug.
        debug_assert!(
            self.mapping.is_none_or(|m| m.has(key)),
            "`{key}` is read but is not a key of `{}` in front/format.rs",
            self.mapping.map_or("", |m| m.name)
        );
        if !self.known.contains(&key) {
            self.known.push(key);
        }
        let entry = self.entries.iter_mut().find(|e| e.key.value == key)?;
        entry.used = true;
        Some(entry.value)
    }

    /// The value of `key`; reports a missing key.
    pub fn require(&mut self, reader: &mut Reader<'_>, key: &'static str) -> Option<&'n Node<'n>> {
        let node = self.get(key);
        // A key that reads like a typo of it (`descripton`) is reported as an unknown key
        // that suggests it: one mistake, one diagnostic.
        let misspelled = || {
            self.entries
                .iter()
                .any(|e| !e.used && closest(e.key.value, &[key]).is_some())
        };
        if node.is_none() && !misspelled() {
            reader.report(
                Diagnostic::error(
                    Code::MissingKey,
                    format!("{} is missing `{key}`", self.what),
                )
                .at(
                    Span::new(self.span.start, self.span.start),
                    format!("`{key}` expected here"),
                ),
            );
        }
        node
    }

    /// Every entry in order, all marked as known: for mappings whose keys are names
    /// (extras, enum values, references).
    pub fn entries(&mut self) -> Vec<(Located<String>, &'n Node<'n>)> {
        self.entries
            .iter_mut()
            .map(|e| {
                e.used = true;
                (Located::new(e.key.value.to_owned(), e.key.span), e.value)
            })
            .collect()
    }
}

/// The candidate closest to `name` by edit distance, if close enough to be a likely typo.
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // Suggestions are for typos in names: past this length there is none to make, and the
    // edit distance of long strings is quadratic (a spec of long labels took minutes).
    const LONGEST: usize = 64;
    let len = name.chars().count();
    if len > LONGEST {
        return None;
    }
    let folded = name.to_lowercase();
    candidates
        .iter()
        // The distance is at least the difference in length: skip what cannot be close.
        .filter(|c| {
            let n = c.chars().count();
            n <= LONGEST && len.abs_diff(n) <= n.div_ceil(3).max(1)
        })
        .map(|c| (levenshtein(&folded, &c.to_lowercase()), *c))
        // About one edit in three characters; a swapped pair of letters counts as two edits.
        .filter(|(d, c)| *d <= c.chars().count().div_ceil(3).max(1))
        .min()
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let known = ["description", "values", "type", "max_length"];
        assert_eq!(closest("descripton", &known), Some("description"));
        assert_eq!(closest("Type", &known), Some("type"));
        assert_eq!(closest("maxlength", &known), Some("max_length"));
        assert_eq!(closest("colour", &known), None);
    }

    /// No suggestion for a name too long to be a typo, nor of a candidate that long: the edit
    /// distance is quadratic in their lengths.
    #[test]
    fn long_names_get_no_suggestion() {
        let long = "a".repeat(65);
        let almost = format!("{long}b");
        assert_eq!(closest(&almost, &[long.as_str()]), None);
        assert_eq!(closest("aaaa", &[long.as_str(), "aaab"]), Some("aaab"));
        let (limit, near) = ("a".repeat(64), "a".repeat(63));
        assert_eq!(closest(&limit, &[near.as_str()]), Some(near.as_str()));
    }

    /// A key given three times is reported twice, each time against its first definition,
    /// in a small mapping (scanned) as in a large one (hashed).
    #[test]
    fn duplicate_keys_point_at_the_first_in_small_and_large_mappings() {
        for size in [3, 40] {
            let mut text: String = (0..size).map(|i| format!("k{i}: 1\n")).collect();
            text.push_str("k1: 2\nk1: 3\n");
            let source = crate::front::source::Source::new("m.yaml", text.as_str());
            let root = crate::front::yaml::parse(&source).unwrap();
            let mut diagnostics = crate::diagnostic::Diagnostics::default();
            let mut reader = Reader::new(&mut diagnostics);
            let view = reader.map(&root, "the spec").unwrap();
            assert_eq!(view.entries.len(), size, "{size}");
            let found: Vec<(usize, usize)> = diagnostics
                .iter()
                .map(|d| {
                    (
                        d.primary.as_ref().unwrap().span.start,
                        d.secondary[0].span.start,
                    )
                })
                .collect();
            let first = text.find("k1:").unwrap();
            let again = text
                .match_indices("k1: ")
                .map(|(i, _)| i)
                .skip(1)
                .collect::<Vec<_>>();
            assert_eq!(found, [(again[0], first), (again[1], first)], "{size}");
        }
    }
}
