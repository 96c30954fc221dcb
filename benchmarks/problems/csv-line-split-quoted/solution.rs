#[derive(Debug, PartialEq, Eq)]
pub enum CsvError {
    UnterminatedQuote,
    UnexpectedChar { pos: usize },
}

pub fn split_csv_line(line: &str) -> Result<Vec<String>, CsvError> {
    let chars: Vec<char> = line.chars().collect();
    let mut fields = Vec::new();
    let mut i = 0;
    loop {
        let mut field = String::new();
        if i < chars.len() && chars[i] == '"' {
            i += 1;
            loop {
                if i >= chars.len() {
                    return Err(CsvError::UnterminatedQuote);
                }
                if chars[i] == '"' {
                    if i + 1 < chars.len() && chars[i + 1] == '"' {
                        field.push('"');
                        i += 2;
                    } else {
                        i += 1;
                        break;
                    }
                } else {
                    field.push(chars[i]);
                    i += 1;
                }
            }
            if i < chars.len() && chars[i] != ',' {
                return Err(CsvError::UnexpectedChar { pos: i });
            }
        } else {
            while i < chars.len() && chars[i] != ',' {
                field.push(chars[i]);
                i += 1;
            }
        }
        fields.push(field);
        if i >= chars.len() {
            break;
        }
        i += 1; // skip ','
    }
    Ok(fields)
}
