// A Rust statistics routine for C callers: the mean of `n` u32 samples.
#[no_mangle]
pub unsafe extern "C" fn rs_mean(samples: *const u32, n: usize) -> u32 {
    let s: &[u32] = std::slice::from_raw_parts(samples, n);
    let mut total = 0u64;
    let mut i = 0;
    while i < s.len() {
        total += s[i] as u64;
        i += 1;
    }
    if n == 0 { 0 } else { (total / n as u64) as u32 }
}
