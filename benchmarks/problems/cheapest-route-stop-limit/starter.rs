#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub cost: u64,
    pub path: Vec<String>,
}

pub fn cheapest_route(
    flights: &[(&str, &str, u32)],
    origin: &str,
    destination: &str,
    max_stops: usize,
) -> Option<Route> {
    todo!("{} flights, {origin} -> {destination}, at most {max_stops} stops", flights.len())
}
