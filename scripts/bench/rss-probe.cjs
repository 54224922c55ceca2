// Preloaded into a benchmarked process (node --require): on exit, writes the process's peak
// resident set size (bytes) to the file named by LA_BENCH_RSS_FILE. Measured inside the process
// because a child that has exited can no longer be read in /proc.
const fs = require('node:fs');
const out = process.env.LA_BENCH_RSS_FILE;
if (out) process.on('exit', () => fs.writeFileSync(out, String(process.resourceUsage().maxRSS * 1024)));
