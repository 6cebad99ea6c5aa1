// Rust hands C the address of a static table, C free()s it:
// invalid-free (global address).
extern "C" {
    fn c_release(p: *mut u8);
}

static mut TABLE: [u64; 16] = [7; 16];

#[inline(never)]
fn hand_over_table() {
    let p = unsafe { std::ptr::addr_of_mut!(TABLE) } as *mut u8;
    unsafe { c_release(p.add(16)) }; // line:call
    std::hint::black_box(());
}

fn main() {
    hand_over_table();
    eprintln!("done");
}
