// Clean twin of inst_gbo_rs_read_c_global: the top level is 3.
extern "C" {
    static c_limits: [i32; 4];
}

fn limit(level: usize) -> i32 {
    let p = std::ptr::addr_of!(c_limits) as *const i32;
    unsafe { *p.add(level) }
}

fn main() {
    let levels = std::hint::black_box(3usize);
    let top = limit(levels);
    eprintln!("done: {top}");
}
