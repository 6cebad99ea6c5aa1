// A Rust staticlib that exports a 10-entry lookup table to C.
#[no_mangle]
pub static RS_WEIGHTS: [u8; 10] = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89];

#[no_mangle]
pub extern "C" fn rs_weight_count() -> usize {
    RS_WEIGHTS.len()
}
