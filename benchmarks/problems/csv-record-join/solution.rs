pub fn join_csv_record(fields: &[&str], delimiter: char) -> String {
    assert!(
        delimiter != '"' && delimiter != '\r' && delimiter != '\n',
        "invalid delimiter"
    );
    if fields.len() == 1 && fields[0].is_empty() {
        return "\"\"".to_string();
    }
    let mut out = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(delimiter);
        }
        let needs = f.contains(delimiter)
            || f.contains('"')
            || f.contains('\r')
            || f.contains('\n')
            || f.starts_with(' ')
            || f.ends_with(' ');
        if needs {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out
}
