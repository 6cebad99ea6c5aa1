// Rust indexes a C global array through a raw pointer with a level one past
// the table: global-buffer-overflow by a plain Rust load (main.rs via
// ffisan-rustc; lib.c via ffisan-cc gives the global its redzone).
extern "C" {
    static c_limits: [i32; 4];
}

fn limit(level: usize) -> i32 {
    let p = std::ptr::addr_of!(c_limits) as *const i32;
    unsafe { *p.add(level) } // line:read
}

fn main() {
    let levels = std::hint::black_box(4usize); // BUG: levels 0..=3
    let top = limit(levels); // line:call
    eprintln!("done: {top}");
}
