// Preloaded (node -r) into a process under test: as it exits, it prints one line naming every package it
// required, from require's cache, so a test can tell that an optional dependency was never loaded.
const { writeSync } = require('node:fs');

process.once('exit', () => {
  const packages = new Set();
  for (const file of Object.keys(require.cache)) {
    for (const match of file.matchAll(/[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/g)) packages.add(match[1].replace(/\\/g, '/'));
  }
  writeSync(1, `loaded packages: ${JSON.stringify([...packages].sort())}\n`);
});
