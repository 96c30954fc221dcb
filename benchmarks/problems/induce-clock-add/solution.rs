pub fn transform(time: &str, minutes: i32) -> String {
    let (h, m) = time.split_once(':').unwrap();
    let start = h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap();
    let total = (start + minutes as i64).rem_euclid(24 * 60);
    format!("{:02}:{:02}", total / 60, total % 60)
}
