// `module = name` puts the API in a module of its own.
eventspec_macros::include_spec!("../../../../spec/normandy.yaml", module = normandy);

fn main() {
    let status: normandy::RecipeStatus = "sign_error".parse().unwrap();
    assert_eq!(status, normandy::RecipeStatus::SignatureInvalid);
    assert_eq!(normandy::PreferenceStudyEnroll::CATEGORY, "normandy");
}
