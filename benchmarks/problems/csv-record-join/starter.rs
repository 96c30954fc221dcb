pub fn join_csv_record(fields: &[&str], delimiter: char) -> String {
    todo!("join {fields:?} with {delimiter:?}")
}
