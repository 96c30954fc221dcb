pub const MODULUS: u64 = 1_000_000_007;

pub fn count_ways(amount: u32, purse: &[(u32, u32)]) -> u64 {
    todo!("count ways to pay {amount} from {} pairs", purse.len())
}

pub fn fewest_coins(amount: u32, purse: &[(u32, u32)]) -> Option<u32> {
    todo!("fewest coins paying {amount} from {} pairs", purse.len())
}
