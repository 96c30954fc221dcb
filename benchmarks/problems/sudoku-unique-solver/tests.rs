use solution::*;

const P0: &str = "35.98...1....5....2..74..6...........18.....66.....347.....86.4.6..9..18...3...2.";
const S0: &str = "356982471147653892289741563734526189918437256625819347592178634463295718871364925";

const CASES: [(&str, &str); 5] = [
    (
        "3..49......1.......9658..7...5263...9...7..362.........5.7...2...8......6..1....3",
        "327496518581327469496581372875263941914875236263914857159738624738642195642159783",
    ),
    (
        ".5......9...1..58.6.9.2....1...8.9.7......4.8.4...3.1...5.....1...7.4..396...2...",
        "852347169734196582619528374126485937397261458548973216475639821281754693963812745",
    ),
    (
        ".8...65....4...8..3...7....1.9.6...3....9.4.6.4...87....8..46..2....7....91.....8",
        "987146532614523897352879164179465283823791456546238719738914625265387941491652378",
    ),
    (
        ".........1...5..2896....7...5.6.....6.98.71.....31........8..59..3....7..1.5..64.",
        "284173596137956428965248713351694287649827135872315964426781359593462871718539642",
    ),
    (
        "..3.58......2.....71.3.4.......43.86..1...543..5......5....1.....7.2.8..9.....76.",
        "493658217856217394712394658279543186681972543345186972538761429167429835924835761",
    ),
];

fn assert_valid_solution(puzzle: &str, sol: &str) {
    let d: Vec<u8> = sol.bytes().map(|b| b - b'0').collect();
    assert_eq!(d.len(), 81);
    for (p, s) in puzzle.bytes().zip(sol.bytes()) {
        if p != b'.' {
            assert_eq!(p, s);
        }
    }
    for k in 0..9 {
        let mut row = 0u16;
        let mut col = 0u16;
        let mut bx = 0u16;
        for t in 0..9 {
            row |= 1 << d[k * 9 + t];
            col |= 1 << d[t * 9 + k];
            bx |= 1 << d[(k / 3 * 3 + t / 3) * 9 + k % 3 * 3 + t % 3];
        }
        assert_eq!((row, col, bx), (0b11_1111_1110, 0b11_1111_1110, 0b11_1111_1110));
    }
}

#[test]
fn solves_example() {
    assert_eq!(solve(P0), Ok(S0.to_string()));
}

#[test]
fn solves_several_minimal_puzzles() {
    for (p, s) in CASES {
        let got = solve(p).unwrap();
        assert_valid_solution(p, &got);
        assert_eq!(got, s);
    }
}

#[test]
fn puzzles_hard_for_plain_backtracking() {
    let hard = [
        (
            "............13..7....9.7546.7.....1.3...2....8....9..3.........2.37..9...1.4.56..",
            "987654321654132879132987546579346218346821795821579463495263187263718954718495632",
        ),
        (
            ".........21..97...5.4.....8.....2....4..1..87.....5264...9....53....6..27.6.41...",
            "987654321213897456564123798875462913642319587139785264421938675398576142756241839",
        ),
    ];
    for (p, s) in hard {
        assert_eq!(solve(p), Ok(s.to_string()));
        assert_eq!(count_solutions(p, 5), Ok(1));
    }
}

#[test]
fn whitespace_and_zero_for_empty() {
    let pretty: String = P0
        .as_bytes()
        .chunks(9)
        .map(|row| {
            let r: String = row.iter().map(|&b| if b == b'.' { '0' } else { b as char }).collect();
            format!("  {} {} {}\n", &r[0..3], &r[3..6], &r[6..9])
        })
        .collect();
    assert_eq!(solve(&pretty), Ok(S0.to_string()));
    assert_eq!(solve(&format!("\t{P0}\r\n")), Ok(S0.to_string()));
}

#[test]
fn full_grid_given() {
    assert_eq!(solve(S0), Ok(S0.to_string()));
    assert_eq!(count_solutions(S0, 3), Ok(1));
}

#[test]
fn invalid_format() {
    assert_eq!(solve(&P0[..80]), Err(SudokuError::InvalidFormat));
    assert_eq!(solve(&format!("{P0}.")), Err(SudokuError::InvalidFormat));
    assert_eq!(solve(&P0.replacen('.', "x", 1)), Err(SudokuError::InvalidFormat));
    assert_eq!(solve(&P0.replacen('.', "_", 1)), Err(SudokuError::InvalidFormat));
    assert_eq!(solve(""), Err(SudokuError::InvalidFormat));
    assert_eq!(count_solutions(&P0[..80], 5), Err(SudokuError::InvalidFormat));
    // format is checked before contradictions
    let bad = format!("11{}", &P0[2..80]);
    assert_eq!(solve(&bad), Err(SudokuError::InvalidFormat));
}

#[test]
fn contradictions() {
    let row = format!("1......1.{}", ".".repeat(72));
    assert_eq!(solve(&row), Err(SudokuError::Contradiction));
    let col = format!("5{}5{}", ".".repeat(62), ".".repeat(17));
    assert_eq!(solve(&col), Err(SudokuError::Contradiction));
    let bx = format!("....7....{}7{}", ".".repeat(5), ".".repeat(66));
    assert_eq!(solve(&bx), Err(SudokuError::Contradiction));
    assert_eq!(count_solutions(&bx, 10), Err(SudokuError::Contradiction));
    // same digit in different rows, columns and boxes is fine
    let ok = format!("7{}7{}", ".".repeat(12), ".".repeat(67));
    assert_eq!(count_solutions(&ok, 1), Ok(1));
}

#[test]
fn no_solution() {
    let dead_cell = format!(".12345678{}9{}", "", ".".repeat(71));
    assert_eq!(solve(&dead_cell), Err(SudokuError::NoSolution));
    assert_eq!(count_solutions(&dead_cell, 10), Ok(0));
    let changed = "75.98...1....5....2..74..6...........18.....66.....347.....86.4.6..9..18...3...2.";
    assert_eq!(solve(changed), Err(SudokuError::NoSolution));
    assert_eq!(count_solutions(changed, 10), Ok(0));
}

#[test]
fn multiple_solutions() {
    let empty = ".".repeat(81);
    assert_eq!(solve(&empty), Err(SudokuError::MultipleSolutions));
    assert_eq!(count_solutions(&empty, 1000), Ok(1000));
    assert_eq!(count_solutions(&empty, 0), Ok(0));
    let two = "35.98...1....5....2..74..6...........18......6.....347.....86.4.6..9..18...3...2.";
    assert_eq!(solve(two), Err(SudokuError::MultipleSolutions));
    assert_eq!(count_solutions(two, 100), Ok(2));
    let many = "35.98...1....5....2..74..6...........18.....66......47.....86.4.6..9..18...3...2.";
    assert_eq!(count_solutions(many, 1000), Ok(452));
    assert_eq!(count_solutions(many, 100), Ok(100));
}
