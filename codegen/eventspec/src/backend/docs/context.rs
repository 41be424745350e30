//! What the templates see: the model's fields, `spec_file`, and `enrollment_id` (the
//! enrollment-id section of whichever category declares it: extras of every category link to
//! it), read from the model where it is.
//!
//! Converting the whole model into template values up front copied it: at 10,000 events,
//! 57 MB beside the model's own 52 (BENCHMARKS.md, session 9). Here the long lists (the
//! categories, their objects, an object's events) are objects that make a value of an item
//! when a template reaches it, and an object keeps its events' values while a template is on
//! it (the Markdown page walks them twice), not after.

use std::sync::{Arc, OnceLock};

use minijinja::value::{Enumerator, Object, ObjectRepr, Serde, Value};

use crate::model::{Category, Model, Object as ModelObject};

/// The template context: the root of the model.
#[derive(Debug)]
pub(super) struct Root {
    pub(super) model: Arc<Model>,
    pub(super) spec_file: String,
}

impl Object for Root {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let m = &self.model;
        Some(match key.as_str()? {
            "title" => Value::from(m.title.as_str()),
            "introduction" => Value::from(Serde(&m.introduction)),
            "references" => Value::from(Serde(&m.references)),
            "uptake" => Value::from(Serde(&m.uptake)),
            "scalars" => Value::from(Serde(&m.scalars)),
            "metadata" => Value::from(Serde(&m.metadata)),
            "events" => Value::from_object(Categories(Arc::clone(m))),
            "spec_file" => Value::from(self.spec_file.as_str()),
            "enrollment_id" => Value::from(Serde(&m.enrollment_id())),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&[
            "title",
            "introduction",
            "references",
            "uptake",
            "scalars",
            "metadata",
            "events",
            "spec_file",
            "enrollment_id",
        ])
    }
}

/// The categories, in spec order.
#[derive(Debug)]
struct Categories(Arc<Model>);

impl Object for Categories {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = key.as_usize()?;
        self.0.events.get(i)?;
        Some(Value::from_object(CategoryView {
            model: Arc::clone(&self.0),
            category: i,
        }))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.events.len())
    }
}

/// One category.
#[derive(Debug)]
struct CategoryView {
    model: Arc<Model>,
    category: usize,
}

impl CategoryView {
    fn get(&self) -> &Category {
        &self.model.events[self.category]
    }
}

impl Object for CategoryView {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let c = self.get();
        Some(match key.as_str()? {
            "title" => Value::from(c.title.as_str()),
            "description" => Value::from(Serde(&c.description)),
            "name" => Value::from(c.name.as_str()),
            "enrollment_id" => Value::from(Serde(&c.enrollment_id)),
            "metadata" => Value::from(Serde(&c.metadata)),
            "metadata_fields" => Value::from(Serde(&c.metadata_fields)),
            "objects" => Value::from_object(Objects {
                model: Arc::clone(&self.model),
                category: self.category,
            }),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&[
            "title",
            "description",
            "name",
            "enrollment_id",
            "objects",
            "metadata",
            "metadata_fields",
        ])
    }
}

/// A category's objects, in spec order.
#[derive(Debug)]
struct Objects {
    model: Arc<Model>,
    category: usize,
}

impl Object for Objects {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = key.as_usize()?;
        self.model.events[self.category].objects.get(i)?;
        Some(Value::from_object(ObjectView {
            model: Arc::clone(&self.model),
            category: self.category,
            object: i,
            events: OnceLock::new(),
        }))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.model.events[self.category].objects.len())
    }
}

/// One object; its events' values are made once while a template holds it.
#[derive(Debug)]
struct ObjectView {
    model: Arc<Model>,
    category: usize,
    object: usize,
    events: OnceLock<Value>,
}

impl ObjectView {
    fn get(&self) -> &ModelObject {
        &self.model.events[self.category].objects[self.object]
    }
}

impl Object for ObjectView {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let o = self.get();
        Some(match key.as_str()? {
            "name" => Value::from(o.name.as_str()),
            "title" => Value::from(o.title.as_str()),
            "rust_name" => Value::from(o.rust_name.as_str()),
            "events" => self
                .events
                .get_or_init(|| {
                    Value::from_object(Events {
                        model: Arc::clone(&self.model),
                        category: self.category,
                        object: self.object,
                        made: (0..o.events.len()).map(|_| OnceLock::new()).collect(),
                    })
                })
                .clone(),
            _ => return None,
        })
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&["name", "title", "events", "rust_name"])
    }
}

/// An object's events, each made into a value when first reached.
#[derive(Debug)]
struct Events {
    model: Arc<Model>,
    category: usize,
    object: usize,
    made: Vec<OnceLock<Value>>,
}

impl Object for Events {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = key.as_usize()?;
        let event = self.model.events[self.category].objects[self.object]
            .events
            .get(i)?;
        Some(
            self.made[i]
                .get_or_init(|| Value::from(Serde(event)))
                .clone(),
        )
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.made.len())
    }
}
