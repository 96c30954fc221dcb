pub fn to_snake_case(ident: &str) -> String {
    todo!("snake case of {ident:?}")
}
