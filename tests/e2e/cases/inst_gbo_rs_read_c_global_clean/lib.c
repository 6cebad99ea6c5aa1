/* A C table of per-level limits, exported as a global array. */
const int c_limits[4] = {10, 20, 40, 80};
