//! ffisan pass test program: Rust calling its lib and (when built with
//! cside.c) C. `plant` makes the C side write one byte past a Rust Vec.
extern crate ffisan_pass_test as lib;

#[cfg(cside)]
extern "C" {
    fn c_fill(p: *mut u8, n: usize) -> u32;
}

fn main() {
    let mut c = lib::Counter::new();
    for w in "a b c a".split(' ') {
        c.add(w);
    }
    let sum = lib::rs_sum(lib::TABLE.as_ptr(), 8);
    println!("{} {} {} {:?} {}", c.total(), lib::lookup(3), sum, lib::checked(200), lib::unwinds(1));
    #[cfg(cside)]
    {
        let plant = std::env::args().nth(1).as_deref() == Some("plant");
        let mut v = vec![0u8; 16];
        let n = if plant { 17 } else { 16 };
        println!("{}", unsafe { c_fill(v.as_mut_ptr(), n) });
    }
}
