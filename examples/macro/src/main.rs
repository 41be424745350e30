//! The same API without a build script: `include_spec!` generates it while compiling.

// The path is relative to this crate's Cargo.toml.
eventspec_macros::include_spec!("../../spec/reader.yaml", module = reader);

use reader::{Event, PageOpen, PageOpenSource, PagesOpened};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let event: Event = PageOpen {
        value: "example.org".into(),
        source: PageOpenSource::Auto {
            rule: "news sites".into(),
        },
        pinned: false,
        words: 1200,
    }
    .into();
    let record = event.to_record(42)?;
    assert_eq!(Event::from_record(&record)?, event);
    println!("{} {}", event.name(), record.to_json());
    println!("scalar {}", PagesOpened::NAME);
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
