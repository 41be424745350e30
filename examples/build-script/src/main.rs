//! Records a Reader View event and decodes a record from the field.

/// The typed API generated from the spec.
mod reader {
    include!(concat!(env!("OUT_DIR"), "/reader.rs"));
}

use eventspec_runtime::RawEvent;
use reader::{Event, PageClose, PageCloseReason};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // `blocker` exists only on the reasons that send it: the types follow the spec's `when`.
    let event: Event = PageClose {
        value: "example.org".into(),
        reason: PageCloseReason::Blocked {
            blocker: "paywall".into(),
        },
        debug: None,
    }
    .into();
    let record = event.to_record(1_700_000)?;
    println!("{}", record.to_json());
    assert_eq!(Event::from_record(&record)?, event);

    // A record from the field: decoded into its type, or rejected with the reason.
    let line =
        r#"[5, "reader", "close", "page", "example.org", {"reason": "user", "blocker": "x"}]"#;
    let error = Event::from_record(&RawEvent::from_json_str(line)?).unwrap_err();
    println!("rejected: {error}");
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
