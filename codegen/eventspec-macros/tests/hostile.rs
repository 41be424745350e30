//! Every valid spec compiles, whatever its names: random specs whose objects, methods, extras,
//! enum values, scalars and uptake sources are named from a hostile pool (keywords, the
//! prelude's and std's names, the generated code's own types, constants, methods, parameters
//! and locals) are checked; those `check` accepts are expanded by `include_spec!` in one crate,
//! built with `-D warnings` (trybuild), and their Rust is held to `rustfmt --check`. A name that
//! could not compile must be refused by `check` instead (`name-collision`).
//!
//! The specs come from a seeded generator: `EVENTSPEC_HOSTILE_SEED=N` runs another set, and a
//! failure names the seed and the spec files (under `target/hostile-specs/`).

use std::fmt::Write as _;
use std::path::PathBuf;

/// Names the generated code or Rust itself gives meaning to.
const POOL: &[&str] = &[
    // Keywords (raw identifiers, or `self_` and the like).
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "fn",
    "match",
    "mod",
    "use",
    "impl",
    "ref",
    "move",
    "async",
    "await",
    "dyn",
    "try",
    "union",
    "static",
    "const",
    "where",
    "loop",
    "gen",
    "macro",
    // The prelude and std.
    "String",
    "string",
    "Option",
    "option",
    "Result",
    "result",
    "Some",
    "some",
    "None",
    "none",
    "Ok",
    "ok",
    "Err",
    "err",
    "Vec",
    "vec",
    "Box",
    "From",
    "from",
    "Into",
    "into",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Eq",
    "Hash",
    "Display",
    "FromStr",
    "fmt",
    "core",
    "std",
    "alloc",
    "u64",
    "str",
    "bool",
    "char",
    "usize",
    "Send",
    "Sized",
    "Drop",
    "Fn",
    "Iterator",
    "panic",
    // The generated code's own names.
    "raw",
    "raw_",
    "v",
    "e",
    "f",
    "s",
    "w",
    "timestamp",
    "value",
    "values",
    "decode",
    "encode",
    "Event",
    "event",
    "EnrollmentId",
    "enrollmentId",
    "enrollment_id",
    "DecodeError",
    "EncodeError",
    "RawEvent",
    "Uuid",
    "Shape",
    "SHAPE",
    "METHOD",
    "OBJECT",
    "EXTRAS",
    "CATEGORY",
    "VALUES",
    "ALL",
    "KEY",
    "NAME",
    "FILLER",
    "to_record",
    "from_record",
    "EVENTS",
    "EXPIRES",
    "to_json",
    "Uptake",
    "COMPONENT",
    "KEY_TEMPLATE",
    "is_source",
    "source",
    "report",
    "params",
    "trigger",
    "status",
    "redact",
    "redact_enrollment_ids",
    "encode_dependents",
    "as_str",
    "constant",
    "key",
    "name",
    "object",
    "method",
    "category",
    "extras",
    "parse",
    "to_wire",
    "Id",
    "Filler",
    "eventspec_runtime",
    "record",
    "shape",
    "event_shape",
    "string_traits",
    "a.string",
    "zz.option",
    "zz.from",
];

/// A small seeded generator (xorshift64*): the same seed, the same specs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn name(&mut self) -> &'static str {
        POOL[self.below(POOL.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// A YAML string (a JSON string is one).
fn q(s: &str) -> String {
    format!("{s:?}")
}

/// One random spec, in YAML.
fn spec(rng: &mut Rng, n: usize) -> String {
    let waive = "waive: {name-pattern: hostile on purpose}";
    let mut y = format!("eventspec: 1\ntitle: Hostile {n}\n");
    if rng.chance(60) {
        y.push_str("scalars:\n");
        for _ in 0..1 + rng.below(3) {
            let name = if rng.chance(50) {
                format!("{}.{}", rng.name(), rng.name())
            } else {
                format!("zz.{}", rng.name())
            };
            let kind = ["uint", "string", "boolean"][rng.below(3)];
            let _ = writeln!(
                y,
                "  - {{name: {}, kind: {kind}, description: D.}}",
                q(&name)
            );
        }
    }
    if rng.chance(40) {
        let name = rng.name();
        let constant = rng.name().to_uppercase().replace('.', "_");
        let _ = write!(
            y,
            "uptake:\n  title: Uptake\n  telemetry_values: [success]\n  sources:\n    - name: {}\n      title: Source\n      key: {}\n      reported: Once\n      statuses:\n        - {{constant: {}, value: success, description: D.}}\n",
            q(name),
            // `kk`, the component: an object name within Firefox's pattern.
            q(&format!("kk/<{}>", rng.name().replace('.', " "))),
            q(&format!("S_{constant}"))
        );
    }
    y.push_str("events:\n  title: Events\n  category: hostile\n");
    y.push_str(
        "  enrollment_id: {title: Enrollment IDs, filler: __NO_ID__, description: An id.}\n",
    );
    y.push_str("  objects:\n");
    for o in 0..1 + rng.below(3) {
        let _ = writeln!(
            y,
            "    - name: {}\n      title: O{o}\n      value: V.\n      {waive}\n      events:",
            q(rng.name())
        );
        for m in 0..1 + rng.below(3) {
            let _ = writeln!(
                y,
                "        - method: {}\n          title: M{m}\n          {waive}\n          extras:",
                q(rng.name())
            );
            let mut enums: Vec<(String, Vec<String>)> = Vec::new();
            for _ in 0..rng.below(5) {
                let key = rng.name();
                let extra = match rng.below(5) {
                    0 => "{description: D., optional: true".to_string(),
                    1 => "{type: boolean, description: D.".to_string(),
                    2 => "{type: enrollment_id, description: D.".to_string(),
                    3 if !enums.is_empty() => {
                        let (on, values) = &enums[rng.below(enums.len())];
                        let value = &values[rng.below(values.len())];
                        format!("{{description: D., when: {{{}: [{}]}}", q(on), q(value))
                    }
                    _ => {
                        let values: Vec<String> = (0..1 + rng.below(3))
                            .map(|_| rng.name().to_string())
                            .collect();
                        let listed: Vec<String> =
                            values.iter().map(|v| format!("{}: V.", q(v))).collect();
                        enums.push((key.to_string(), values));
                        format!(
                            "{{type: enum, description: D., values: {{{}}}",
                            listed.join(", ")
                        )
                    }
                };
                let _ = writeln!(y, "            {}: {extra}, {waive}}}", q(key));
            }
        }
    }
    y
}

#[test]
fn random_specs_with_hostile_names_compile() {
    let seed: u64 = std::env::var("EVENTSPEC_HOSTILE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20261202);
    let mut rng = Rng(seed.max(1));
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/hostile-specs");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let dir = dir.canonicalize().unwrap();

    let (mut valid, mut refused, mut with_uptake) = (Vec::new(), 0, 0);
    for n in 0..400 {
        let text = spec(&mut rng, n);
        let checked = eventspec::check(&eventspec::Source::new("hostile.yaml", text.as_str()));
        if checked.model.is_none() {
            // Duplicates and collisions are refused: the property is about what is accepted.
            refused += 1;
            continue;
        }
        let path = dir.join(format!("{n}.yaml"));
        std::fs::write(&path, &text).unwrap();
        // Laid out as rustfmt lays it out, whatever the names (raw identifiers, `self_`, …).
        let rust = eventspec::backend::rust::generate(&checked.model.unwrap(), "hostile.yaml");
        let rust_path = dir.join(format!("{n}.rs"));
        std::fs::write(&rust_path, rust).unwrap();
        let rustfmt = std::process::Command::new("rustfmt")
            .args(["--edition", "2024", "--check"])
            .arg(&rust_path)
            .output()
            .expect("rustfmt runs (`rustup component add rustfmt`)");
        assert!(
            rustfmt.status.success(),
            "seed {seed}: rustfmt would change {}:\n{}",
            rust_path.display(),
            String::from_utf8_lossy(&rustfmt.stdout)
        );
        with_uptake += usize::from(text.contains("uptake:"));
        valid.push(path);
        if valid.len() == 40 {
            break;
        }
    }
    // Enough accepted specs that the property says something.
    assert_eq!(
        valid.len(),
        40,
        "seed {seed}: only {} valid, {refused} refused",
        valid.len()
    );

    // Uptake's generated code too (a spec with uptake in about 40 in 100).
    assert!(
        with_uptake >= 5,
        "seed {seed}: {with_uptake} valid specs with uptake"
    );

    let mut case = String::from(
        "// Generated by tests/hostile.rs: each module is one random spec with hostile names.\n\
         #![deny(warnings)]\n\
         #![allow(dead_code)]\n",
    );
    for (i, path) in valid.iter().enumerate() {
        let _ = writeln!(
            case,
            "mod spec{i} {{\n    eventspec_macros::include_spec!({:?});\n}}",
            path.display().to_string()
        );
    }
    case.push_str("fn main() {}\n");
    let case_path = dir.join("hostile_specs.rs");
    std::fs::write(&case_path, case).unwrap();
    eprintln!("seed {seed}: {} specs in {}", valid.len(), dir.display());
    trybuild::TestCases::new().pass(&case_path);
}
