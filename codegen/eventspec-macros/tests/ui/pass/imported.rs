// A spec imported from Firefox's `Events.yaml` and `Scalars.yaml` (`eventspec import firefox`):
// optional string extras, values that may be absent, a category prefix where two categories
// would share a type, scalars.
#![deny(warnings, missing_docs)]
//! Imported.
eventspec_macros::include_spec!("../../../../codegen/eventspec-macros/tests/ui/specs/imported.yaml");

use eventspec_runtime::RawEvent;

fn main() {
    // As Firefox sends them: no value, or a value; any of the entry's extra keys, or none.
    for line in [
        r#"[1, "downloads", "open", "file"]"#,
        r#"[1, "downloads", "open", "folder", "/tmp"]"#,
        r#"[1, "downloads", "start", "file", null, {"size": "12"}]"#,
        r#"[1, "pictureinpicture", "closed_method", "pip_toggle", null, {"reason": "user"}]"#,
    ] {
        let raw = RawEvent::from_json_str(line).unwrap();
        let event = Event::from_record(&raw).unwrap();
        assert_eq!(event.to_record(1).unwrap(), raw, "{line}");
    }
    let open = FileOpen { value: None };
    assert_eq!(open.to_record(3).unwrap().to_json().to_string(), r#"[3,"downloads","open","file"]"#);
    let start = FolderStart { value: Some("x".into()), size: None, source: Some("web".into()) };
    assert_eq!(
        start.to_record(3).unwrap().to_json().to_string(),
        r#"[3,"downloads","start","folder","x",{"source":"web"}]"#
    );
    // An extra key the entry does not declare is refused, as Firefox refuses it.
    let raw = RawEvent::from_json_str(r#"[1, "downloads", "open", "file", null, {"size": "1"}]"#).unwrap();
    assert!(Event::from_record(&raw).is_err());
    assert_eq!(PlayerCreate::EXPIRES, eventspec_runtime::Expiry::Never);
    assert_eq!(FileOpen::EXPIRES, eventspec_runtime::Expiry::Version(150));
    let count = Count { value: 3 };
    assert_eq!(count.to_json().unwrap().to_string(), r#"{"downloads.count":3}"#);
    let last = LastSource { key: "id-1".into(), value: "web".into() };
    assert_eq!(last.to_json().unwrap().to_string(), r#"{"downloads.last_source":{"id-1":"web"}}"#);
}
