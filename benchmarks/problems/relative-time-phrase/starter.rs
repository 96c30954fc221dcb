pub fn relative_time(delta_secs: i64) -> String {
    todo!("phrase for {delta_secs}")
}
