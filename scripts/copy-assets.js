// Copies the data files the compiled code reads at run time (frameworks, schemas) into dist/.
import { cpSync, readdirSync, statSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const SRC = new URL('../src/', import.meta.url).pathname;
const DIST = new URL('../dist/', import.meta.url).pathname;
const DATA = /\.(ya?ml|json)$/;

function copyData(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'fixtures' && name !== 'test-support') copyData(path);
    } else if (DATA.test(name)) {
      const target = join(DIST, relative(SRC, path));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}
copyData(SRC);
